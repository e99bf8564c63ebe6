package dev.vertx.elasticsearch.error;

/** Elasticsearch rejected the request as malformed (HTTP 400). */
public class BadRequestException extends ApiException {

  /**
   * @param errorType the {@code error.type} of the body, or {@code null}
   * @param reason the {@code error.reason} of the body, or {@code null}
   * @param body the response body as text
   * @param node the URL of the node that answered
   */
  public BadRequestException(String errorType, String reason, String body, String node) {
    super(400, errorType, reason, body, node);
  }
}
