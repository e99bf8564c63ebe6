package dev.vertx.elasticsearch.error;

import java.util.List;

/**
 * Root of every error the client reports. Two families sit below it: {@link ApiException}, an answer from
 * Elasticsearch with an error status, and {@link TransportException}, a failure to get an answer at all.
 * <p>
 * When a request was retried, {@link #attemptErrors()} holds the errors of the earlier attempts, oldest first.
 * Messages never contain credentials.
 */
public abstract class ElasticsearchException extends RuntimeException {

  private List<ElasticsearchException> attemptErrors = List.of();

  protected ElasticsearchException(String message, Throwable cause) {
    super(message, cause);
  }

  /** @return the errors of earlier attempts of the same request, oldest first; empty when it was not retried */
  public List<ElasticsearchException> attemptErrors() {
    return attemptErrors;
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
}
