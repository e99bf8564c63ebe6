package dev.vertx.elasticsearch.benchmarks.jmh;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vertx.elasticsearch.benchmarks.Documents;
import dev.vertx.elasticsearch.client.impl.ElasticsearchClientImpl;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.testing.CannedTransport;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.jackson.DatabindCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The bulk helper's work per document without I/O, against the floor's: 500 documents (one request) through a
 * long-lived {@link BulkIngester} over a transport that answers at once ({@code errors: false}), against the same 500
 * documents written into one request body with one Jackson generator. Both run on a Vert.x context, reached with one
 * hop per 500 documents, so the ratio of the two is what the helper adds per document in steady state.
 *
 * <p>{@code java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' org.openjdk.jmh.Main BulkIngest}
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BulkIngestBenchmarks extends JmhDefaults {

  private static final int DOCS = 500;
  private static final ObjectWriter DOC_WRITER = DatabindCodec.mapper().writer()
    .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private Vertx vertx;
  private Context context;
  private BulkIngester ingester;
  private List<Documents.Doc> docs;
  private List<String> ids;

  @Setup
  public void setup() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    TransportResponse answer = new TransportResponse(200, HttpHeaders.headers()
      .set("X-Elastic-Product", "Elasticsearch").set("content-type", "application/json"),
      Buffer.buffer("{\"errors\":false,\"took\":1,\"items\":[]}"), "http://localhost:9200", List.of(), List.of());
    ElasticsearchClientImpl client = new ElasticsearchClientImpl(new CannedTransport(answer), null);
    ingester = onContext(() -> Future.succeededFuture(ElasticsearchHelpers.bulkIngester(vertx, client,
      new BulkOptions().setRefreshOnCompletion(false))));
    docs = new ArrayList<>();
    ids = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      docs.add(new Documents.Doc(i));
      ids.add(Documents.id(i));
    }
  }

  @TearDown
  public void tearDown() {
    onContext(() -> ingester.end());
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** 500 index operations through the bulk ingester, flushed: serialised, sent, answered and recorded. */
  @Benchmark
  public Object helper500() {
    return onContext(() -> {
      for (int i = 0; i < DOCS; i++) {
        ingester.write(BulkOperation.index("bench", docs.get(i)).id(ids.get(i)));
      }
      return ingester.flush();
    });
  }

  /** The floor: the same 500 documents written into one {@code _bulk} body with one generator. */
  @Benchmark
  public Object raw500() {
    return onContext(() -> {
      ByteBuf bytes = Unpooled.buffer(DOCS * 240);
      try (JsonGenerator g = DOC_WRITER.createGenerator((OutputStream) new ByteBufOutputStream(bytes))) {
        g.setRootValueSeparator(null);
        for (int i = 0; i < DOCS; i++) {
          g.writeStartObject();
          g.writeObjectFieldStart("index");
          g.writeStringField("_index", "bench");
          g.writeStringField("_id", ids.get(i));
          g.writeEndObject();
          g.writeEndObject();
          g.writeRaw('\n');
          DOC_WRITER.writeValue(g, docs.get(i));
          g.writeRaw('\n');
        }
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
      return Future.succeededFuture(BufferInternal.buffer(bytes));
    });
  }

  /** @return the id of the event-loop thread the benchmarks run on, for its CPU time */
  public long eventLoopThreadId() {
    return onContext(() -> Future.succeededFuture(Thread.currentThread().getId()));
  }

  private <T> T onContext(Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future().toCompletionStage().toCompletableFuture().join();
  }
}
