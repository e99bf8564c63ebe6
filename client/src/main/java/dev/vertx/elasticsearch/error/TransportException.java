package dev.vertx.elasticsearch.error;

/**
 * No usable answer came back from Elasticsearch: the connection failed, timed out, TLS failed, the body could not be
 * read or written, the server is not Elasticsearch, or the client is closed.
 */
public class TransportException extends ElasticsearchException {

  private final String node;

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public TransportException(String message, String node, Throwable cause) {
    super(node == null ? message : message + " [node " + node + "]", cause);
    this.node = node;
  }

  /** @return the URL of the node involved, without credentials, or {@code null} when no node was involved */
  public String node() {
    return node;
  }
}
