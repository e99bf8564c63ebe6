package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.error.ElasticsearchException;

/**
 * The cause of operations failed because their bulk helper was aborted before they were applied, or while their
 * request was in flight (then the server may still have applied them: their outcome is
 * {@link BulkItemResult.Outcome#UNKNOWN}). Part of the client's one error hierarchy.
 */
public class BulkAbortedException extends ElasticsearchException {

  /** @param message what was pending when the helper was aborted */
  public BulkAbortedException(String message) {
    super(message, null);
  }
}
