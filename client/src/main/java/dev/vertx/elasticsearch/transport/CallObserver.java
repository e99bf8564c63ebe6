package dev.vertx.elasticsearch.transport;

/**
 * Observes one call for an {@link Instrumentation}: each attempt as it moves through its phases, then the outcome.
 * Called on the call's Vert.x context; must not block or throw.
 */
public interface CallObserver {

  /**
   * An attempt is about to be issued, on the call's Vert.x context; {@code issue} must be run once, on a context of
   * that event loop. An observer may make a context current around it (a span, so that Vert.x HTTP client spans nest
   * under it), on a duplicated Vert.x context of its own so that the caller's context is left as it was. This default
   * just runs it.
   *
   * @param attempt the attempt, in phase {@link TransportAttempt.Phase#ACQUIRING}
   * @param issue asks for a connection and sends the request
   */
  default void onAttempt(TransportAttempt attempt, Runnable issue) {
    issue.run();
  }

  /**
   * The attempt entered {@link TransportAttempt#phase()}; for {@link TransportAttempt.Phase#DONE} its
   * {@link TransportAttempt#outcome()} is set. Does nothing by default.
   *
   * @param attempt the attempt
   */
  default void onPhase(TransportAttempt attempt) {
  }

  /**
   * The call ended, once: with the final answer (any status), or a failure when none came. For
   * {@link Transport#performStream} with a streamed 2xx body, when that body ended or failed. Does nothing by
   * default.
   *
   * @param response the final answer, or {@code null} when none came
   * @param failure what failed the call or its streamed body, or {@code null}
   */
  default void onEnd(TransportResponse response, Throwable failure) {
  }
}
