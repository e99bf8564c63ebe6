package dev.vertx.elasticsearch.error;

/** The index, document or resource does not exist (HTTP 404). */
public class NotFoundException extends ApiException {

  /**
   * @param errorType the {@code error.type} of the body, or {@code null}
   * @param reason the {@code error.reason} of the body, or {@code null}
   * @param body the response body as text
   * @param node the URL of the node that answered
   */
  public NotFoundException(String errorType, String reason, String body, String node) {
    super(404, errorType, reason, body, node);
  }
}
