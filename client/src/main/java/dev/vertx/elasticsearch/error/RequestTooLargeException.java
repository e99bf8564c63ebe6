package dev.vertx.elasticsearch.error;

/**
 * The request body is larger than the configured maximum request size (by default Elasticsearch's own
 * {@code http.max_content_length}, 100 MiB); nothing was sent. Split the request, e.g. with the bulk helper.
 */
public class RequestTooLargeException extends TransportException {

  /**
   * @param message what was too large, without credentials
   */
  public RequestTooLargeException(String message) {
    super(message, null, null);
  }
}
