package dev.vertx.elasticsearch.error;

/** A version conflict or an existing resource (HTTP 409). */
public class ConflictException extends ApiException {

  /**
   * @param errorType the {@code error.type} of the body, or {@code null}
   * @param reason the {@code error.reason} of the body, or {@code null}
   * @param body the response body as text
   * @param node the URL of the node that answered
   */
  public ConflictException(String errorType, String reason, String body, String node) {
    super(409, errorType, reason, body, node);
  }
}
