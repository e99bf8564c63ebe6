package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the search service. Without {@code ELASTICSEARCH_URL} it starts an embedded Elasticsearch and loads the
 * sample data first; with it, the sample data is loaded only when the index is missing (unless
 * {@code LOAD_SAMPLE_DATA=false}). Ctrl-C / SIGTERM undeploys the verticle (closing the client), closes Vert.x and the tracer,
 * and stops the embedded engine.
 */
public final class Main {

  private Main() {
  }

  /**
   * @param args unused; settings come from the environment
   * @throws Exception when the service cannot start
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    ServiceConfig config = ServiceConfig.fromEnv(env);
    EmbeddedElasticsearch embedded = null;
    if (env.getOrDefault("ELASTICSEARCH_URL", "").isBlank()) {
      System.out.println("No ELASTICSEARCH_URL: starting an embedded Elasticsearch...");
      embedded = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions());
      config = new ServiceConfig(List.of(embedded.httpUrl()), embedded.majorVersion(), config.index(), config.port(),
        config.apiKey(), config.maxJsonBody(), config.maxBulkBody());
      System.out.println("Embedded Elasticsearch " + embedded.version() + " at " + embedded.httpUrl());
    }
    OpenTelemetrySdk otel = Telemetry.init(env);
    Vertx vertx = Vertx.builder()
      .with(new VertxOptions().setTracingOptions(new OpenTelemetryOptions()))
      .withTracer(new OpenTelemetryTracingFactory(otel))
      .build();
    SearchVerticle verticle = new SearchVerticle(otel);
    String deployment;
    try {
      deployment = vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.toJson()))
        .await(60, TimeUnit.SECONDS);
      if (embedded != null) {
        BulkSummary loaded = verticle.sampleData().reload().await(120, TimeUnit.SECONDS);
        System.out.println("Loaded " + loaded.successes() + " sample documents into '" + config.index() + "'");
      } else if (!"false".equalsIgnoreCase(env.getOrDefault("LOAD_SAMPLE_DATA", "true"))
        && verticle.sampleData().loadIfMissing().await(120, TimeUnit.SECONDS)) {
        System.out.println("The index '" + config.index() + "' was missing: loaded the sample data into it");
      }
    } catch (Exception e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
    printWelcome(verticle.actualPort(), config);

    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedElasticsearch engine = embedded;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the search service...");
      try {
        vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("Clean shutdown failed: " + e.getMessage());
      } finally {
        otel.close();
        if (engine != null) {
          engine.close();
        }
        stopped.countDown();
      }
    }, "search-service-shutdown"));
    stopped.await();
  }

  private static void printWelcome(int port, ServiceConfig config) {
    String base = "http://localhost:" + port;
    String auth = config.apiKey() == null ? "" : " -H 'Authorization: ApiKey $SERVICE_API_KEY'";
    System.out.println();
    System.out.println("Search service ready at " + base + " (Ctrl-C to stop). Try:");
    System.out.println("  curl '" + base + "/search?q=dragon&size=3'");
    System.out.println("  curl '" + base + "/search?q=love&genre=Romance&page=2'");
    System.out.println("  curl '" + base + "/documents/book-00001'");
    System.out.println("  curl -X PATCH" + auth + " -H 'Content-Type: application/json' -d '{\"rating\": 5}' '"
      + base + "/documents/book-00001'");
    System.out.println("  curl '" + base + "/export' | head -3");
    System.out.println("  curl '" + base + "/error'");
    System.out.println();
  }
}
