package dev.vertx.elasticsearch.error;

/** The credentials were missing or wrong (HTTP 401). */
public class AuthenticationException extends ApiException {

  /**
   * @param errorType the {@code error.type} of the body, or {@code null}
   * @param reason the {@code error.reason} of the body, or {@code null}
   * @param body the response body as text
   * @param node the URL of the node that answered
   */
  public AuthenticationException(String errorType, String reason, String body, String node) {
    super(401, errorType, reason, body, node);
  }
}
