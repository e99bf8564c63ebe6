package dev.vertx.elasticsearch.benchmarks.jmh;

import dev.vertx.elasticsearch.benchmarks.Documents;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.SearchHits;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.client.impl.ElasticsearchClientImpl;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.testing.CannedTransport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client's hot paths without I/O: request encoding, response decoding and NDJSON writing.
 *
 * <p>{@code java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' org.openjdk.jmh.Main HotPath}
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmarks extends JmhDefaults {

  private Buffer searchBody;
  private Buffer prebuiltQuery;
  private MultiMap responseHeaders;
  private ElasticsearchClient client;
  private List<BulkOperation> pojoOps;
  private List<BulkOperation> jsonOps;

  @Setup
  public void setup() {
    searchBody = Buffer.buffer(Documents.searchResponse("bench"));
    prebuiltQuery = Documents.query().toBuffer();
    responseHeaders = HttpHeaders.headers().set("X-Elastic-Product", "Elasticsearch")
      .set("content-type", "application/vnd.elasticsearch+json;compatible-with=9");
    TransportResponse canned = new TransportResponse(200, responseHeaders, searchBody, "http://localhost:9200",
      List.of(), List.of());
    // The client over a transport that answers at once: what the client adds on top of the HTTP exchange.
    client = new ElasticsearchClientImpl(new CannedTransport(canned), null);
    pojoOps = new ArrayList<>();
    jsonOps = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      pojoOps.add(BulkOperation.index("bench", new Documents.Doc(i)).id(Documents.id(i)));
      jsonOps.add(BulkOperation.index("bench", new Documents.Doc(i).toJson()).id(Documents.id(i)));
    }
  }

  /** A search request with a JSON body built by the application, to a transport request (body serialised). */
  @Benchmark
  public TransportRequest encodeSearchRequest() {
    return new SearchRequest().index("bench").body(Documents.query()).toTransportRequest();
  }

  /** The same with a body the application serialised before: path, parameters and headers only. */
  @Benchmark
  public TransportRequest encodeSearchRequestPrebuiltBody() {
    return new SearchRequest().index("bench").body(prebuiltQuery).toTransportRequest();
  }

  /** The whole client call over an instant transport: request, serialisation, error mapping, response wrapper. */
  @Benchmark
  public ElasticsearchResponse clientSearchOverInstantTransport() {
    return client.search(new SearchRequest().index("bench").body(Documents.query())).result();
  }

  /** A 2 KB, 10-hit search answer to a {@code JsonObject}. */
  @Benchmark
  public JsonObject decodeSearchToJsonObject() {
    return response().body();
  }

  /** The same answer to POJOs through {@code hits(Class)}. */
  @Benchmark
  public SearchHits<Documents.Doc> decodeSearchToPojoHits() {
    return response().hits(Documents.Doc.class);
  }

  private ElasticsearchResponse response() {
    return new ElasticsearchResponse(new TransportResponse(200, responseHeaders, searchBody, "http://localhost:9200",
      List.of(), List.of()));
  }

  /** 500 small POJO documents to NDJSON (one bulk request body). */
  @Benchmark
  public Buffer ndjson500Pojo() {
    return ndjson(pojoOps);
  }

  /** 500 small {@code JsonObject} documents to NDJSON. */
  @Benchmark
  public Buffer ndjson500JsonObject() {
    return ndjson(jsonOps);
  }

  private static Buffer ndjson(List<BulkOperation> ops) {
    Buffer out = Buffer.buffer(500 * 256);
    for (BulkOperation op : ops) {
      out.appendBuffer(op.toNdjson());
    }
    return out;
  }
}
