package dev.vertx.elasticsearch.example;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.regex.Pattern;

/**
 * Names the server span of a request after the route that matched, {@code {method} {route}} (e.g.
 * {@code GET /documents/{id}}), and sets {@code http.route}, as the OpenTelemetry HTTP conventions ask. Vert.x
 * starts the span before routing and Vert.x Web reports the matched route to the metrics SPI only, so the first
 * handler of each route does it. It also answers the trace id in a {@code traceresponse} header (W3C Trace Context
 * level 2), which lets the search page link each search to its trace. Without tracing it does nothing.
 */
final class RouteSpans implements PlatformHandler {

  /** The attribute of the HTTP semantic conventions for the matched route template. */
  static final String HTTP_ROUTE = "http.route";
  private static final Pattern PATH_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");

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
    name(ctx);
    ctx.next();
  }

  private static void name(RoutingContext ctx) {
    Span span = Span.current();
    SpanContext spanContext = span.getSpanContext();
    Route route = ctx.currentRoute();
    if (!spanContext.isValid() || route == null || route.getPath() == null) {
      return;
    }
    String template = template(route.getPath());
    span.updateName(ctx.request().method().name() + " " + template);
    span.setAttribute(HTTP_ROUTE, template);
    ctx.response().putHeader("traceresponse", "00-" + spanContext.getTraceId() + "-" + spanContext.getSpanId()
      + "-" + spanContext.getTraceFlags().asHex());
  }

  /** @return the Vert.x Web path with its parameters in the conventions' form: {@code /documents/{id}} */
  static String template(String path) {
    return PATH_PARAM.matcher(path).replaceAll("{$1}");
  }
}
