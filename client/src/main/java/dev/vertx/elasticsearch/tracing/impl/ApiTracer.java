package dev.vertx.elasticsearch.tracing.impl;

import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.impl.ClientMeta;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.Set;

/**
 * Starts one OpenTelemetry CLIENT span per API call, following the database semantic conventions for
 * Elasticsearch. Resolves its tracer lazily: the configured {@code OpenTelemetry}, else {@code GlobalOpenTelemetry}
 * once an SDK registered it; until then, and when disabled or the provider is a no-op, {@link #start} returns
 * {@code null} and costs nothing.
 */
public final class ApiTracer {

  /** The instrumentation scope name. */
  public static final String SCOPE = "dev.vertx.elasticsearch";

  /** Endpoints whose body is a search, captured as {@code db.query.text} when enabled. */
  static final Set<String> SEARCH_ENDPOINTS = Set.of("search", "async_search.submit", "msearch", "eql.search",
    "esql.query", "esql.async_query", "terms_enum", "search_template", "msearch_template",
    "render_search_template", "knn_search", "fleet.search", "fleet.msearch", "rollup.rollup_search", "search_mvt",
    "sql.query", "count");

  private final boolean enabled;
  private final boolean captureQuery;
  private final OpenTelemetry configured;
  private volatile Resolved resolved;

  private record Resolved(Tracer tracer, TextMapPropagator propagator) {
  }

  private final boolean vertxTracing;

  /**
   * @param enabled whether API calls are traced
   * @param captureQuery whether search bodies are recorded, sanitised, as {@code db.query.text}
   * @param openTelemetry the instance to trace with, or {@code null} for {@code GlobalOpenTelemetry} once set
   * @param vertxTracing whether Vert.x tracing is on: its HTTP client spans then carry the trace headers
   */
  public ApiTracer(boolean enabled, boolean captureQuery, OpenTelemetry openTelemetry, boolean vertxTracing) {
    this.vertxTracing = vertxTracing;
    this.enabled = enabled;
    this.captureQuery = captureQuery;
    this.configured = openTelemetry;
  }

  /** @return the tracer in use, or {@code null} when tracing is off or no SDK is registered (yet) */
  public Tracer tracer() {
    Resolved r = resolve();
    return r == null ? null : r.tracer;
  }

  /**
   * Starts the span of an API call, as a child of the current context, and prepares the request: W3C trace headers
   * and an attempt listener that records every attempt.
   *
   * @param request the request about to be sent
   * @return the span, or {@code null} when tracing is off
   */
  public ApiSpan start(TransportRequest request) {
    Resolved r = resolve();
    if (r == null) {
      return null;
    }
    return ApiSpan.start(r.tracer, vertxTracing ? null : r.propagator, request, captureQuery && request.endpoint() != null
      && SEARCH_ENDPOINTS.contains(request.endpoint()));
  }

  private Resolved resolve() {
    if (!enabled) {
      return null;
    }
    Resolved r = resolved;
    if (r != null) {
      return r.tracer == null ? null : r;
    }
    OpenTelemetry otel = configured;
    if (otel == null) {
      if (!GlobalOpenTelemetry.isSet()) {
        return null;
      }
      otel = GlobalOpenTelemetry.get();
    }
    r = otel.getTracerProvider() == TracerProvider.noop()
      ? new Resolved(null, null)
      : new Resolved(otel.getTracer(SCOPE, ClientMeta.version()), otel.getPropagators().getTextMapPropagator());
    resolved = r;
    return r.tracer == null ? null : r;
  }
}
