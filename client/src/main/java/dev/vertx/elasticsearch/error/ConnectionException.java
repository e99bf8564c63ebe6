package dev.vertx.elasticsearch.error;

/**
 * The connection to a node could not be opened, or broke before the whole response arrived. When it broke after
 * the whole request was written, {@link #maybeApplied()} is {@code true}.
 */
public class ConnectionException extends TransportException {

  /**
   * A connection failure before the request was fully written: it was not applied.
   *
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public ConnectionException(String message, String node, Throwable cause) {
    super(message, node, cause, false);
  }

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   * @param maybeApplied whether the whole request had been written when the connection broke
   */
  public ConnectionException(String message, String node, Throwable cause, boolean maybeApplied) {
    super(message, node, cause, maybeApplied);
  }
}
