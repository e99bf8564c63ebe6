package dev.vertx.elasticsearch.error;

/**
 * No pooled connection to a node could be had: its wait queue was full ({@code maxPoolWaitQueueSize}) or the wait
 * took longer than {@code poolWaitTimeout}. This is local congestion, not a node failure: the node stays in
 * rotation. Nothing was sent, so the request may be retried on another node.
 */
public class PoolExhaustedException extends TransportException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public PoolExhaustedException(String message, String node, Throwable cause) {
    super(message, node, cause, false);
  }
}
