package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.ClientClosedException;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search service against the embedded Elasticsearch, called over HTTP with the Web Client, with its traces
 * exported to an in-test OTLP receiver. Tests run in order: the dataset is loaded first and deleted last.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchServiceTest {

  private static final String KEY = "test-api-key";
  private static final String INDEX = "books-test";

  private static Vertx vertx;
  private static OpenTelemetrySdk otel;
  private static OtlpReceiver receiver;
  private static SearchVerticle verticle;
  private static String deployment;
  private static WebClient web;
  private static int port;
  private static long sampleLines;
  private static EmbeddedElasticsearch es;
  private static ElasticsearchClient observer;
  private static long baselineConnections;

  @BeforeAll
  static void deploy(EmbeddedElasticsearch embedded) throws Exception {
    es = embedded;
    Vertx receiverVertx = Vertx.vertx();
    receiver = new OtlpReceiver(receiverVertx);
    otel = ServiceTestSupport.exportingTo(receiver, "search-service-test");
    vertx = ServiceTestSupport.tracedVertx(otel);
    observer = ElasticsearchClient.create(Vertx.vertx(), new ElasticsearchClientOptions()
      .setTransport(new dev.vertx.elasticsearch.transport.TransportOptions().setHosts(es.httpUrl())
        .setCompatibilityVersion(es.majorVersion()).setConnectionsPerNode(1)));
    baselineConnections = openHttpConnections(observer);
    verticle = new SearchVerticle(otel);
    ServiceConfig config = new ServiceConfig(List.of(es.httpUrl()), es.majorVersion(), INDEX, 0, KEY, 64 * 1024,
      8L * 1024 * 1024);
    deployment = vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.toJson())).await(30, TimeUnit.SECONDS);
    port = verticle.actualPort();
    web = WebClient.create(Vertx.vertx());
    ServiceTestSupport.awaitReady(web, port, Duration.ofSeconds(90));
    try (InputStream in = SearchServiceTest.class.getClassLoader().getResourceAsStream(SampleData.DATA)) {
      sampleLines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
    }
  }

  @AfterAll
  static void undeploy() throws Exception {
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (otel != null) {
      otel.close();
    }
    if (observer != null) {
      await(observer.close());
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("No answer within 60 s", e);
    }
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String uri, Object body, boolean withKey) {
    var request = web.request(method, port, "127.0.0.1", uri);
    if (withKey) {
      request.putHeader("Authorization", "ApiKey " + KEY);
    }
    if (body == null) {
      return await(request.send());
    }
    if (body instanceof JsonObject) {
      return await(request.sendJsonObject((JsonObject) body));
    }
    return await(request.sendBuffer(Buffer.buffer(body.toString())));
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    return response.bodyAsJsonObject();
  }

  private static void assertCleanError(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    JsonObject body = json(response);
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(response.bodyAsString()).doesNotContain("Exception", "\tat ", "_exception", "caused_by");
  }

  @Test
  @Order(1)
  void healthAndRoot() {
    assertThat(json(call(HttpMethod.GET, "/health/live", null, false)).getString("status")).isEqualTo("UP");
    HttpResponse<Buffer> ready = call(HttpMethod.GET, "/health/ready", null, false);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject readiness = json(ready);
    assertThat(readiness.getString("status")).isEqualTo("UP");
    Map<String, String> checks = new java.util.HashMap<>();
    readiness.getJsonArray("checks").forEach(c -> checks.put(((JsonObject) c).getString("id"),
      ((JsonObject) c).getString("status")));
    assertThat(checks).containsOnly(Map.entry("elasticsearch", "UP"), Map.entry("sample-data", "UP"),
      Map.entry("index", "UP"));
    JsonObject health = json(call(HttpMethod.GET, "/health", null, false));
    assertThat(health.getString("status")).as("/health is readiness").isEqualTo("UP");
    JsonObject root = json(call(HttpMethod.GET, "/", null, false));
    assertThat(root.getJsonObject("cluster").getString("name")).isEqualTo(es.clusterName());
  }

  @Test
  @Order(2)
  void writesNeedTheApiKey() {
    assertCleanError(call(HttpMethod.POST, "/ingest", null, false), 401);
    assertCleanError(call(HttpMethod.PUT, "/documents/x", new JsonObject(), false), 401);
    var wrong = await(web.request(HttpMethod.DELETE, port, "127.0.0.1", "/documents")
      .putHeader("Authorization", "ApiKey nope").send());
    assertCleanError(wrong, 401);
  }

  @Test
  @Order(3)
  void ingestLoadsTheSampleData() {
    JsonObject summary = json(call(HttpMethod.POST, "/ingest", null, true));
    assertThat(summary.getLong("succeeded")).isEqualTo(sampleLines);
    assertThat(summary.getLong("failed")).isZero();
    assertThat(sampleLines).isGreaterThan(2000);
  }

  @Test
  @Order(4)
  void searchWithFacetsHighlightsAndBounds() {
    JsonObject all = json(call(HttpMethod.GET, "/search?size=5", null, false));
    assertThat(all.getLong("total")).isEqualTo(sampleLines);
    assertThat(all.getJsonArray("results")).hasSize(5);
    JsonArray genres = all.getJsonObject("facets").getJsonArray("genre");
    assertThat(genres).isNotEmpty();

    String genre = genres.getJsonObject(0).getString("value");
    long genreCount = genres.getJsonObject(0).getLong("count");
    JsonObject filtered = json(call(HttpMethod.GET, "/search?size=1&genre=" + genre.replace(" ", "%20"), null, false));
    assertThat(filtered.getLong("total")).isEqualTo(genreCount);

    JsonObject firstDoc = all.getJsonArray("results").getJsonObject(0).getJsonObject("document");
    String word = firstDoc.getString("title").split("\\s+")[0].replaceAll("[^\\p{L}]", "");
    JsonObject found = json(call(HttpMethod.GET, "/search/" + word, null, false));
    assertThat(found.getLong("total")).isPositive();
    assertThat(found.getJsonArray("results").getJsonObject(0).getJsonObject("highlight").encode()).contains("<em>");

    // User text never becomes query DSL: syntax that would break a query_string is just text.
    assertThat(call(HttpMethod.GET, "/search?q=%7B%22script%22%3A1%7D%20AND%20((%20OR%20%5C", null, false).statusCode())
      .isEqualTo(200);
    assertCleanError(call(HttpMethod.GET, "/search?size=101", null, false), 400);
    assertCleanError(call(HttpMethod.GET, "/search?page=101&size=100", null, false), 400);
    assertCleanError(call(HttpMethod.GET, "/search?page=abc", null, false), 400);
    assertCleanError(call(HttpMethod.GET, "/search?page=0", null, false), 400);
  }

  @Test
  @Order(5)
  void documentsCrud() {
    JsonObject doc = new JsonObject().put("title", "The Vert.x Way").put("genre", "technology").put("pages", 321);
    assertThat(call(HttpMethod.PUT, "/documents/crud-1", doc, true).statusCode()).isEqualTo(201);
    JsonObject got = json(call(HttpMethod.GET, "/documents/crud-1", null, false));
    assertThat(got.getJsonObject("document")).isEqualTo(doc);

    assertThat(call(HttpMethod.PATCH, "/documents/crud-1", new JsonObject().put("pages", 400), true).statusCode())
      .isEqualTo(200);
    assertThat(json(call(HttpMethod.GET, "/documents/crud-1", null, false)).getJsonObject("document")
      .getInteger("pages")).isEqualTo(400);

    assertThat(call(HttpMethod.DELETE, "/documents/crud-1", null, true).statusCode()).isEqualTo(200);
    assertCleanError(call(HttpMethod.GET, "/documents/crud-1", null, false), 404);
    assertCleanError(call(HttpMethod.DELETE, "/documents/crud-1", null, true), 404);
    assertCleanError(call(HttpMethod.PATCH, "/documents/nope", new JsonObject().put("a", 1), true), 404);
    assertCleanError(call(HttpMethod.PUT, "/documents/bad", "{not json", true), 400);
    assertCleanError(call(HttpMethod.PUT, "/documents/big", "{\"a\":\"" + "x".repeat(70_000) + "\"}", true), 413);
    assertCleanError(call(HttpMethod.PUT, "/documents/typed", new JsonObject().put("pages", "not a number"), true), 400);
  }

  @Test
  @Order(6)
  void ndjsonUploadStreamsThroughTheBulkHelper() {
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      ndjson.append(new JsonObject().put("id", "up-" + i).put("title", "Uploaded " + i).put("genre", "upload").encode())
        .append('\n');
    }
    ndjson.append("{this is not json}\n");
    JsonObject summary = json(call(HttpMethod.POST, "/documents/_bulk", ndjson, true));
    assertThat(summary.getLong("succeeded")).isEqualTo(5_000);
    assertThat(summary.getLong("failed")).isEqualTo(1);
    assertThat(summary.getJsonArray("failures")).hasSize(1);
    assertThat(json(call(HttpMethod.GET, "/search?genre=upload&size=1", null, false)).getLong("total")).isEqualTo(5_000);
    assertThat(json(call(HttpMethod.GET, "/documents/up-42", null, false)).getJsonObject("document")
      .getString("title")).isEqualTo("Uploaded 42");
  }

  @Test
  @Order(7)
  void touchMarksEveryMatchingDocument() {
    JsonObject summary = json(call(HttpMethod.POST, "/documents/_touch", new JsonObject().put("q", "Uploaded"), true));
    assertThat(summary.getLong("succeeded")).isEqualTo(5_000);
    String modified = summary.getString("modified");
    assertThat(json(call(HttpMethod.GET, "/documents/up-7", null, false)).getJsonObject("document")
      .getString("modified")).isEqualTo(modified);
  }

  @Test
  @Order(8)
  void exportStreamsEveryDocument() {
    HttpResponse<Buffer> export = call(HttpMethod.GET, "/export", null, false);
    assertThat(export.statusCode()).isEqualTo(200);
    List<String> lines = export.bodyAsString().lines().toList();
    assertThat((long) lines.size()).isEqualTo(sampleLines + 5_000);
    assertThat(new JsonObject(lines.get(0)).getString("id")).isNotBlank();
  }

  @Test
  @Order(9)
  void errorsAreCleanJson() {
    assertCleanError(call(HttpMethod.GET, "/error", null, false), 404);
    assertCleanError(call(HttpMethod.GET, "/no/such/endpoint", null, false), 404);
    assertCleanError(call(HttpMethod.POST, "/search", null, false), 405);
  }

  @Test
  @Order(10)
  void searchIsTracedWithTheClientSpanUnderTheServerSpan() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    var traced = await(web.get(port, "127.0.0.1", "/search?q=dragon")
      .putHeader("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").send());
    assertThat(traced.statusCode()).isEqualTo(200);
    ServiceTestSupport.until("the search's server and client spans", Duration.ofSeconds(30),
      () -> receiver.spans().stream().anyMatch(s -> hex(s.getTraceId()).equals(traceId)
      && s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT && s.getName().startsWith("search"))
      && receiver.spans().stream().anyMatch(s -> hex(s.getTraceId()).equals(traceId)
      && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER));
    Span server = receiver.spans().stream().filter(s -> hex(s.getTraceId()).equals(traceId)
      && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    Span search = receiver.spans().stream().filter(s -> hex(s.getTraceId()).equals(traceId)
      && s.getName().equals("search " + INDEX)).findFirst().orElseThrow();
    assertThat(hex(server.getParentSpanId())).isEqualTo("00f067aa0ba902b7");
    assertThat(search.getParentSpanId()).isEqualTo(server.getSpanId());
    Map<String, String> attributes = new java.util.HashMap<>();
    search.getAttributesList().forEach(a -> attributes.put(a.getKey(), a.getValue().hasStringValue()
      ? a.getValue().getStringValue() : String.valueOf(a.getValue().getIntValue())));
    assertThat(attributes).containsEntry("db.system.name", "elasticsearch").containsEntry("db.operation.name", "search")
      .containsEntry("db.collection.name", INDEX).containsEntry("db.response.status_code", "200")
      .containsEntry("http.request.method", "POST");
  }

  @Test
  @Order(10)
  void serverSpansAreNamedAfterTheirRoute() {
    Map<String, String> routes = Map.of("/search?q=dragon", "/search", "/search/winter", "/search/{q}",
      "/documents/book-00042", "/documents/{id}", "/health/ready", "/health/ready");
    Map<String, String> traceIds = new java.util.HashMap<>();
    routes.forEach((uri, route) -> {
      HttpResponse<Buffer> response = call(HttpMethod.GET, uri, null, false);
      assertThat(response.statusCode()).as(uri).isEqualTo(200);
      String traceresponse = response.getHeader("traceresponse");
      assertThat(traceresponse).as("traceresponse of " + uri).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
      traceIds.put(traceresponse.substring(3, 35), route);
    });
    ServiceTestSupport.until("a server span for each request", Duration.ofSeconds(30), () -> traceIds.keySet()
      .stream().allMatch(id -> receiver.spans().stream().anyMatch(s -> hex(s.getTraceId()).equals(id)
        && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)));
    traceIds.forEach((traceId, route) -> {
      Span server = receiver.spans().stream().filter(s -> hex(s.getTraceId()).equals(traceId)
        && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
      assertThat(server.getName()).isEqualTo("GET " + route);
      assertThat(server.getAttributesList()).anySatisfy(a -> {
        assertThat(a.getKey()).isEqualTo("http.route");
        assertThat(a.getValue().getStringValue()).isEqualTo(route);
      });
    });
    // A request that no route matches keeps the method alone as its name, without http.route.
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    assertThat(await(web.get(port, "127.0.0.1", "/no/such/route")
      .putHeader("traceparent", "00-" + traceId + "-b7ad6b7169203331-01").send()).statusCode()).isEqualTo(404);
    ServiceTestSupport.until("the 404's server span", Duration.ofSeconds(30), () -> receiver.spans().stream()
      .anyMatch(s -> hex(s.getTraceId()).equals(traceId) && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER));
    Span unrouted = receiver.spans().stream().filter(s -> hex(s.getTraceId()).equals(traceId)
      && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    assertThat(unrouted.getName()).isEqualTo("GET");
    assertThat(unrouted.getAttributesList()).noneSatisfy(a -> assertThat(a.getKey()).isEqualTo("http.route"));
  }

  @Test
  @Order(11)
  void deleteAllRemovesEveryDocument() {
    JsonObject summary = json(call(HttpMethod.DELETE, "/documents", null, true));
    assertThat(summary.getLong("succeeded")).isEqualTo(sampleLines + 5_000);
    assertThat(json(call(HttpMethod.GET, "/search?size=1", null, false)).getLong("total")).isZero();
  }

  @Test
  @Order(12)
  void stopClosesTheClientAndItsConnections() {
    long beforeStop = openHttpConnections(observer);
    assertThat(beforeStop).as("the service holds pooled connections").isGreaterThan(baselineConnections);
    await(vertx.undeploy(deployment));
    Throwable afterStop = await(verticle.client().info().<Throwable>transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(afterStop).isInstanceOf(ClientClosedException.class);
    ServiceTestSupport.until("the service's connections to be closed", Duration.ofSeconds(30),
      () -> openHttpConnections(observer) <= baselineConnections);
  }

  private static long openHttpConnections(ElasticsearchClient observer) {
    JsonObject nodes = await(observer.perform(HttpMethod.GET, "/_nodes/stats/http", null, null)).body()
      .getJsonObject("nodes");
    return nodes.stream().mapToLong(e -> ((JsonObject) e.getValue()).getJsonObject("http").getLong("current_open"))
      .sum();
  }

  static String readResource(String name) throws IOException {
    try (InputStream in = SearchServiceTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
