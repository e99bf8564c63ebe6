package dev.vertx.elasticsearch.helpers;

import io.vertx.core.json.JsonObject;

/**
 * A snapshot of a bulk helper's counters.
 *
 * @param operations operations accepted so far
 * @param successes operations applied
 * @param failures operations that failed, those of unknown outcome included (ignored statuses excluded)
 * @param ignored operations that failed with an ignored status
 * @param noops updates that changed nothing (also counted in {@code successes})
 * @param unknown operations whose request may have been applied but whose answer was lost, not retried because
 *     repeating them could apply them twice (also counted in {@code failures}; outcome
 *     {@link BulkItemResult.Outcome#UNKNOWN})
 * @param probablyApplied operations a retry found already done by an earlier attempt whose answer was lost (outcome
 *     {@link BulkItemResult.Outcome#PROBABLY_APPLIED}; neither a success nor a failure)
 * @param retries operation retries (one operation retried twice counts 2)
 * @param requests bulk requests sent, retries included
 * @param bytes NDJSON bytes sent, retries included
 * @param buffered operations waiting in the buffer (not yet sent, not waiting for a retry)
 * @param pending operations accepted but not yet accounted for (buffered, in flight or waiting for a retry)
 * @param rejections operations Elasticsearch rejected and that were retried (an item answered 429 or a status of
 *     {@code retryOnStatus}, or every operation of a request answered so as a whole)
 * @param deadLettered operations written to the dead-letter stream
 * @param inFlight bulk requests in flight
 * @param concurrencyLimit the bulk requests allowed in flight now (adapted to the answers unless adaptive
 *     concurrency is off)
 * @param elapsedMillis milliseconds since the helper was created
 */
public record BulkStats(long operations, long successes, long failures, long ignored, long noops, long unknown,
                        long probablyApplied, long retries, long requests, long bytes, long buffered, long pending,
                        long rejections, long deadLettered, int inFlight, int concurrencyLimit,
                        long elapsedMillis) {

  /** @return operations accounted for per second of elapsed time */
  public double docsPerSecond() {
    return elapsedMillis <= 0 ? 0 : (successes + failures + ignored + probablyApplied) * 1000.0 / elapsedMillis;
  }

  /** @return the JSON form, with {@code docsPerSecond} */
  public JsonObject toJson() {
    return new JsonObject().put("operations", operations).put("successes", successes).put("failures", failures)
      .put("ignored", ignored).put("noops", noops).put("unknown", unknown).put("probablyApplied", probablyApplied)
      .put("retries", retries).put("requests", requests)
      .put("bytes", bytes).put("buffered", buffered).put("pending", pending).put("rejections", rejections)
      .put("deadLettered", deadLettered).put("inFlight", inFlight).put("concurrencyLimit", concurrencyLimit)
      .put("elapsedMillis", elapsedMillis)
      .put("docsPerSecond", docsPerSecond());
  }
}
