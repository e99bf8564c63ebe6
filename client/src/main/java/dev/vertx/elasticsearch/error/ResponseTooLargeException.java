package dev.vertx.elasticsearch.error;

/** The response body exceeded the configured maximum response size; the connection was reset. */
public class ResponseTooLargeException extends TransportException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public ResponseTooLargeException(String message, String node, Throwable cause) {
    super(message, node, cause);
  }
}
