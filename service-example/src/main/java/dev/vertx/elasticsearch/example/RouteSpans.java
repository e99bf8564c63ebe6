package dev.vertx.elasticsearch.example;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.tracing.zipkin.ZipkinTracer;

import java.util.regex.Pattern;

/**
 * Names the server span of a request after the route that matched, {@code {method} {route}} (e.g.
 * {@code GET /documents/{id}}), and sets {@code http.route}, as the OpenTelemetry HTTP conventions ask. Vert.x
 * starts the span before routing and Vert.x Web reports the matched route to the metrics SPI only, so the first
 * handler of each route does it: on the OpenTelemetry span, or on the Zipkin (Brave) span of Vert.x's Zipkin tracer
 * ({@link ZipkinTracer#activeSpan()}). It also answers the trace id in a {@code traceresponse} header (W3C Trace
 * Context level 2), which lets the search page link each search to its trace; Zipkin's 64-bit trace ids are padded
 * to 32 hex digits there, as W3C asks. Without tracing it does nothing.
 */
final class RouteSpans implements PlatformHandler {

  /** The attribute of the HTTP semantic conventions for the matched route template. */
  static final String HTTP_ROUTE = "http.route";
  private static final Pattern PATH_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
  private static final String ZEROS = "0".repeat(32);

  private static final RouteSpans INSTANCE = new RouteSpans();

  private RouteSpans() {
  }

  /**
   * @return the handler to put first on every route (a platform handler, so that it may come before body and
   *     authentication handlers)
   */
  static PlatformHandler handler() {
    return INSTANCE;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    if (route != null && route.getPath() != null) {
      String template = template(route.getPath());
      String name = ctx.request().method().name() + " " + template;
      if (!nameOpenTelemetrySpan(ctx, name, template)) {
        nameZipkinSpan(ctx, name, template);
      }
    }
    ctx.next();
  }

  private static boolean nameOpenTelemetrySpan(RoutingContext ctx, String name, String template) {
    Span span = Span.current();
    SpanContext spanContext = span.getSpanContext();
    if (!spanContext.isValid()) {
      return false;
    }
    span.updateName(name);
    span.setAttribute(HTTP_ROUTE, template);
    traceResponse(ctx, spanContext.getTraceId(), spanContext.getSpanId(), spanContext.getTraceFlags().asHex());
    return true;
  }

  private static void nameZipkinSpan(RoutingContext ctx, String name, String template) {
    brave.Span span = ZipkinTracer.activeSpan();
    if (span == null || span.isNoop()) {
      return;
    }
    span.name(name);
    span.tag(HTTP_ROUTE, template);
    brave.propagation.TraceContext context = span.context();
    String traceId = context.traceIdString();
    traceResponse(ctx, ZEROS.substring(traceId.length()) + traceId, context.spanIdString(),
      Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
  }

  private static void traceResponse(RoutingContext ctx, String traceId, String spanId, String flags) {
    ctx.response().putHeader("traceresponse", "00-" + traceId + "-" + spanId + "-" + flags);
  }

  /** @return the Vert.x Web path with its parameters in the conventions' form: {@code /documents/{id}} */
  static String template(String path) {
    return PATH_PARAM.matcher(path).replaceAll("{$1}");
  }
}
