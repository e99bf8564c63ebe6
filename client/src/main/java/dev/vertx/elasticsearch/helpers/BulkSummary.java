package dev.vertx.elasticsearch.helpers;

import java.util.List;

/**
 * What a finished bulk run did.
 *
 * @param stats the final counters
 * @param failures the first failed operations (at most {@code maxReportedFailures}), each with its document,
 *     status and error; ignored statuses are not included
 * @param aborted whether the run was aborted
 */
public record BulkSummary(BulkStats stats, List<BulkItemResult> failures, boolean aborted) {

  /** @return the number of operations applied */
  public long successes() {
    return stats.successes();
  }

  /** @return the number of failed operations (more than {@link #failures()} may hold) */
  public long failureCount() {
    return stats.failures();
  }
}
