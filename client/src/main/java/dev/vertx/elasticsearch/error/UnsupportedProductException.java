package dev.vertx.elasticsearch.error;

/** The server answered without the {@code X-Elastic-Product: Elasticsearch} header, so it is not a supported Elasticsearch. */
public class UnsupportedProductException extends TransportException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public UnsupportedProductException(String message, String node, Throwable cause) {
    super(message, node, cause);
  }
}
