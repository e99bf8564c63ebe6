package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.BulkRequest;
import dev.vertx.elasticsearch.client.api.core.DeleteRequest;
import dev.vertx.elasticsearch.client.api.core.GetRequest;
import dev.vertx.elasticsearch.client.api.core.IndexRequest;
import dev.vertx.elasticsearch.client.api.core.ReindexRethrottleRequest;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.BadRequestException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.CountingTcpProxy;
import dev.vertx.elasticsearch.testing.TestLog;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on the client side: what the client can know is refused before anything is sent (the byte-counting
 * relay in front of the node sees no byte), what only the server can judge comes back as a typed 4xx error, and
 * nothing is retried into a storm. Runs on the suite's cluster, whose {@code http.max_content_length} is small.
 */
@ExtendWith({ReliabilityReport.class, ReliabilityCluster.class})
class BadInputTest {

  private static Vertx vertx;
  private static EmbeddedElasticsearch cluster;
  private static CountingTcpProxy wire;
  private static ElasticsearchClient client;
  private static final String INDEX = "bad-input";

  /** A document Jackson cannot write. */
  public static final class Unwritable {
    /** @return never */
    public String getValue() {
      throw new IllegalStateException("cannot be written");
    }
  }

  @BeforeAll
  static void setUp(EmbeddedElasticsearch es) {
    cluster = es;
    vertx = Vertx.vertx();
    wire = CountingTcpProxy.start(vertx, es.httpUrl());
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(wire.url()).setCompatibilityVersion(es.majorVersion()).setRetry(new RetryConfig().withBackoff(1, 5))));
    result(client.perform(HttpMethod.PUT, "/" + INDEX, null, new JsonObject().put("settings",
      new JsonObject().put("number_of_shards", 1).put("number_of_replicas", 0))));
  }

  @AfterAll
  static void tearDown() {
    if (client != null) {
      client.perform(HttpMethod.DELETE, "/" + INDEX, null, null).otherwiseEmpty();
      result(client.close());
    }
    if (wire != null) {
      wire.close();
    }
    if (vertx != null) {
      result(vertx.close());
    }
  }

  /** Runs a call that must fail before sending: the relay sees no new connection and no byte. */
  private static Throwable refusedBeforeSending(String what, Supplier<Future<ElasticsearchResponse>> call) {
    long bytes = wire.bytesReceived();
    int connections = wire.acceptedConnections();
    Throwable error = Await.failure(call.get());
    assertThat(wire.bytesReceived()).as(what + ": bytes sent").isEqualTo(bytes);
    assertThat(wire.acceptedConnections()).as(what + ": connections opened").isEqualTo(connections);
    assertThat(error.getMessage()).as(what + ": message").isNotBlank();
    TestLog.info("bad input (client side) %-45s -> %s: %s%n", what, error.getClass().getSimpleName(),
      error.getMessage());
    ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, 1);
    ReliabilityReport.add("bad input refused before sending", 1);
    return error;
  }

  @Test
  void whatTheClientCanJudgeIsRefusedBeforeAnythingIsSent() {
    assertThat(refusedBeforeSending("get without index", () -> client.get(new GetRequest().id("1"))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index");
    assertThat(refusedBeforeSending("get without id", () -> client.get(new GetRequest().index(INDEX))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    assertThat(refusedBeforeSending("index with an empty index name", () -> client.index(new IndexRequest().index("")
      .id("1").body(new JsonObject())))).isInstanceOf(IllegalArgumentException.class);
    assertThat(refusedBeforeSending("index without body", () -> client.index(new IndexRequest().index(INDEX).id("1"))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body");
    assertThat(refusedBeforeSending("required query parameter missing", () -> client.reindexRethrottle(
      new ReindexRethrottleRequest().taskId("node:1")))).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("requests_per_second");
    assertThat(refusedBeforeSending("unwritable document (API)", () -> client.index(new IndexRequest().index(INDEX)
      .id("1").body(new Unwritable())))).isInstanceOf(SerializationException.class);
    assertThat(refusedBeforeSending("unwritable document (perform)", () -> client.perform(HttpMethod.PUT,
      "/" + INDEX + "/_doc/1", null, new Unwritable()))).isInstanceOf(SerializationException.class);
    assertThat(refusedBeforeSending("NDJSON line with an embedded newline", () -> client.bulk(new BulkRequest()
      .index(INDEX).body(List.of("{\"index\":{\"_id\":\"x\"}}", "{\"a\":\n1}")))))
      .isInstanceOf(SerializationException.class).hasMessageContaining("newline");
    assertThat(refusedBeforeSending("NDJSON line that cannot be written", () -> client.bulk(new BulkRequest()
      .index(INDEX).body(List.of(new JsonObject().put("index", new JsonObject()), new Unwritable())))))
      .isInstanceOf(SerializationException.class);
    assertThat(refusedBeforeSending("path not starting with /", () -> client.perform(HttpMethod.GET, "_search",
      null, null))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyIdIsNotTurnedIntoAnAutoGeneratedId() {
    // index(id "") must not become POST /{index}/_doc, which would create a document with a random id (and a new
    // one on every retry): either the client refuses it or the server does.
    long before = count();
    Future<ElasticsearchResponse> call = client.index(new IndexRequest().index(INDEX).id("").body(new JsonObject()
      .put("empty-id", true)).refresh("true"));
    Throwable error = call.failed() || !call.isComplete() ? callFailure(call) : null;
    long after = count();
    String what = error == null ? "created " + (after - before) + " document(s) with a generated id"
      : error.getClass().getSimpleName() + ": " + error.getMessage();
    TestLog.info("%s", "bad input: index with id \"\" -> " + what);
    ReliabilityReport.note("index with id \"\"", what);
    assertThat(after - before).as("documents created by an index call with an empty id").isZero();
    assertThat(error).isInstanceOfAny(IllegalArgumentException.class, BadRequestException.class);
  }

  private static Throwable callFailure(Future<ElasticsearchResponse> call) {
    return Await.result(call.transform(ar -> Future.succeededFuture(ar.cause())));
  }

  private static long count() {
    result(client.perform(HttpMethod.POST, "/" + INDEX + "/_refresh", null, null));
    return result(client.perform(HttpMethod.GET, "/" + INDEX + "/_count", null, null)).body().getLong("count");
  }

  @Test
  void whatOnlyTheServerCanJudgeIsATyped400AndNotRetried() {
    Map<String, String> badIndices = new java.util.LinkedHashMap<>();
    badIndices.put("uppercase", "BadIndex");
    badIndices.put("leading underscore", "_private");
    badIndices.put("too long (256 bytes)", "a".repeat(256));
    badIndices.put("with #", "a#b");
    badIndices.put("with *", "a*b");
    badIndices.put("with ,", "a,b");
    badIndices.put("with space", "a b");
    badIndices.put("dot dot", "..");
    badIndices.forEach((what, name) -> {
      Throwable error = Await.failure(client.index(new IndexRequest().index(name).id("1")
        .body(new JsonObject().put("a", 1))));
      TestLog.info("bad input (server side) index name %-22s -> %s%n", what, error);
      assertThat(error).as(what).isInstanceOf(BadRequestException.class);
      assertThat(((ApiException) error).attemptErrors()).as(what + ": retried").isEmpty();
      ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, 1);
    });
    Throwable longId = Await.failure(client.index(new IndexRequest().index(INDEX).id("i".repeat(513))
      .body(new JsonObject().put("a", 1))));
    TestLog.info("%s", "bad input (server side) id of 513 bytes -> " + longId);
    assertThat(longId).isInstanceOf(BadRequestException.class);
    ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, 1);
  }

  @Test
  void pathTricksInIdsStayInsideTheirSegment() {
    // An id made of path syntax is one encoded segment: it names a document, never another endpoint or index.
    for (String id : List.of("..", "../../" + INDEX, "a/../../_all", "%2e%2e", "?q=1", "#frag", "\u00e9t\u00e9 \uD83D\uDE80")) {
      ElasticsearchResponse written = result(client.index(new IndexRequest().index(INDEX).id(id)
        .body(new JsonObject().put("id", id)).refresh("true")));
      assertThat(written.body().getString("_id")).isEqualTo(id);
      ElasticsearchResponse got = result(client.get(new GetRequest().index(INDEX).id(id)));
      assertThat(got.body().getJsonObject("_source").getString("id")).isEqualTo(id);
      result(client.delete(new DeleteRequest().index(INDEX).id(id).refresh("true")));
    }
    // the index is still there
    assertThat(result(client.perform(HttpMethod.HEAD, "/" + INDEX, null, null)).status()).isEqualTo(200);
  }

  @Test
  void aRequestOverTheServersContentLimitFailsTypedAndBoundedAndThePoolStaysUsable() {
    // Elasticsearch answers 413 as soon as it reads the Content-Length and closes the connection while the client
    // is still writing the body; whether the 413 reaches the client is a race it usually loses (the write fails
    // with a broken pipe / "Connection was closed" first), and that connection error is then retried. Recorded, not
    // hidden: the outcome is printed and goes into the report. What must hold either way: a typed error, no more
    // than maxRetries + 1 uploads, and a usable pool afterwards.
    String big = "x".repeat(ReliabilityCluster.MAX_CONTENT_BYTES + 512 * 1024);
    long bytes = wire.bytesReceived();
    long start = System.nanoTime();
    Throwable error = Await.failure(client.index(new IndexRequest().index(INDEX).id("huge")
      .body(new JsonObject().put("pad", big))));
    long millis = (System.nanoTime() - start) / 1_000_000;
    long sent = wire.bytesReceived() - bytes;
    int attempts = 1 + ((ElasticsearchException) error).attemptErrors().size();
    String line = String.format("%s after %d attempt(s), %d bytes on the wire, %d ms", error, attempts, sent, millis);
    TestLog.info("%s", "bad input: document of " + big.length() + " bytes over http.max_content_length="
      + ReliabilityCluster.MAX_CONTENT_LENGTH + " -> " + line);
    ReliabilityReport.note("document over http.max_content_length", line);
    if (error instanceof ApiException api) {
      assertThat(api.status()).isEqualTo(413);
    } else {
      assertThat(error).isInstanceOf(dev.vertx.elasticsearch.error.ConnectionException.class);
    }
    assertThat(attempts).isLessThanOrEqualTo(TransportOptions.DEFAULT_RETRY.maxRetries() + 1);
    assertThat(sent).isLessThanOrEqualTo((long) attempts * (big.length() + 4096));
    ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, 1);
    // the connection pool is still usable
    assertThat(result(client.perform(HttpMethod.GET, "/" + INDEX + "/_count", null, null)).status()).isEqualTo(200);
  }

  @Test
  void aRequestOverTheConfiguredMaximumIsRefusedBeforeAnyByteIsSent() {
    ElasticsearchClient bounded = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(wire.url()).setCompatibilityVersion(cluster.majorVersion())
        .setMaxRequestSize(ReliabilityCluster.MAX_CONTENT_BYTES)));
    long bytes = wire.bytesReceived();
    Throwable error = Await.failure(bounded.index(new IndexRequest().index(INDEX).id("huge")
      .body(new JsonObject().put("pad", "x".repeat(ReliabilityCluster.MAX_CONTENT_BYTES)))));
    assertThat(error).isInstanceOf(dev.vertx.elasticsearch.error.RequestTooLargeException.class)
      .hasMessageContaining("maximum request size");
    assertThat(wire.bytesReceived()).isEqualTo(bytes);
    assertThat(result(bounded.perform(HttpMethod.GET, "/" + INDEX + "/_count", null, null)).status()).isEqualTo(200);
    result(bounded.close());
  }

  @Test
  void theBulkHelperFlattensPrettyPrintedDocumentsAndKeepsEscapedNewlines() {
    String pretty = "{\n  \"title\" : \"pretty\",\n  \"n\" : 1\n}";
    BulkSummary summary = result(ElasticsearchHelpers.bulk(vertx, client, List.of(
      BulkOperation.index(INDEX, Buffer.buffer(pretty)).id("pretty"),
      BulkOperation.index(INDEX, new JsonObject().put("title", "line1\nline2\r\nline3")).id("escaped")),
      new BulkOptions().setRefreshOnCompletion(true)));
    assertThat(summary.failures()).isEmpty();
    assertThat(summary.stats().successes()).isEqualTo(2);
    assertThat(result(client.get(new GetRequest().index(INDEX).id("pretty"))).body().getJsonObject("_source")
      .getInteger("n")).isEqualTo(1);
    assertThat(result(client.get(new GetRequest().index(INDEX).id("escaped"))).body().getJsonObject("_source")
      .getString("title")).isEqualTo("line1\nline2\r\nline3");
  }
}
