package dev.vertx.elasticsearch.tracing.impl;

import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.TransportCall;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.impl.ClientMeta;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;

import java.util.Objects;
import java.util.Set;

/**
 * Starts one CLIENT span per API call, following the database semantic conventions for Elasticsearch, as its
 * {@link TracingPolicy} says: with the OpenTelemetry API when an SDK is there (the configured {@code OpenTelemetry},
 * else {@code GlobalOpenTelemetry} once an SDK registered it), else through Vert.x's tracer SPI when Vert.x has a
 * tracer, else not at all: {@link #startCall} then returns {@code null} and costs nothing.
 */
public final class ApiTracer implements Instrumentation {

  /** The instrumentation scope name. */
  public static final String SCOPE = "dev.vertx.elasticsearch";

  /** Endpoints whose body is a search, captured as {@code db.query.text} when enabled. */
  static final Set<String> SEARCH_ENDPOINTS = Set.of("search", "async_search.submit", "msearch", "eql.search",
    "esql.query", "esql.async_query", "terms_enum", "search_template", "msearch_template",
    "render_search_template", "knn_search", "fleet.search", "fleet.msearch", "rollup.rollup_search", "search_mvt",
    "sql.query", "count");

  private final boolean enabled;
  private final boolean captureQuery;
  private final OpenTelemetryLookup openTelemetry;
  private final TracingPolicy policy;
  private final VertxInternal vertx;
  private final VertxTracer<?, ?> vertxTracer;
  private volatile Resolved resolved;

  /** The OpenTelemetry tracer, the one the helpers get (the same, or one that follows the policy), the propagator. */
  private record Resolved(Tracer tracer, Tracer helperTracer, TextMapPropagator propagator) {
  }

  /**
   * @param enabled whether API calls are traced
   * @param captureQuery whether search bodies are recorded, sanitised, as {@code db.query.text}
   * @param openTelemetry the instance to trace with, or {@code null} for {@code GlobalOpenTelemetry} once set (see
   *     {@link OpenTelemetryLookup})
   * @param policy when to make a span: {@code PROPAGATE} only inside an active trace, {@code ALWAYS}, or
   *     {@code IGNORE} never
   * @param vertx the Vert.x instance: its tracer, when it has one, carries the trace headers in its HTTP client spans,
   *     and reports the client's spans when no OpenTelemetry SDK is there
   */
  public ApiTracer(boolean enabled, boolean captureQuery, OpenTelemetry openTelemetry, TracingPolicy policy,
                   VertxInternal vertx) {
    this.enabled = enabled && policy != TracingPolicy.IGNORE;
    this.captureQuery = captureQuery;
    this.openTelemetry = new OpenTelemetryLookup(openTelemetry);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.vertx = vertx;
    this.vertxTracer = vertx.tracer();
  }

  /**
   * @return the tracer for spans that group API calls (the helpers'), following the policy; {@code null} when tracing
   *     is off or no OpenTelemetry SDK is there (yet)
   */
  public Tracer tracer() {
    Resolved r = resolve();
    return r == null ? null : r.helperTracer;
  }

  /**
   * Starts the span of an API call, as a child of the caller's current context, which records every attempt and
   * adds the W3C trace headers to the call (unless Vert.x tracing sends them).
   *
   * @param call the call about to be sent
   * @return the span, or {@code null} when tracing is off, or the policy says no span for this call
   */
  @Override
  public CallObserver startCall(TransportCall call) {
    TransportRequest request = call.request();
    if (!enabled) {
      return null;
    }
    Resolved r = resolve();
    if (r != null) {
      Context parent = Context.current();
      if (policy == TracingPolicy.PROPAGATE && !Span.fromContext(parent).getSpanContext().isValid()) {
        return null;
      }
      return OpenTelemetryApiSpan.start(r.tracer, parent, vertxTracer != null ? null : r.propagator, call,
        captureQuery && request.endpoint() != null && SEARCH_ENDPOINTS.contains(request.endpoint()));
    }
    return vertxTracer == null ? null
      : VertxTracerApiSpan.start(vertxTracer, vertx.getOrCreateContext(), policy, call);
  }

  /** @return the span name: the endpoint id and the index ({@code search books}), or the HTTP method */
  static String spanName(TransportRequest request) {
    String operation = request.endpoint();
    String index = DbConventions.collection(request);
    return operation == null ? request.method().name() : index == null ? operation : operation + " " + index;
  }

  private Resolved resolve() {
    if (!enabled) {
      return null;
    }
    Resolved r = resolved;
    if (r != null) {
      return r.tracer == null ? null : r;
    }
    OpenTelemetry otel = openTelemetry.get();
    if (otel == null) {
      return null;
    }
    if (otel.getTracerProvider() == TracerProvider.noop()) {
      r = new Resolved(null, null, null);
    } else {
      Tracer tracer = otel.getTracer(SCOPE, ClientMeta.version());
      r = new Resolved(tracer, policy == TracingPolicy.ALWAYS ? tracer : new ParentOnlyTracer(tracer),
        otel.getPropagators().getTextMapPropagator());
    }
    resolved = r;
    return r.tracer == null ? null : r;
  }
}
