package dev.vertx.elasticsearch.error;

/** The connection to a node could not be opened, or broke before the whole response arrived. */
public class ConnectionException extends TransportException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public ConnectionException(String message, String node, Throwable cause) {
    super(message, node, cause);
  }
}
