package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.freePort;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.lastLines;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walkthrough without Docker, traced into a real Zipkin: Zipkin's server ({@code io.zipkin:zipkin-server}, exec
 * jar, fetched from Maven Central into {@code target/zipkin} by the build) and the packaged service with
 * {@code ZIPKIN_URL}, on an embedded Elasticsearch. A search's trace is then found through Zipkin's query API, by
 * service and span name, and by the trace id the service answered in {@code traceresponse}: the service's SERVER
 * span named after its route, and under it the client's {@code search books} span and Vert.x's HTTP client span of
 * the request to Elasticsearch.
 */
class ZipkinTracingIT {

  private static final String SERVICE = "search-service-zipkin-it";
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);
  private Process zipkin;
  private Process service;
  private EmbeddedElasticsearch es;
  private final Path zipkinLog = Path.of("target", "zipkin-it-server.log").toAbsolutePath();
  private final Path serviceLog = Path.of("target", "zipkin-it-service.log").toAbsolutePath();

  @AfterEach
  void tearDown() throws Exception {
    ServiceTestSupport.stop(service);
    ServiceTestSupport.stop(zipkin);
    vertx.close().await(30, TimeUnit.SECONDS);
    if (es != null) {
      es.close();
    }
  }

  @Test
  void searchTraceIsFoundThroughZipkinsApi() throws Exception {
    // Failsafe (mvn verify) names both jars; a surefire run matching *IT skips this.
    String zipkinJar = System.getProperty("zipkin-server.jar");
    String packaged = System.getProperty("packaged.jar");
    Assumptions.assumeTrue(zipkinJar != null && packaged != null,
      "runs in failsafe's integration-test phase, on the packaged service and the fetched Zipkin server");
    assertThat(Path.of(zipkinJar)).as("Zipkin's server, fetched by dependency:copy@zipkin-server").isRegularFile();
    assertThat(Path.of(packaged)).as("the packaged service (mvn package)").isRegularFile();

    // Zipkin boots in its own JVM while the embedded Elasticsearch starts.
    int zipkinPort = freePort();
    ProcessBuilder zipkinProcess = ServiceTestSupport.childJvm(zipkinLog, "-Xmx256m", "-jar", zipkinJar);
    zipkinProcess.environment().put("QUERY_PORT", String.valueOf(zipkinPort));
    zipkin = zipkinProcess.start();
    es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions());
    until("Zipkin's /health to answer 200", STARTUP, () -> status(zipkinPort, "/health") == 200);

    int port = freePort();
    ProcessBuilder serviceProcess = ServiceTestSupport.childJvm(serviceLog, "-jar", packaged);
    Map<String, String> env = serviceProcess.environment();
    env.keySet().removeIf(name -> name.startsWith("OTEL_") || name.equals("ZIPKIN_URL"));
    env.put("ZIPKIN_URL", "http://127.0.0.1:" + zipkinPort);
    env.put("OTEL_SERVICE_NAME", SERVICE);
    env.put("ELASTICSEARCH_URL", es.httpUrl());
    env.put("ELASTICSEARCH_COMPATIBILITY", String.valueOf(es.majorVersion()));
    env.put("PORT", String.valueOf(port));
    service = serviceProcess.start();
    try {
      ServiceTestSupport.awaitReady(web, port, STARTUP);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + lastLines("service output", serviceLog), e);
    }

    HttpResponse<Buffer> search = await(web.get(port, "127.0.0.1", "/search?q=dragon&size=3").send());
    assertThat(search.statusCode()).as(search.bodyAsString()).isEqualTo(200);
    assertThat(search.bodyAsJsonObject().getJsonArray("results")).isNotEmpty();
    String traceresponse = search.getHeader("traceresponse");
    assertThat(traceresponse).as("the trace id the page shows").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    String traceId = traceresponse.substring(3, 35);
    String serverSpanId = traceresponse.substring(36, 52);

    // Found by service and span name, as in Zipkin's search screen, once all three spans of the trace are in.
    AtomicReference<JsonArray> answer = new AtomicReference<>();
    AtomicReference<JsonArray> found = new AtomicReference<>();
    try {
      until("the search's trace in Zipkin's search (/api/v2/traces)", Duration.ofSeconds(30), () -> {
        JsonArray traces = query(zipkinPort, "/api/v2/traces?serviceName=" + SERVICE
          + "&spanName=get%20%2Fsearch&limit=50");
        answer.set(traces);
        for (int i = 0; traces != null && i < traces.size(); i++) {
          JsonArray trace = traces.getJsonArray(i);
          if (traceId.endsWith(trace.getJsonObject(0).getString("traceId")) && trace.size() >= 3) {
            found.set(trace);
            return true;
          }
        }
        return false;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; trace " + traceId + ", Zipkin's last answer: " + answer.get()
        + lastLines("Zipkin output", zipkinLog), e);
    }
    List<JsonObject> spans = found.get().stream().map(JsonObject.class::cast).collect(Collectors.toList());

    JsonObject server = only(spans, "SERVER", "get /search");
    assertThat(server.getString("id")).as("the span the service named in traceresponse").isEqualTo(serverSpanId);
    assertThat(server.getString("parentId")).as("a root span").isNull();
    assertThat(server.getJsonObject("localEndpoint").getString("serviceName")).isEqualTo(SERVICE);
    assertThat(server.getJsonObject("tags").getString("http.route")).isEqualTo("/search");
    assertThat(server.getJsonObject("tags").getString("http.path")).isEqualTo("/search");

    JsonObject elasticsearch = only(spans, "CLIENT", "search books");
    assertThat(elasticsearch.getString("parentId")).as("the client's span is a child of the request's")
      .isEqualTo(server.getString("id"));
    assertThat(elasticsearch.getJsonObject("localEndpoint").getString("serviceName")).isEqualTo(SERVICE);

    JsonObject attempt = spans.stream().filter(span -> "CLIENT".equals(span.getString("kind"))
        && span.getJsonObject("tags") != null
        && "/books/_search".equals(span.getJsonObject("tags").getString("http.path")))
      .findFirst().orElseThrow(() -> new AssertionError("no HTTP client span to Elasticsearch in " + spans));
    assertThat(attempt.getString("parentId")).isEqualTo(server.getString("id"));
    assertThat(attempt.getJsonObject("remoteEndpoint").getInteger("port"))
      .as("sent to the embedded node").isEqualTo(java.net.URI.create(es.httpUrl()).getPort());

    // The id from traceresponse (padded to 32 hex digits) opens the same trace, as in Zipkin's trace id lookup.
    JsonArray byId = query(zipkinPort, "/api/v2/trace/" + traceId);
    assertThat(byId).isNotNull();
    assertThat(byId.stream().map(span -> ((JsonObject) span).getString("id")).collect(Collectors.toSet()))
      .containsAll(spans.stream().map(span -> span.getString("id")).collect(Collectors.toSet()));

    assertThat(java.nio.file.Files.readString(serviceLog)).as("no event loop was blocked")
      .doesNotContain("has been blocked");
  }

  private static JsonObject only(List<JsonObject> spans, String kind, String name) {
    List<JsonObject> matching = spans.stream()
      .filter(span -> kind.equals(span.getString("kind")) && name.equals(span.getString("name")))
      .collect(Collectors.toList());
    assertThat(matching).as(kind + " span '" + name + "' in " + spans).hasSize(1);
    return matching.get(0);
  }

  /** @return the JSON array Zipkin answers, or {@code null} when it answers something else or nothing */
  private JsonArray query(int zipkinPort, String uri) {
    return await(web.get(zipkinPort, "127.0.0.1", uri).send()
      .map(response -> response.statusCode() == 200 ? response.bodyAsJsonArray() : null)
      .recover(err -> Future.succeededFuture(null)));
  }

  private int status(int port, String uri) {
    return await(web.get(port, "127.0.0.1", uri).send().map(HttpResponse::statusCode).otherwise(-1));
  }
}
