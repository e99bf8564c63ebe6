package dev.vertx.elasticsearch.typed.impl;

/**
 * Which typed requests may be sent again when the outcome of an attempt is unknown (a timeout, a connection lost
 * after the request left). The one place that decides it for the typed transport.
 * <p>
 * Today: {@code GET} and {@code HEAD} only. When the core client carries a per-request "safe to retry" flag and
 * generated endpoint metadata saying which endpoints are retry-safe (e.g. {@code search} sent as {@code POST}), this
 * method should look the endpoint id up there instead.
 */
public final class RetrySafety {

  private RetrySafety() {
  }

  /**
   * @param endpoint the endpoint id without elasticsearch-java's {@code es/} prefix, e.g. {@code search}
   * @param method the HTTP method elasticsearch-java chose for this request
   * @return whether an attempt with an unknown outcome may be retried
   */
  public static boolean retrySafe(String endpoint, String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }
}
