package dev.vertx.elasticsearch.error;

/** The client was closed before or while the request ran. */
public class ClientClosedException extends TransportException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public ClientClosedException(String message, String node, Throwable cause) {
    super(message, node, cause);
  }
}
