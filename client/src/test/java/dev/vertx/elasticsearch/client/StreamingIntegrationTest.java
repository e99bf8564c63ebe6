package dev.vertx.elasticsearch.client;

import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.BulkRequest;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.NotFoundException;
import dev.vertx.elasticsearch.error.RequestTooLargeException;
import dev.vertx.elasticsearch.testing.CountingTcpProxy;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.NdjsonSource;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming bodies against the real node: NDJSON request bodies from a {@code ReadStream} (generated request and
 * {@code perform}, gzip on the way, the size limit, a retry that leaves the stream untouched) and answers read as
 * back-pressured streams (search, {@code _cat}, typed errors).
 */
@ExtendWith({VertxExtension.class, EmbeddedElasticsearchExtension.class})
class StreamingIntegrationTest {

  private static final int DOCS = 20_000;

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private Context context;
  private ElasticsearchClient client;
  private String index;

  StreamingIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    client = client(new TransportOptions());
    index = "stream-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    result(client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404)))
      .perform(HttpMethod.DELETE, "/" + index, null, null));
    result(client.close());
  }

  private ElasticsearchClient client(TransportOptions options) {
    return ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(options
      .setHosts(options.getHosts().equals(List.of(TransportOptions.DEFAULT_HOST)) ? es.httpUrls() : options.getHosts())
      .setCompatibilityVersion(es.majorVersion())));
  }

  private long count() {
    result(client.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null));
    return result(client.perform(HttpMethod.GET, "/" + index + "/_count", null, null)).body().getLong("count");
  }

  @Test
  void aGeneratedBulkRequestTakesAStreamBody() {
    NdjsonSource source = NdjsonSource.bulk(context, index, DOCS, 500);
    ElasticsearchResponse response = result(client.bulk(new BulkRequest().body(source)));
    assertThat(response.body().getBoolean("errors")).isFalse();
    assertThat(response.body().getJsonArray("items")).hasSize(DOCS);
    assertThat(count()).isEqualTo(DOCS);
    assertThat(source.bytesEmitted()).isEqualTo(NdjsonSource.lines(index, 0, DOCS).length());
  }

  @Test
  void performSendsAStreamGzippedChunkByChunk() {
    ElasticsearchClient gzip;
    NdjsonSource source = NdjsonSource.bulk(context, index, DOCS, 500);
    try (CountingTcpProxy wire = CountingTcpProxy.start(vertx, es.httpUrl())) {
      gzip = client(new TransportOptions().setHosts(wire.url()).setCompressRequests(true));
      ElasticsearchResponse response = result(gzip.perform(HttpMethod.POST, "/_bulk",
        Map.of("filter_path", "errors,items.*.status"), source));
      assertThat(response.body().getBoolean("errors")).isFalse();
      // The body went compressed.
      assertThat(wire.bytesReceived()).isLessThan(source.bytesEmitted() / 3);
      result(gzip.close());
    }
    assertThat(count()).isEqualTo(DOCS);
  }

  @Test
  void aStreamPastTheMaximumRequestSizeIsAbortedAndNotRetried() {
    ElasticsearchClient limited = client(new TransportOptions().setMaxRequestSize(256 * 1024));
    NdjsonSource source = NdjsonSource.bulk(context, index, DOCS, 100);
    Throwable error = failure(limited.perform(HttpMethod.POST, "/_bulk", null, source));
    assertThat(error).isInstanceOf(RequestTooLargeException.class).hasMessageContaining("262144");
    assertThat(((RequestTooLargeException) error).attempts()).isEqualTo(1);
    // It stopped reading right after the limit: the rest of the stream was never generated.
    assertThat(source.bytesEmitted()).isLessThan(256 * 1024 + 64 * 1024);
    result(limited.close());
    // Elasticsearch saw an unfinished request and applied none of it: the index was never auto-created.
    assertThat(result(client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404)))
      .perform(HttpMethod.HEAD, "/" + index, null, null)).status()).isEqualTo(404);
  }

  @Test
  void anAttemptThatNeverConnectedLeavesTheStreamForTheNextNode() {
    ElasticsearchClient failover = client(new TransportOptions()
      .setHosts(FaultyServer.refusedUrl(), es.httpUrl()).setNodeSelectorName("round_robin"));
    NdjsonSource source = NdjsonSource.bulk(context, index, 2_000, 500);
    // Round robin starts at the refused node for the first request.
    ElasticsearchResponse response = result(failover.bulk(new BulkRequest().body(source)));
    assertThat(response.body().getBoolean("errors")).isFalse();
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(count()).isEqualTo(2_000);
    result(failover.close());
  }

  @Test
  void aSearchAnswerIsReadAsABackPressuredStream() {
    result(client.bulk(new BulkRequest().body(NdjsonSource.lines(index, 0, 3_000)).refresh("true")));
    ElasticsearchResponse whole = result(client.search(new SearchRequest().index(index).size(3_000)
      .body(new JsonObject().put("sort", new io.vertx.core.json.JsonArray().add("n")))));

    ElasticsearchStream stream = result(client.performStream(new SearchRequest().index(index).size(3_000)
      .body(new JsonObject().put("sort", new io.vertx.core.json.JsonArray().add("n"))).toTransportRequest()));
    assertThat(stream.status()).isEqualTo(200);
    // One chunk at a time, each asked for after the previous one arrived.
    Promise<Buffer> read = Promise.promise();
    Buffer all = Buffer.buffer();
    AtomicInteger chunks = new AtomicInteger();
    context.runOnContext(v -> {
      stream.body().pause();
      stream.body().handler(chunk -> {
        all.appendBuffer(chunk);
        chunks.incrementAndGet();
        vertx.setTimer(1, t -> stream.body().fetch(1));
      });
      stream.body().endHandler(e -> read.complete(all));
      stream.body().exceptionHandler(read::fail);
      stream.body().fetch(1);
    });
    JsonObject streamed = result(read.future()).toJsonObject();
    assertThat(chunks.get()).isGreaterThan(1);
    assertThat(streamed.getJsonObject("hits").getJsonArray("hits"))
      .isEqualTo(whole.body().getJsonObject("hits").getJsonArray("hits"));
    result(stream.completion());
  }

  @Test
  void catTextIsStreamedAndErrorsAreTyped() {
    result(client.perform(HttpMethod.PUT, "/" + index, null, null));
    ElasticsearchStream cat = result(client.performStream(HttpMethod.GET, "/_cat/indices/" + index,
      Map.of("h", "index,health", "format", "txt"), null));
    Promise<Buffer> text = Promise.promise();
    context.runOnContext(v -> cat.body().collect(java.util.stream.Collector.of(Buffer::buffer, Buffer::appendBuffer,
      Buffer::appendBuffer)).onComplete(text));
    assertThat(result(text.future()).toString()).startsWith(index + " ");

    Throwable missing = failure(client.performStream(HttpMethod.GET, "/no-such-index-" + index + "/_search", null,
      null));
    assertThat(missing).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) missing).errorType()).isEqualTo("index_not_found_exception");
  }
}
