package dev.vertx.elasticsearch.error;

/** The credentials lack the privilege for the request (HTTP 403). */
public class AuthorizationException extends ApiException {

  /**
   * @param errorType the {@code error.type} of the body, or {@code null}
   * @param reason the {@code error.reason} of the body, or {@code null}
   * @param body the response body as text
   * @param node the URL of the node that answered
   */
  public AuthorizationException(String errorType, String reason, String body, String node) {
    super(403, errorType, reason, body, node);
  }
}
