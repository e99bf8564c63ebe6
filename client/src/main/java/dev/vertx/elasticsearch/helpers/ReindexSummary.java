package dev.vertx.elasticsearch.helpers;

/**
 * What a client-side reindex did.
 *
 * @param scanned hits read from the source
 * @param dropped hits the transform dropped
 * @param dataStream whether the target was a data stream (then {@code create} was used)
 * @param bulk the bulk summary of the writes: successes, failures with their documents, retries...
 */
public record ReindexSummary(long scanned, long dropped, boolean dataStream, BulkSummary bulk) {

  /** @return documents written */
  public long written() {
    return bulk.stats().successes();
  }

  /** @return documents that failed to be written */
  public long failed() {
    return bulk.stats().failures();
  }
}
