package dev.vertx.elasticsearch.error;

/**
 * Opening a connection to a node took longer than {@code connectTimeout}. Nothing was sent; the node is taken out
 * of rotation for a while and the request is retried on another one. A node that is slow to <em>answer</em> fails
 * with {@link RequestTimeoutException} instead.
 */
public class ConnectionTimeoutException extends ConnectionException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public ConnectionTimeoutException(String message, String node, Throwable cause) {
    super(message, node, cause, false);
  }
}
