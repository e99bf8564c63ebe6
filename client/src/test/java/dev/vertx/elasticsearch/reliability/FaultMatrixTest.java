package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.ResponseTooLargeException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.error.TooManyRequestsException;
import dev.vertx.elasticsearch.error.UnsupportedProductException;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.CountingTcpProxy;
import dev.vertx.elasticsearch.testing.FaultInjectingProxy;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.TestLog;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One row per fault kind, each against a fresh scripted server (or a fault-injecting proxy in front of the real node,
 * behind a byte-counting relay): the request ends with the documented typed error, or succeeds by retrying, within
 * the bounded wait; afterwards the client holds at most {@code connectionsPerNode} connections, and none after
 * {@code close()}. A table of injected faults, outcomes and elapsed times is printed at the end.
 */
@ExtendWith({ReliabilityReport.class, EmbeddedElasticsearchExtension.class})
class FaultMatrixTest {

  private static final int CONNECTIONS_PER_NODE = 2;
  private static final String JSON_OK = "{\"took\":1,\"hits\":{\"total\":{\"value\":0},\"hits\":[]}}";

  private static Vertx vertx;
  private static EmbeddedElasticsearch es;
  private static final Map<String, String> TABLE = new ConcurrentHashMap<>();
  private static final List<String> ORDER = new ArrayList<>();

  /**
   * @param name the fault kind
   * @param script what the scripted server does; {@code null} for a refused connection
   * @param options changes to the client options
   * @param parallel requests sent at once
   * @param error the expected failure type, {@code null} for success
   * @param attempts the expected attempts per request
   * @param bodyFails whether reading the successful response's JSON must fail with a {@link SerializationException}
   */
  record Row(String name, Consumer<Scripted> script, UnaryOperator<TransportOptions> options, int parallel,
             Class<? extends ElasticsearchException> error, int attempts, boolean bodyFails) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A scripted server whose faulty behaviours are counted. */
  record Scripted(FaultyServer server, AtomicLong injected) {
    FaultyServer.Behaviour counted(FaultyServer.Behaviour b) {
      return r -> {
        injected.incrementAndGet();
        b.handle(r);
      };
    }

    void then(FaultyServer.Behaviour... faults) {
      for (FaultyServer.Behaviour b : faults) {
        server.then(counted(b));
      }
    }

    void always(FaultyServer.Behaviour fault) {
      server.otherwise(counted(fault));
    }
  }

  static Stream<Row> rows() {
    UnaryOperator<TransportOptions> same = o -> o;
    return Stream.of(
      new Row("connection refused, beyond retries", null,
        o -> o.setRetry(o.getRetry().withMaxRetries(2)), 3, ConnectionException.class, 3, false),
      new Row("reset before the answer, within retries", s -> s.then(FaultyServer.reset(), FaultyServer.reset()), same, 1,
        null, 3, false),
      new Row("reset mid-response (truncated body), within retries", s -> s.then(FaultyServer.truncated()), same, 1,
        null, 2, false),
      new Row("reset mid-response, beyond retries", s -> s.always(FaultyServer.truncated()),
        o -> o.setRetry(o.getRetry().withMaxRetries(2)), 3,
        ConnectionException.class, 3, false),
      new Row("stall past the timeout", s -> s.always(FaultyServer.stall()), o -> o.setRequestTimeout(300), 3,
        RequestTimeoutException.class, 1, false),
      new Row("stall past the timeout, retried", s -> s.then(FaultyServer.stall()),
        o -> o.setRequestTimeout(300).setRetry(o.getRetry().withRetryOnTimeout(true)), 1, null, 2, false),
      new Row("429 storm, beyond retries", s -> s.always(FaultyServer.error(429, "es_rejected_execution_exception")),
        o -> o.setRetry(o.getRetry().withMaxRetries(3)), 3, TooManyRequestsException.class, 4, false),
      new Row("429 storm, within retries", s -> s.then(FaultyServer.error(429, "es_rejected_execution_exception"),
        FaultyServer.error(429, "es_rejected_execution_exception"), FaultyServer.error(429, "x")),
        o -> o.setRetry(o.getRetry().withMaxRetries(3)), 1, null, 4, false),
      new Row("503 storm, beyond retries", s -> s.always(FaultyServer.error(503, "unavailable_shards_exception")),
        o -> o.setRetry(o.getRetry().withMaxRetries(2)), 3, ApiException.class, 3, false),
      new Row("503 storm, within retries", s -> s.then(FaultyServer.error(503, "unavailable_shards_exception"),
        FaultyServer.error(503, "unavailable_shards_exception")),
        o -> o.setRetry(o.getRetry().withMaxRetries(2)), 1, null, 3, false),
      new Row("truncated JSON (complete HTTP answer)", s -> s.always(FaultyServer.ok("{\"took\":1,\"hits\":{\"tot")),
        same, 3, null, 1, true),
      new Row("non-JSON body", s -> s.always(FaultyServer.notJson()), same, 3, null, 1, true),
      new Row("wrong content type (200 as YAML)", s -> s.always(r -> r.response()
        .putHeader("X-Elastic-Product", "Elasticsearch").putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
        .end("took: 1\n")), same, 3, null, 1, true),
      new Row("wrong content type (HTML 502 from a gateway)", s -> s.always(r -> r.response().setStatusCode(502)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html").end("<html><body>Bad Gateway</body></html>")),
        o -> o.setRetry(o.getRetry().withMaxRetries(1)), 3, ApiException.class, 2, false),
      new Row("body over maxResponseSize (chunked)", s -> s.always(FaultyServer.hugeChunked(4 << 20)),
        o -> o.setMaxResponseSize(1 << 20), 3, ResponseTooLargeException.class, 1, false),
      new Row("body over maxResponseSize (content-length)", s -> s.always(FaultyServer.ok("{\"pad\":\""
        + "x".repeat(2 << 20) + "\"}")), o -> o.setMaxResponseSize(1 << 20), 3, ResponseTooLargeException.class, 1,
        false),
      new Row("gzip bomb", s -> s.always(FaultyServer.gzipBomb(16 << 20)), o -> o.setMaxResponseSize(1 << 20), 3,
        ResponseTooLargeException.class, 1, false),
      new Row("missing product header", s -> s.always(FaultyServer.withoutProductHeader()), same, 3,
        UnsupportedProductException.class, 1, false));
  }

  @BeforeAll
  static void setUp(EmbeddedElasticsearch embedded) {
    es = embedded;
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void printTable() {
    StringBuilder sb = new StringBuilder("fault matrix:\n");
    sb.append(String.format("  %-55s %8s  %-58s %8s%n", "fault", "injected", "outcome", "elapsed"));
    synchronized (ORDER) {
      ORDER.forEach(name -> sb.append("  ").append(TABLE.get(name)).append('\n'));
    }
    TestLog.info("%s", sb);
    ReliabilityReport.note("fault matrix rows", String.valueOf(ORDER.size()));
    if (vertx != null) {
      result(vertx.close());
    }
  }

  private static void record(String name, long injected, String outcome, long millis) {
    synchronized (ORDER) {
      ORDER.add(name);
    }
    TABLE.put(name, String.format("%-55s %8d  %-58s %6d ms", name, injected, outcome, millis));
    ReliabilityReport.fault(name, injected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void faultGivesTypedErrorOrRetriedSuccessAndLeaksNoConnection(Row row) {
    FaultyServer server = row.script() == null ? null : FaultyServer.start(vertx);
    AtomicLong injected = new AtomicLong();
    if (server != null) {
      server.otherwise(FaultyServer.ok(JSON_OK));
      row.script().accept(new Scripted(server, injected));
    }
    String url = server == null ? FaultyServer.refusedUrl() : server.url();
    TransportOptions options = row.options().apply(new TransportOptions().setHosts(url)
      .setRetry(new RetryConfig().withBackoff(1, 5))
      .setConnectionsPerNode(CONNECTIONS_PER_NODE).setRequestTimeout(5_000));
    ElasticsearchClient client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(options));
    try {
      long start = System.nanoTime();
      List<Future<ElasticsearchResponse>> calls = new ArrayList<>();
      for (int i = 0; i < row.parallel(); i++) {
        calls.add(client.perform(HttpMethod.GET, "/_search", null, null));
      }
      String outcome = null;
      for (Future<ElasticsearchResponse> call : calls) {
        if (row.error() == null) {
          ElasticsearchResponse response = result(call);
          assertThat(response.attempts()).as("attempts").isEqualTo(row.attempts());
          ReliabilityReport.add(ReliabilityReport.RETRIED, response.attempts() - 1);
          if (row.bodyFails()) {
            Throwable bodyError = org.assertj.core.api.Assertions.catchThrowable(response::body);
            assertThat(bodyError).isInstanceOf(SerializationException.class);
            outcome = "response " + response.status() + ", body() -> " + bodyError.getClass().getSimpleName();
            ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, 1);
          } else {
            assertThat(response.body().getInteger("took")).isNotNull();
            outcome = "success after " + response.attempts() + " attempts";
          }
        } else {
          Throwable error = Await.failure(call);
          assertThat(error).isInstanceOf(row.error());
          ElasticsearchException typed = (ElasticsearchException) error;
          assertThat(typed.attemptErrors()).as("earlier attempts").hasSize(row.attempts() - 1);
          ReliabilityReport.add(ReliabilityReport.RETRIED, row.attempts() - 1);
          ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, 1);
          outcome = error.getClass().getSimpleName() + (error instanceof ApiException api ? " " + api.status() : "")
            + " after " + row.attempts() + " attempts";
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (server == null) {
        injected.addAndGet((long) row.parallel() * row.attempts());
      }
      ReliabilityReport.add(ReliabilityReport.SENT, row.parallel());
      assertThat(injected.get()).as("faults injected").isGreaterThan(0);
      if (server != null) {
        // A healthy request afterwards reuses or reopens a pooled connection; nothing accumulates.
        server.otherwise(FaultyServer.ok(JSON_OK));
        result(client.perform(HttpMethod.GET, "/_search", null, null));
        Await.until(() -> server.openConnections() <= CONNECTIONS_PER_NODE);
      }
      result(client.close());
      client = null;
      if (server != null) {
        Await.until(() -> server.openConnections() == 0);
      }
      record(row.name(), injected.get(), outcome, millis);
    } finally {
      if (client != null) {
        result(client.close());
      }
      if (server != null) {
        server.close();
      }
    }
  }

  /** The storms and resets again, injected by a proxy in front of the real node, under concurrent load. */
  @ParameterizedTest(name = "proxy: {0}")
  @MethodSource("proxyRows")
  void proxyInjectedFaultsAgainstTheRealNode(String name) {
    FaultInjectingProxy faults = FaultInjectingProxy.start(vertx, es.httpUrl(), 7)
      .faultPaths(path -> path.endsWith("/_search"));
    CountingTcpProxy wire = CountingTcpProxy.start(vertx, faults.url());
    boolean beyond = name.contains("beyond");
    switch (name) {
      case "503 storm, beyond retries" -> faults.status503Rate(1.0);
      case "429 storm, beyond retries" -> faults.status429Rate(1.0);
      case "503 at 40%, within retries" -> faults.status503Rate(0.4);
      case "429 at 40%, within retries" -> faults.status429Rate(0.4);
      case "resets at 30%, within retries" -> faults.resetRate(0.3);
      default -> throw new IllegalArgumentException(name);
    }
    ElasticsearchClient client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(wire.url()).setCompatibilityVersion(es.majorVersion())
        .setRetry(new RetryConfig().withMaxRetries(beyond ? 2 : 12).withBackoff(1, 5))
        .setConnectionsPerNode(CONNECTIONS_PER_NODE)));
    try {
      int requests = beyond ? 5 : 60;
      long start = System.nanoTime();
      List<Future<ElasticsearchResponse>> calls = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        calls.add(client.perform(HttpMethod.GET, "/_search", java.util.Map.of("size", 0), null));
      }
      String outcome;
      if (beyond) {
        for (Future<ElasticsearchResponse> call : calls) {
          Throwable error = Await.failure(call);
          assertThat(error).isInstanceOf(ApiException.class);
          assertThat(((ApiException) error).status()).isEqualTo(name.startsWith("503") ? 503 : 429);
          assertThat(((ApiException) error).attemptErrors()).hasSize(2);
        }
        ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, requests);
        ReliabilityReport.add(ReliabilityReport.RETRIED, 2L * requests);
        assertThat(faults.forwarded()).as("nothing reached the node").isZero();
        outcome = "every request: ApiException " + (name.startsWith("503") ? 503 : 429) + " after 3 attempts";
      } else {
        long retries = 0;
        for (Future<ElasticsearchResponse> call : calls) {
          ElasticsearchResponse response = result(call);
          assertThat(response.status()).isEqualTo(200);
          retries += response.attempts() - 1;
        }
        ReliabilityReport.add(ReliabilityReport.RETRIED, retries);
        assertThat(retries).isGreaterThan(0);
        outcome = requests + " successes, " + retries + " retries";
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      ReliabilityReport.add(ReliabilityReport.SENT, requests);
      long injected = faults.injected503() + faults.injected429() + faults.resets();
      assertThat(injected).isGreaterThan(0);
      Await.until(() -> wire.openConnections() <= CONNECTIONS_PER_NODE);
      result(client.close());
      client = null;
      Await.until(() -> wire.openConnections() == 0);
      record("proxy: " + name, injected, outcome, millis);
    } finally {
      if (client != null) {
        result(client.close());
      }
      wire.close();
      faults.close();
    }
  }

  static Stream<String> proxyRows() {
    return Stream.of("503 storm, beyond retries", "429 storm, beyond retries", "503 at 40%, within retries",
      "429 at 40%, within retries", "resets at 30%, within retries");
  }
}
