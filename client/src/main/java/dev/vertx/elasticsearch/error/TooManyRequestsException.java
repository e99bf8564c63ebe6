package dev.vertx.elasticsearch.error;

/** Elasticsearch is overloaded and rejected the request (HTTP 429); retried by default. */
public class TooManyRequestsException extends ApiException {

  /**
   * @param errorType the {@code error.type} of the body, or {@code null}
   * @param reason the {@code error.reason} of the body, or {@code null}
   * @param body the response body as text
   * @param node the URL of the node that answered
   */
  public TooManyRequestsException(String errorType, String reason, String body, String node) {
    super(429, errorType, reason, body, node);
  }
}
