package dev.vertx.elasticsearch.error;

/** A node did not answer within the request timeout. Retried only when {@code retryOnTimeout} is set. */
public class ConnectionTimeoutException extends TransportException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public ConnectionTimeoutException(String message, String node, Throwable cause) {
    super(message, node, cause);
  }
}
