package dev.vertx.elasticsearch.helpers;

/**
 * The cause of operations failed because their bulk helper was aborted before they were applied, or while their
 * request was in flight (then the server may still have applied them).
 */
public class BulkAbortedException extends RuntimeException {

  /** @param message what was pending when the helper was aborted */
  public BulkAbortedException(String message) {
    super(message, null, false, false);
  }
}
