package dev.vertx.elasticsearch.example;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.tracing.zipkin.HttpSenderOptions;
import io.vertx.tracing.zipkin.ZipkinTracerFactory;
import io.vertx.tracing.zipkin.ZipkinTracingOptions;

import java.net.URI;
import java.util.Map;

/**
 * Where the service's traces go, chosen from the environment. By default OpenTelemetry: an SDK configured from the
 * {@code OTEL_*} variables ({@link Telemetry}), Vert.x's OpenTelemetry tracer on it, and the same SDK given to the
 * Elasticsearch client. With {@code ZIPKIN_URL} set (Zipkin's base URL, e.g. {@code http://localhost:9411}),
 * Zipkin instead: Vert.x's Zipkin tracer ({@code vertx-zipkin}) sends Zipkin v2 spans to {@code /api/v2/spans}
 * under the service name {@code OTEL_SERVICE_NAME} (default {@code search-service}), and the client gets no SDK, so
 * it reports its spans through that tracer (the client's Vert.x tracer fallback). Zipkin mode has no metrics.
 */
final class TracingSetup {

  /** The service name when {@code OTEL_SERVICE_NAME} is not set. */
  static final String DEFAULT_SERVICE_NAME = "search-service";

  private final OpenTelemetrySdk openTelemetry;
  private final ZipkinTracingOptions zipkin;

  private TracingSetup(OpenTelemetrySdk openTelemetry, ZipkinTracingOptions zipkin) {
    this.openTelemetry = openTelemetry;
    this.zipkin = zipkin;
  }

  /**
   * @param env the environment
   * @return Zipkin when {@code ZIPKIN_URL} is set, else OpenTelemetry from the {@code OTEL_*} variables
   * @throws IllegalArgumentException when {@code ZIPKIN_URL} is not an {@code http(s)://host[:port]} URL
   */
  static TracingSetup fromEnv(Map<String, String> env) {
    String zipkinUrl = env.getOrDefault("ZIPKIN_URL", "").trim();
    if (zipkinUrl.isEmpty()) {
      return new TracingSetup(Telemetry.init(env), null);
    }
    String serviceName = env.getOrDefault("OTEL_SERVICE_NAME", "").isBlank() ? DEFAULT_SERVICE_NAME
      : env.get("OTEL_SERVICE_NAME").trim();
    return new TracingSetup(null, new ZipkinTracingOptions().setServiceName(serviceName)
      .setSenderOptions(new HttpSenderOptions().setSenderEndpoint(spansEndpoint(zipkinUrl))));
  }

  /** @return Zipkin's span intake under its base URL: {@code http://zipkin:9411} gives {@code .../api/v2/spans} */
  static String spansEndpoint(String zipkinUrl) {
    URI uri;
    try {
      uri = URI.create(zipkinUrl);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri != null && uri.getRawUserInfo() != null) {
      // Zipkin's sender sends no credentials, and the URL is not repeated: it holds some.
      throw new IllegalArgumentException("ZIPKIN_URL must be Zipkin's base URL without user info, e.g. "
        + "http://localhost:9411");
    }
    if (uri == null || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
      || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("ZIPKIN_URL must be Zipkin's base URL, http(s)://host[:port], e.g. "
        + "http://localhost:9411 (got '" + zipkinUrl + "')");
    }
    String base = zipkinUrl.endsWith("/") ? zipkinUrl.substring(0, zipkinUrl.length() - 1) : zipkinUrl;
    return base + "/api/v2/spans";
  }

  /** @return a new Vert.x whose tracer is the chosen one; closing it closes Zipkin's tracer (after a last send) */
  Vertx newVertx() {
    if (zipkin != null) {
      return Vertx.builder().with(new VertxOptions().setTracingOptions(zipkin))
        .withTracer(new ZipkinTracerFactory()).build();
    }
    return Vertx.builder().with(new VertxOptions().setTracingOptions(new OpenTelemetryOptions()))
      .withTracer(new OpenTelemetryTracingFactory(openTelemetry)).build();
  }

  /**
   * @return the SDK the Elasticsearch client traces with, or {@code null} with Zipkin (the client then reports
   *     through Vert.x's tracer; no SDK is registered globally)
   */
  OpenTelemetry clientOpenTelemetry() {
    return openTelemetry;
  }

  /** @return where traces go, for the start-up output */
  String describe() {
    return zipkin != null ? "Traces go to Zipkin at " + zipkin.getSenderOptions().getSenderEndpoint()
      + " as service '" + zipkin.getServiceName() + "'"
      : "Traces go to OpenTelemetry as the OTEL_* variables say (set ZIPKIN_URL for Zipkin)";
  }

  /** Closes the OpenTelemetry SDK, exporting what is left; with Zipkin, closing Vert.x did it. */
  void close() {
    if (openTelemetry != null) {
      openTelemetry.close();
    }
  }
}
