package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.until;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service ({@code java -jar service-example-fat.jar}, as the container runs it) in a child JVM:
 * started before Elasticsearch, it stays up, answers liveness and says in readiness what it waits for; once
 * Elasticsearch is there it gets ready by itself. Then SIGTERM with two uploads in flight: the one that completes
 * within the grace period gets its full answer, the one that does not is cut at the end of the grace period, the
 * client is closed and the JVM exits.
 */
class PackagedServiceIT {

  private static final long GRACE_MS = 4_000;
  private static final String KEY = "it-key";

  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);
  private Process service;
  private EmbeddedElasticsearch es;
  private Path log;

  @AfterEach
  void tearDown() throws Exception {
    if (service != null && service.isAlive()) {
      service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    vertx.close().await(30, TimeUnit.SECONDS);
    if (es != null) {
      es.close();
    }
  }

  @Test
  void startsWithoutElasticsearchThenStopsGracefullyOnSigterm() throws Exception {
    // Failsafe (mvn verify) runs this after the package phase and names the jar; a surefire run matching *IT skips it.
    String packaged = System.getProperty("packaged.jar");
    Assumptions.assumeTrue(packaged != null, "runs in failsafe's integration-test phase, on the packaged jar");
    Path jar = Path.of(packaged);
    assertThat(jar).as("the packaged service (mvn package)").isRegularFile();
    int esPort = freePort();
    int port = freePort();
    log = Path.of("target", "packaged-service-it.log").toAbsolutePath();
    ProcessBuilder builder = ServiceTestSupport.childJvm(log, "-jar", jar.toString());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("OTEL_"));
    env.put("ELASTICSEARCH_URL", "http://127.0.0.1:" + esPort);
    env.put("ELASTICSEARCH_COMPATIBILITY", "8"); // works with 8.x and 9.x, whichever starts below
    env.put("PORT", String.valueOf(port));
    env.put("SERVICE_API_KEY", KEY);
    env.put("SHUTDOWN_GRACE_MS", String.valueOf(GRACE_MS));
    service = builder.start();

    // 1. Elasticsearch is not there: the JVM stays up, alive but not ready, and says why.
    until("liveness 200" + output(), Duration.ofSeconds(60), () -> status(port, "/health/live") == 200);
    HttpResponse<Buffer> notReady = await(web.get(port, "127.0.0.1", "/health/ready").send());
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(ServiceRecoveryTest.checks(notReady.bodyAsJsonObject()).getJsonObject("elasticsearch")
      .getJsonObject("data").getString("reason")).contains("unreachable");
    assertThat(service.isAlive()).as("the service still runs" + output()).isTrue();

    // 2. Elasticsearch comes: the service gets ready by itself.
    es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions().putSetting("http.port",
      String.valueOf(esPort)));
    ServiceTestSupport.awaitReady(web, port, Duration.ofSeconds(120));

    // 3. Two uploads in flight, then SIGTERM.
    HttpClient http = vertx.createHttpClient();
    // With a Content-Length, an upload within the cap streams into the index as it arrives (a chunked one would be
    // spooled until its end, to be refused whole when over the cap). The second never sends all it declares.
    long declared = documents("graceful-a", 0, 100).length() + documents("graceful-a", 100, 200).length();
    HttpClientRequest finishing = upload(http, port, declared);
    HttpClientRequest hanging = upload(http, port, declared);
    // The bodies are read as the answers arrive, on the event loop (a body not asked for at once is not kept).
    Future<JsonObject> finishingAnswer = finishing.response().compose(response -> response.body()
      .map(body -> new JsonObject().put("status", response.statusCode()).put("body", body.toJsonObject())));
    Future<Buffer> hangingAnswer = hanging.response().compose(HttpClientResponse::body);
    await(finishing.write(documents("graceful-a", 0, 100)));
    await(hanging.write(documents("graceful-b", 0, 100)));
    ElasticsearchClient observer = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(new TransportOptions().setHosts(es.httpUrl()).setCompatibilityVersion(es.majorVersion())));
    until("both uploads to be handled by the service", Duration.ofSeconds(30),
      () -> count(observer, "graceful-a") >= 100 && count(observer, "graceful-b") >= 100);

    long signalled = System.nanoTime();
    service.destroy(); // SIGTERM
    until("the service to start its stop" + output(), Duration.ofSeconds(10),
      () -> output().contains("Stopping the search service"));
    await(finishing.end(documents("graceful-a", 100, 200)));

    JsonObject finished = await(finishingAnswer);
    assertThat(finished.getInteger("status")).isEqualTo(200);
    JsonObject summary = finished.getJsonObject("body");
    assertThat(summary.getLong("succeeded")).as(summary.encode()).isEqualTo(200);
    assertThat(summary.getLong("failed")).isZero();

    Throwable cut = await(hangingAnswer.map(b -> (Throwable) null).recover(Future::succeededFuture));
    assertThat(cut).as("the upload that never ends is cut at the end of the grace period").isNotNull();
    assertThat(service.waitFor(GRACE_MS + 20_000, TimeUnit.MILLISECONDS)).as("the JVM exits" + output()).isTrue();
    long stoppedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
    assertThat(stoppedAfterMs).as("the grace period is waited for, and bounds the stop")
      .isBetween(GRACE_MS - 500, GRACE_MS + 20_000);
    assertThat(output()).contains("Search service stopped, Elasticsearch client closed");
    assertThat(count(observer, "graceful-a")).as("the finished upload is all indexed").isEqualTo(200);
  }

  private static HttpClientRequest upload(HttpClient http, int port, long length) {
    HttpClientRequest request = await(http.request(HttpMethod.POST, port, "127.0.0.1", "/documents/_bulk"));
    return request.putHeader("Content-Length", String.valueOf(length)).putHeader("Authorization", "ApiKey " + KEY)
      .putHeader("Content-Type", "application/x-ndjson");
  }

  private static Buffer documents(String genre, int from, int to) {
    StringBuilder ndjson = new StringBuilder();
    for (int i = from; i < to; i++) {
      ndjson.append(new JsonObject().put("id", genre + "-" + i).put("title", "Book " + i).put("genre", genre)
        .encode()).append('\n');
    }
    return Buffer.buffer(ndjson.toString());
  }

  private static long count(ElasticsearchClient observer, String genre) {
    return await(observer.perform(HttpMethod.POST, "/_refresh", null, null)
      .compose(v -> observer.perform(HttpMethod.POST, "/_count", null, new JsonObject().put("query",
        new JsonObject().put("term", new JsonObject().put("genre", genre))))))
      .body().getLong("count");
  }

  private int status(int port, String uri) {
    return await(web.get(port, "127.0.0.1", uri).send().map(HttpResponse::statusCode).otherwise(-1));
  }

  /** The last lines the service printed, to explain a failure. */
  private String output() {
    return ServiceTestSupport.lastLines("service output", log);
  }

}
