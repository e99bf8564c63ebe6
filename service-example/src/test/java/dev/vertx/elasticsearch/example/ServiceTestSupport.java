package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * What the service's tests share: deploying the service, a client of the node to observe it, and waiting helpers
 * (every wait is bounded and says what it waited for).
 */
final class ServiceTestSupport {

  private ServiceTestSupport() {
  }

  /**
   * Deploys the service and waits (bounded) until it listens.
   *
   * @return the port it listens on
   */
  static int deploy(Vertx vertx, ServiceConfig config) throws Exception {
    SearchVerticle verticle = new SearchVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.toJson())).await(30, TimeUnit.SECONDS);
    return verticle.actualPort();
  }

  /**
   * @param index the service's index (alias)
   * @param apiKey the key writes need, {@code null} for none
   * @return the configuration of a service on the node, on any free port, with 1 MB bounds on request bodies
   */
  static ServiceConfig config(EmbeddedElasticsearch es, String index, String apiKey) {
    return new ServiceConfig(List.of(es.httpUrl()), es.majorVersion(), index, 0, apiKey, 1 << 20, 1 << 20);
  }

  /** @return a client of the node that sees what the service did, beside it */
  static ElasticsearchClient observer(Vertx vertx, EmbeddedElasticsearch es) {
    return ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(es.httpUrl()).setCompatibilityVersion(es.majorVersion())));
  }

  /** Polls a condition every 20 ms until it holds, or fails after the bound. */
  static void until(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not within " + bound.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** @return an SDK that exports spans to the receiver at once (50 ms batches) */
  static io.opentelemetry.sdk.OpenTelemetrySdk exportingTo(OtlpReceiver receiver, String serviceName) {
    return Telemetry.init(java.util.Map.of(), java.util.Map.of("otel.traces.exporter", "otlp",
      "otel.exporter.otlp.endpoint", receiver.endpoint(), "otel.exporter.otlp.protocol", "http/protobuf",
      "otel.bsp.schedule.delay", "50", "otel.service.name", serviceName));
  }

  /** @return a Vert.x whose HTTP server and client spans go to the SDK, as {@link Main} builds it */
  static io.vertx.core.Vertx tracedVertx(io.opentelemetry.sdk.OpenTelemetrySdk otel) {
    return io.vertx.core.Vertx.builder().with(new io.vertx.core.VertxOptions()
        .setTracingOptions(new io.vertx.tracing.opentelemetry.OpenTelemetryOptions()))
      .withTracer(new io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory(otel)).build();
  }

  /** @return the bytes as lower-case hex, e.g. an OTLP trace id */
  static String hex(com.google.protobuf.ByteString bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes.toByteArray()) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  /** @return a port that was free a moment ago */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** @return the result of the future, or an assertion error after 60 s */
  static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("No answer within 60 s", e);
    }
  }

  /** @return the last readiness answer, once it is 200 (fails after the bound with the last answer) */
  static JsonObject awaitReady(WebClient web, int port, Duration bound) {
    AtomicReference<HttpResponse<Buffer>> last = new AtomicReference<>();
    try {
      until("readiness 200", bound, () -> {
        HttpResponse<Buffer> response = await(web.get(port, "127.0.0.1", "/health/ready").send()
          .recover(err -> Future.succeededFuture(null)));
        last.set(response);
        return response != null && response.statusCode() == 200;
      });
    } catch (AssertionError e) {
      HttpResponse<Buffer> response = last.get();
      throw new AssertionError(e.getMessage() + "; last answer: " + (response == null ? "none"
        : response.statusCode() + " " + response.bodyAsString()), e);
    }
    return last.get().bodyAsJsonObject();
  }

  /**
   * @return a child JVM on this test's Java with these arguments (e.g. {@code -jar x.jar}), its output (both streams)
   *     going to the log file
   */
  static ProcessBuilder childJvm(java.nio.file.Path log, String... args) {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(java.util.List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
  }

  /** @return the last 40 lines of a child process's log, under a heading, to explain a failure ("" if unreadable) */
  static String lastLines(String heading, java.nio.file.Path log) {
    try {
      java.util.List<String> lines = java.nio.file.Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
      return "\n--- " + heading + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
        lines.size()));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Stops a child process: SIGTERM, then a kill if it has not exited within 30 s. */
  static void stop(Process process) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
