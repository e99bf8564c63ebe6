package dev.vertx.elasticsearch.error;

import java.util.List;

/**
 * Root of every error the client reports. Two families sit below it: {@link ApiException}, an answer from
 * Elasticsearch with an error status, and {@link TransportException}, a failure to get an answer at all.
 * <p>
 * When a request was retried, {@link #attemptErrors()} holds the errors of the earlier attempts, oldest first, and
 * the message says how many attempts were made on how many nodes. Messages never contain credentials.
 */
public abstract class ElasticsearchException extends RuntimeException {

  /** The errors of the earlier attempts, oldest first. */
  private List<ElasticsearchException> attemptErrors = List.of();
  /** How many attempts were made, 0 when not counted. */
  private int attempts;
  /** On how many nodes. */
  private int nodes;

  /**
   * @param message what went wrong, without credentials
   * @param cause the underlying failure, or {@code null}
   */
  protected ElasticsearchException(String message, Throwable cause) {
    super(message, cause);
  }

  /** @return the errors of earlier attempts of the same request, oldest first; empty when it was not retried */
  public List<ElasticsearchException> attemptErrors() {
    return attemptErrors;
  }

  /** @return how many attempts the request made, {@code 0} when unknown (the error came before any attempt) */
  public int attempts() {
    return attempts;
  }

  /**
   * Records the errors of earlier attempts. Called by the transport once, before the error is reported.
   *
   * @param errors the errors of the earlier attempts, oldest first
   * @return this exception
   */
  public ElasticsearchException withAttemptErrors(List<ElasticsearchException> errors) {
    this.attemptErrors = List.copyOf(errors);
    errors.forEach(this::addSuppressed);
    return this;
  }

  /**
   * Records how many attempts were made on how many distinct nodes; the message then ends with them. Called by the
   * transport once, before the error is reported.
   *
   * @param attempts the attempts made
   * @param nodes the distinct nodes tried
   * @return this exception
   */
  public ElasticsearchException withAttempts(int attempts, int nodes) {
    this.attempts = attempts;
    this.nodes = nodes;
    return this;
  }

  @Override
  public String getMessage() {
    String message = super.getMessage();
    if (attempts == 0) {
      return message;
    }
    return message + " (" + attempts + (attempts == 1 ? " attempt" : " attempts") + " on " + nodes
      + (nodes == 1 ? " node)" : " nodes)");
  }
}
