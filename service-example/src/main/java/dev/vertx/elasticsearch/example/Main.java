package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the search service. Without {@code ELASTICSEARCH_URL} it starts an embedded Elasticsearch first. The service
 * then starts whether Elasticsearch answers or not: it sets its index up in the background (and loads the sample
 * data into it when it creates it, unless {@code LOAD_SAMPLE_DATA=false}), and {@code /health/ready} says when it
 * can serve. Ctrl-C / SIGTERM undeploys the verticle (requests in flight get {@code SHUTDOWN_GRACE_MS} to finish,
 * then the client is closed), closes Vert.x and the tracer, and stops the embedded engine. Traces go over OTLP, or to
 * Zipkin with {@code ZIPKIN_URL} ({@link TracingSetup}).
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
    TracingSetup tracing = TracingSetup.fromEnv(env);
    EmbeddedElasticsearch embedded = null;
    if (env.getOrDefault("ELASTICSEARCH_URL", "").isBlank()) {
      System.out.println("No ELASTICSEARCH_URL: starting an embedded Elasticsearch...");
      embedded = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions());
      config = config.withElasticsearch(List.of(embedded.httpUrl()), embedded.majorVersion());
      System.out.println("Embedded Elasticsearch " + embedded.version() + " at " + embedded.httpUrl());
    }
    Vertx vertx = tracing.newVertx();
    System.out.println(tracing.describe());
    SearchVerticle verticle = new SearchVerticle(tracing.clientOpenTelemetry());
    String deployment;
    try {
      // Does not wait for Elasticsearch: only the HTTP port must be free.
      deployment = vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.toJson()))
        .await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      tracing.close();
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
    int port = verticle.actualPort();
    System.out.println("Search service listening on port " + port + "; setting up the index '" + config.index()
      + "' in the background (see http://localhost:" + port + "/health/ready)");
    ServiceConfig settings = config;
    verticle.indexSetup().firstReady().onSuccess(v -> printWelcome(port, settings));

    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedElasticsearch engine = embedded;
    long undeployBound = config.shutdownGraceMs() + 10_000;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the search service (requests in flight get " + settings.shutdownGraceMs()
        + " ms)...");
      try {
        vertx.undeploy(deployment).await(undeployBound, TimeUnit.MILLISECONDS);
        System.out.println("Search service stopped, Elasticsearch client closed");
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("Clean shutdown failed: " + e.getMessage());
      } finally {
        tracing.close();
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
    String auth = config.keysRequired() ? " -H \"Authorization: ApiKey $SERVICE_API_KEY\"" : "";
    System.out.println();
    System.out.println(config.keysRequired() ? "Writes need an API key (Authorization: ApiKey <key>)."
      : "No API key set: writes are accepted from this machine only; set SERVICE_API_KEY to write from elsewhere.");
    System.out.println("Search service ready at " + base + " (Ctrl-C to stop). Open " + base
      + "/ in a browser, or try:");
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
