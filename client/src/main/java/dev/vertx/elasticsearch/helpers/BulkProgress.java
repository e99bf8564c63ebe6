package dev.vertx.elasticsearch.helpers;

import io.vertx.core.json.JsonObject;

/**
 * A periodic snapshot of a bulk ingester's progress, enough for a progress bar or an exported gauge.
 *
 * @param stats the counters now
 * @param intervalMillis milliseconds since the previous snapshot (or since the start)
 * @param docsPerSecond operations accounted for (applied, failed, ignored) per second over the interval
 * @param bytesPerSecond NDJSON bytes sent per second over the interval, retries included
 * @param rejectionsInInterval operations Elasticsearch rejected during the interval
 * @param ended whether this is the last snapshot, taken when the ingester ended or was aborted
 */
public record BulkProgress(BulkStats stats, long intervalMillis, double docsPerSecond, double bytesPerSecond,
                           long rejectionsInInterval, boolean ended) {

  /** @return bulk requests in flight now */
  public int inFlight() {
    return stats.inFlight();
  }

  /** @return the bulk requests allowed in flight now */
  public int concurrencyLimit() {
    return stats.concurrencyLimit();
  }

  /** @return the JSON form: the counters under {@code stats}, and the rates */
  public JsonObject toJson() {
    return new JsonObject().put("stats", stats.toJson()).put("intervalMillis", intervalMillis)
      .put("docsPerSecond", docsPerSecond).put("bytesPerSecond", bytesPerSecond)
      .put("rejectionsInInterval", rejectionsInInterval).put("inFlight", inFlight())
      .put("concurrencyLimit", concurrencyLimit()).put("ended", ended);
  }

  /**
   * Computes the rates between two snapshots of the counters.
   *
   * @param previous the counters at the previous snapshot
   * @param now the counters now
   * @param ended whether the ingester ended
   * @return the snapshot
   */
  public static BulkProgress between(BulkStats previous, BulkStats now, boolean ended) {
    long interval = Math.max(0, now.elapsedMillis() - previous.elapsedMillis());
    long done = accounted(now) - accounted(previous);
    long bytes = now.bytes() - previous.bytes();
    double perSecond = interval == 0 ? 0 : 1000.0 / interval;
    return new BulkProgress(now, interval, done * perSecond, bytes * perSecond,
      now.rejections() - previous.rejections(), ended);
  }

  private static long accounted(BulkStats s) {
    return s.successes() + s.failures() + s.ignored() + s.probablyApplied();
  }
}
