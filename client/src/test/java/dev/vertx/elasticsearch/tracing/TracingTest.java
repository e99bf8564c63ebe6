package dev.vertx.elasticsearch.tracing;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.Credentials;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** OpenTelemetry spans of API calls, against the embedded node and, for faults, a scripted server. */
class TracingTest extends TracedVertxTest {

  private ElasticsearchClient client;
  private String index;

  TracingTest(EmbeddedElasticsearch es) {
    super(es);
  }

  @BeforeEach
  void setUp() {
    client = client(new TransportOptions().setHosts(es.httpUrls()), false);
    index = "trace-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    result(client.close());
  }

  /** A client that traces also outside a trace: the tests call it from their own thread, without a parent span. */
  private ElasticsearchClient client(TransportOptions transport, boolean captureQuery) {
    return ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(transport.setCompatibilityVersion(es.majorVersion()).setRetry(transport.getRetry().withBackoff(1, 2)))
      .setOpenTelemetry(otel).setCaptureSearchQuery(captureQuery).setTracingPolicy(TracingPolicy.ALWAYS));
  }

  private List<SpanData> clientSpans() {
    return exporter.getFinishedSpanItems().stream()
      .filter(s -> s.getInstrumentationScopeInfo().getName().equals("dev.vertx.elasticsearch")).toList();
  }

  private SpanData onlyClientSpan() {
    until(() -> clientSpans().size() == 1);
    return clientSpans().get(0);
  }

  private static String attr(SpanData span, String key) {
    Object value = span.getAttributes().get(AttributeKey.stringKey(key));
    return value == null ? null : value.toString();
  }

  private TransportRequest request(HttpMethod method, String endpoint, String path, Map<String, String> parts) {
    return TransportRequest.of(method, path).endpoint(endpoint).pathParts(parts);
  }

  @Test
  void oneClientSpanPerCallWithTheConventionalAttributes() {
    result(client.perform(request(HttpMethod.PUT, "index", "/" + index + "/_doc/1",
      Map.of("index", index, "id", "1")).param("refresh", "true")
      .body(new JsonObject().put("a", 1).toBuffer(), "application/json")));
    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("index " + index);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(attr(span, "db.system.name")).isEqualTo("elasticsearch");
    assertThat(attr(span, "db.operation.name")).isEqualTo("index");
    assertThat(attr(span, "http.request.method")).isEqualTo("PUT");
    assertThat(attr(span, "url.full")).isEqualTo(es.httpUrl() + "/" + index + "/_doc/1?refresh=true");
    assertThat(attr(span, "server.address")).isEqualTo("127.0.0.1");
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port")))
      .isEqualTo((long) java.net.URI.create(es.httpUrl()).getPort());
    assertThat(attr(span, "db.operation.parameter.index")).isEqualTo(index);
    assertThat(attr(span, "db.operation.parameter.id")).isEqualTo("1");
    assertThat(attr(span, "db.collection.name")).isEqualTo(index);
    assertThat(attr(span, "db.response.status_code")).isEqualTo("201");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents()).singleElement().extracting(EventData::getName).isEqualTo("elasticsearch.attempt");
  }

  @Test
  void errorsAreMarkedWithTheirType() throws Exception {
    failure(client.perform(request(HttpMethod.GET, "get", "/" + index + "/_doc/nope", Map.of("index", index, "id", "nope"))));
    SpanData notFound = onlyClientSpan();
    assertThat(notFound.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(notFound, "error.type")).isEqualTo("404");
    assertThat(attr(notFound, "db.response.status_code")).isEqualTo("404");

    exporter.reset();
    JsonObject doc = new JsonObject().put("a", 1);
    result(client.perform(HttpMethod.PUT, "/" + index + "/_create/1", null, doc));
    failure(client.perform(request(HttpMethod.PUT, "create", "/" + index + "/_create/1", Map.of("index", index, "id", "1"))
      .body(doc.toBuffer(), "application/json")));
    until(() -> clientSpans().size() == 2);
    assertThat(attr(clientSpans().get(1), "error.type")).isEqualTo("409");

    exporter.reset();
    ElasticsearchClient refused = client(new TransportOptions().setHosts(FaultyServer.refusedUrl())
      .setRetry(new RetryConfig().withMaxRetries(1)), false);
    failure(refused.info());
    SpanData connection = onlyClientSpan();
    assertThat(attr(connection, "error.type")).isEqualTo(ConnectionException.class.getName());
    assertThat(connection.getEvents()).hasSize(2);
    result(refused.close());
  }

  @Test
  void retriesStayInOneSpanWithAnEventPerAttempt() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      ElasticsearchClient c = client(new TransportOptions().setHosts(server.url()), false);
      // Warm the pool: Vert.x 5 traces requests on pooled connections, not the one that opens a connection.
      result(c.info());
      until(() -> exporter.getFinishedSpanItems().size() >= 2);
      exporter.reset();
      server.then(FaultyServer.error(503, "unavailable"), FaultyServer.error(429, "busy"));
      result(c.withOptions(new CallOptions().setRetry(new RetryConfig().withBackoff(20, 20))).info());
      SpanData span = onlyClientSpan();
      assertThat(span.getEvents()).extracting(e -> e.getAttributes().get(AttributeKey.stringKey("db.response.status_code")))
        .containsExactly("503", "429", "200");
      assertThat(span.getEvents()).extracting(e -> e.getAttributes().get(AttributeKey.longKey("elasticsearch.attempt")))
        .containsExactly(1L, 2L, 3L);
      // Vert.x tracing is on: each attempt's HTTP client span is a child of the API span, and carries the trace on.
      until(() -> exporter.getFinishedSpanItems().stream().filter(s -> s.getParentSpanId().equals(span.getSpanId())).count() == 3);
      assertThat(server.requests().subList(1, 4)).allSatisfy(r ->
        assertThat(r.headers().get("traceparent")).contains(span.getTraceId()));
      result(c.close());
    }
  }

  @Test
  void theTraceparentHeaderIsSentAndTheCallersSpanIsTheParent() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      ElasticsearchClient c = ElasticsearchClient.create(Vertx.vertx(), new ElasticsearchClientOptions()
        .setTransport(new TransportOptions().setHosts(server.url())).setOpenTelemetry(otel));
      Span parent = otel.getTracer("test").spanBuilder("parent").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        result(c.info());
      } finally {
        parent.end();
      }
      SpanData span = onlyClientSpan();
      assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
      assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
      String traceparent = server.requests().get(0).headers().get("traceparent");
      assertThat(traceparent).startsWith("00-" + span.getTraceId() + "-");
      result(c.close());
    }
  }

  @Test
  void underAVertxWebServerSpanTheApiSpanIsItsChild() {
    Router router = Router.router(vertx);
    router.get("/books").handler(ctx -> client.info().onComplete(ar -> ctx.response().end(ar.succeeded() ? "ok" : "ko")));
    HttpServer server = result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    WebClient web = WebClient.create(Vertx.vertx());
    assertThat(result(web.get(server.actualPort(), "127.0.0.1", "/books").send()).bodyAsString()).isEqualTo("ok");
    SpanData api = onlyClientSpan();
    until(() -> exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    SpanData serverSpan = exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER)
      .findFirst().orElseThrow();
    assertThat(api.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
    web.close();
  }

  @Test
  void searchBodiesAreCapturedSanitisedOnlyWhenEnabled() {
    JsonObject query = new JsonObject().put("query", new JsonObject().put("match",
      new JsonObject().put("title", "secret words")));
    TransportRequest search = request(HttpMethod.POST, "search", "/" + index + "/_search", Map.of("index", index))
      .param("ignore_unavailable", "true").body(query.toBuffer(), "application/json");
    result(client.perform(search));
    assertThat(attr(onlyClientSpan(), "db.query.text")).isNull();

    exporter.reset();
    ElasticsearchClient capturing = client(new TransportOptions().setHosts(es.httpUrls()), true);
    result(capturing.perform(request(HttpMethod.POST, "search", "/" + index + "/_search", Map.of("index", index))
      .param("ignore_unavailable", "true").body(query.toBuffer(), "application/json")));
    assertThat(attr(onlyClientSpan(), "db.query.text")).isEqualTo("{\"query\":{\"match\":{\"title\":\"?\"}}}");

    exporter.reset();
    String big = new JsonObject().put("query", new JsonObject().put("terms", new JsonObject().put("id",
      new io.vertx.core.json.JsonArray(java.util.Collections.nCopies(2000, "x"))))).encode();
    result(capturing.perform(request(HttpMethod.POST, "search", "/" + index + "/_search", Map.of("index", index))
      .param("ignore_unavailable", "true").body(Buffer.buffer(big), "application/json")));
    assertThat(attr(onlyClientSpan(), "db.query.text")).hasSize(2048).doesNotContain("x");
    result(capturing.close());
  }

  @Test
  void bulkRequestsOfTheIngesterLinkToTheCallersAndCountTheirOperations() {
    Span first = otel.getTracer("app").spanBuilder("PUT /documents/1").startSpan();
    Span second = otel.getTracer("app").spanBuilder("PUT /documents/2").startSpan();
    var ingester = dev.vertx.elasticsearch.helpers.ElasticsearchHelpers.bulkIngester(vertx, client,
      new dev.vertx.elasticsearch.helpers.BulkOptions().setIndex(index).setMaxOperations(3).setFlushInterval(0));
    for (int i = 0; i < 3; i++) {
      try (Scope ignored = (i < 2 ? first : second).makeCurrent()) {
        ingester.write(dev.vertx.elasticsearch.helpers.BulkOperation.index(null, new JsonObject().put("i", i))
          .id("d" + i));
      }
    }
    ingester.write(dev.vertx.elasticsearch.helpers.BulkOperation.index(null, new JsonObject().put("i", 3)).id("d3"));
    result(ingester.end());
    first.end();
    second.end();
    until(() -> clientSpans().stream().filter(s -> s.getName().equals("bulk " + index)).count() == 2);
    List<SpanData> bulks = clientSpans().stream().filter(s -> s.getName().equals("bulk " + index))
      .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    SpanData carried = bulks.get(0);
    assertThat(carried.getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isEqualTo(3L);
    assertThat(carried.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
      .containsExactly(first.getSpanContext().getSpanId(), second.getSpanContext().getSpanId());
    assertThat(bulks.get(1).getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isEqualTo(1L);
    assertThat(bulks.get(1).getLinks()).as("written outside any span").isEmpty();
  }

  @Test
  void bulkRecordsItsBatchSize() {
    String ndjson = "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"1\"}}\n{\"a\":1}\n"
      + "{\"delete\":{\"_index\":\"" + index + "\",\"_id\":\"2\"}}\n"
      + "{ \"create\" : {\"_index\":\"" + index + "\",\"_id\":\"3\"}}\n{\"index\":{\"nested\":1}}\n";
    result(client.perform(request(HttpMethod.POST, "bulk", "/_bulk", Map.of()).body(Buffer.buffer(ndjson),
      "application/x-ndjson")));
    assertThat(onlyClientSpan().getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isEqualTo(3L);
  }

  @Test
  void cloudHeadersFillNamespaceAndNodeName() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      server.then(r -> r.response().putHeader("X-Elastic-Product", "Elasticsearch")
        .putHeader("X-Found-Handling-Cluster", "abc123").putHeader("X-Found-Handling-Instance", "instance-0000000001")
        .end("{}"));
      ElasticsearchClient c = client(new TransportOptions().setHosts(server.url()), false);
      result(c.info());
      SpanData span = onlyClientSpan();
      assertThat(attr(span, "db.namespace")).isEqualTo("abc123");
      assertThat(attr(span, "elasticsearch.node.name")).isEqualTo("instance-0000000001");
      result(c.close());
    }
  }

  @Test
  void noCredentialAppearsInAnySpan() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      server.then(FaultyServer.error(503, "x"));
      ElasticsearchClient c = client(new TransportOptions().setHosts(server.url().replace("//", "//elastic:Hunter2pw@")), true);
      result(c.info());
      server.then(FaultyServer.error(401, "security_exception"));
      failure(c.withOptions(new CallOptions().setCredentials(Credentials.apiKey("kid", "Sup3rSecretKey")))
        .perform(request(HttpMethod.POST, "search", "/i/_search", Map.of("index", "i"))
          .body(new JsonObject().put("q", "Hunter2pw").toBuffer(), "application/json")));
      ElasticsearchClient bearer = client(new TransportOptions().setHosts(server.url())
        .setCredentials(Credentials.bearer("B3arerToken")), true);
      result(bearer.info());
      until(() -> clientSpans().size() == 3);
      String everything = exporter.getFinishedSpanItems().stream().map(s -> s.getName() + s.getAttributes()
        + s.getEvents() + s.getStatus()).reduce("", String::concat);
      assertThat(everything).doesNotContain("Hunter2pw", "Sup3rSecretKey", "B3arerToken",
        java.util.Base64.getEncoder().encodeToString("kid:Sup3rSecretKey".getBytes()), "elastic:");
      result(c.close());
      result(bearer.close());
    }
  }

  @Test
  void tracingCanBeTurnedOff() {
    ElasticsearchClient off = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(new TransportOptions().setHosts(es.httpUrls()).setCompatibilityVersion(es.majorVersion()))
      .setOpenTelemetry(otel).setTracingEnabled(false));
    result(off.info());
    result(client.info());
    until(() -> clientSpans().size() == 1);
    assertThat(clientSpans()).hasSize(1);
    result(off.close());

    System.setProperty(ElasticsearchClientOptions.ENABLED_PROPERTY, "false");
    try {
      assertThat(new ElasticsearchClientOptions().isTracingEnabled()).isFalse();
      assertThat(new ElasticsearchClientOptions().setTracingEnabled(true).isTracingEnabled()).isTrue();
    } finally {
      System.clearProperty(ElasticsearchClientOptions.ENABLED_PROPERTY);
    }
    assertThat(new ElasticsearchClientOptions().isTracingEnabled()).isTrue();
    assertThat(new ElasticsearchClientOptions().isCaptureSearchQuery()).isFalse();
    assertThat(Set.of(new ElasticsearchClientOptions().setCaptureSearchQuery(true).toJson().getBoolean("captureSearchQuery")))
      .containsExactly(true);
  }

  @Test
  void helpersOpenAParentSpanForTheirRequests() {
    List<dev.vertx.elasticsearch.helpers.BulkOperation> ops = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ops.add(dev.vertx.elasticsearch.helpers.BulkOperation.index(index, new JsonObject().put("n", i)).id("d" + i));
    }
    var summary = result(dev.vertx.elasticsearch.helpers.ElasticsearchHelpers.bulk(vertx, client, ops,
      new dev.vertx.elasticsearch.helpers.BulkOptions().setMaxOperations(10).setRefreshOnCompletion(true)));
    assertThat(summary.successes()).isEqualTo(30);
    until(() -> clientSpans().stream().anyMatch(s -> s.getName().equals("helpers.bulk")));
    SpanData bulk = clientSpans().stream().filter(s -> s.getName().equals("helpers.bulk")).findFirst().orElseThrow();
    assertThat(bulk.getAttributes().get(AttributeKey.longKey("elasticsearch.bulk.successes"))).isEqualTo(30L);
    assertThat(clientSpans().stream().filter(s -> s.getParentSpanId().equals(bulk.getSpanId())))
      .extracting(SpanData::getName).contains("bulk", "indices.refresh " + index).hasSize(4);

    exporter.reset();
    String target = index + "-copy";
    var reindexed = result(dev.vertx.elasticsearch.helpers.ElasticsearchHelpers.reindex(vertx, client,
      new dev.vertx.elasticsearch.helpers.ReindexOptions().setSourceIndex(index).setTargetIndex(target), null));
    assertThat(reindexed.scanned()).isEqualTo(30);
    until(() -> clientSpans().stream().anyMatch(s -> s.getName().equals("helpers.reindex")));
    SpanData reindex = clientSpans().stream().filter(s -> s.getName().equals("helpers.reindex")).findFirst().orElseThrow();
    assertThat(reindex.getAttributes().get(AttributeKey.longKey("elasticsearch.reindex.indexed"))).isEqualTo(30L);
    until(() -> clientSpans().stream().filter(s -> s.getParentSpanId().equals(reindex.getSpanId())).count() >= 3);
    assertThat(clientSpans().stream().filter(s -> s.getParentSpanId().equals(reindex.getSpanId())))
      .extracting(SpanData::getName).contains("helpers.scan", "helpers.bulk");
    SpanData scan = clientSpans().stream().filter(s -> s.getName().equals("helpers.scan")).findFirst().orElseThrow();
    assertThat(scan.getAttributes().get(AttributeKey.longKey("elasticsearch.scan.hits"))).isEqualTo(30L);
    assertThat(clientSpans().stream().filter(s -> s.getParentSpanId().equals(scan.getSpanId())))
      .extracting(SpanData::getName).contains("open_point_in_time " + index, "search", "close_point_in_time");
    result(client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404))).perform(HttpMethod.DELETE, "/" + target, null, null));
  }
}
