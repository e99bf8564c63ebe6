package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.transport.impl.CompositeInstrumentation;

/**
 * The one seam through which calls are observed: the transport asks it once per call, {@link Transport#perform} and
 * {@link Transport#performStream} alike, for a {@link CallObserver} that then sees every attempt and the outcome.
 * The client's tracing (OpenTelemetry or the Vert.x tracer), its {@code db.client.operation.duration} metric and the
 * Vert.x metrics SPI are implementations of it. Implementations are called on the caller's Vert.x context and must
 * not block.
 */
@FunctionalInterface
public interface Instrumentation {

  /**
   * A call was handed to the transport; called on the caller's thread before anything is sent, so that what is
   * current there (a trace context) can be read.
   *
   * @param call what is sent, and the call's own headers to add to (trace propagation)
   * @return what observes this call, or {@code null} to observe nothing of it
   */
  CallObserver startCall(TransportCall call);

  /** @return an instrumentation that observes nothing */
  static Instrumentation none() {
    return CompositeInstrumentation.NONE;
  }

  /**
   * @param parts the instrumentations, in the order their observers are called; {@code null}s and {@link #none()}
   *     are skipped
   * @return one instrumentation that asks each part and observes with all their observers
   */
  static Instrumentation of(Instrumentation... parts) {
    return CompositeInstrumentation.of(parts);
  }
}
