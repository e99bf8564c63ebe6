package dev.vertx.elasticsearch.transport;

/** One call as an {@link Instrumentation} sees it when it starts: what is sent, and the call's own headers. */
public interface TransportCall {

  /** @return the request, frozen: it cannot change while the call runs */
  TransportRequest request();

  /** @return the per-call settings, or {@code null} */
  CallOptions options();

  /** @return whether a 2xx answer's body is handed out as a stream ({@link Transport#performStream}) */
  boolean streamed();

  /**
   * Adds a header to this call's requests only (e.g. W3C {@code traceparent}); the request object is not changed.
   *
   * @param name the header name
   * @param value its value
   */
  void putHeader(String name, String value);
}
