package dev.vertx.elasticsearch.error;

/**
 * No answer came within the request timeout (counted from the moment the request starts being written, so time spent
 * waiting for a pooled connection does not count), or the call's total timeout ran out across its retries. The node
 * stays in rotation: it accepted the connection and is merely slow. Retried only when {@code retryOnTimeout} is set,
 * and then, when {@link #maybeApplied()}, only for requests that are safe to repeat.
 */
public class RequestTimeoutException extends TransportException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   * @param maybeApplied whether the whole request had been written when the timeout fired
   */
  public RequestTimeoutException(String message, String node, Throwable cause, boolean maybeApplied) {
    super(message, node, cause, maybeApplied);
  }
}
