package dev.vertx.elasticsearch.tracing.impl;

import dev.vertx.elasticsearch.transport.TransportResponse;

/**
 * The span of one API call, started by {@link ApiTracer#start}: an OpenTelemetry span of the client's own, or one
 * reported through Vert.x's tracer SPI.
 */
public interface ApiSpan {

  /**
   * Ends the span with the call's outcome; called once.
   *
   * @param response the final answer, or {@code null} when none came
   * @param failure what failed the call (an error answer included), or {@code null}
   */
  void end(TransportResponse response, Throwable failure);
}
