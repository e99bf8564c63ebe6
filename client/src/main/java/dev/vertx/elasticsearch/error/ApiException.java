package dev.vertx.elasticsearch.error;

import io.vertx.core.json.JsonObject;

/**
 * Elasticsearch answered with an error status (400 and above, unless the status was listed in the request's
 * {@code ignoreStatus}). Subclasses exist for the statuses callers usually branch on: 400, 401, 403, 404, 409 and 429.
 */
public class ApiException extends ElasticsearchException {

  /** The HTTP status. */
  private final int status;
  /** The {@code error.type} of the body, or {@code null}. */
  private final String errorType;
  /** The {@code error.reason} of the body, or {@code null}. */
  private final String reason;
  /** The body as text, possibly empty. */
  private final String body;
  /** The URL of the node that answered, without credentials. */
  private final String node;

  /**
   * @param status the HTTP status
   * @param errorType the {@code error.type} of the body, or {@code null}
   * @param reason the {@code error.reason} of the body, or {@code null}
   * @param body the response body as text, possibly empty
   * @param node the URL of the node that answered, without credentials
   */
  public ApiException(int status, String errorType, String reason, String body, String node) {
    super(message(status, errorType, reason), null);
    this.status = status;
    this.errorType = errorType;
    this.reason = reason;
    this.body = body == null ? "" : body;
    this.node = node;
  }

  /**
   * Builds the exception for an error answer, choosing the subclass by status and reading {@code error.type} and
   * {@code error.reason} from a JSON body when there is one.
   *
   * @param status the HTTP status, 400 or above
   * @param body the response body as text, possibly empty or not JSON
   * @param node the URL of the node that answered, without credentials
   * @return the typed exception
   */
  public static ApiException of(int status, String body, String node) {
    String type = null;
    String reason = null;
    if (body != null && body.startsWith("{")) {
      try {
        Object error = new JsonObject(body).getValue("error");
        if (error instanceof JsonObject) {
          type = ((JsonObject) error).getString("type");
          reason = ((JsonObject) error).getString("reason");
        } else if (error instanceof String) {
          reason = (String) error;
        }
      } catch (RuntimeException ignored) {
        // not JSON after all: keep the raw body only
      }
    }
    switch (status) {
      case 400: return new BadRequestException(type, reason, body, node);
      case 401: return new AuthenticationException(type, reason, body, node);
      case 403: return new AuthorizationException(type, reason, body, node);
      case 404: return new NotFoundException(type, reason, body, node);
      case 409: return new ConflictException(type, reason, body, node);
      case 429: return new TooManyRequestsException(type, reason, body, node);
      default: return new ApiException(status, type, reason, body, node);
    }
  }

  private static String message(int status, String errorType, String reason) {
    StringBuilder sb = new StringBuilder("Elasticsearch answered ").append(status);
    if (errorType != null) {
      sb.append(' ').append(errorType);
    }
    if (reason != null) {
      sb.append(": ").append(reason);
    }
    return sb.toString();
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }

  /** @return the Elasticsearch error type such as {@code index_not_found_exception}, or {@code null} */
  public String errorType() {
    return errorType;
  }

  /** @return the Elasticsearch error reason, or {@code null} */
  public String reason() {
    return reason;
  }

  /** @return the raw response body as text, possibly empty */
  public String body() {
    return body;
  }

  /** @return the response body parsed as JSON, or {@code null} when it is not a JSON object */
  public JsonObject bodyAsJson() {
    try {
      return body.isEmpty() ? null : new JsonObject(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** @return the URL of the node that answered, without credentials */
  public String node() {
    return node;
  }
}
