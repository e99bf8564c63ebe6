package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.helpers.BulkProgress;
import dev.vertx.elasticsearch.helpers.BulkStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The log line a large bulk upload writes every interval. */
class UploadProgressTest {

  private static BulkStats stats(long successes, long failures, long bytes, long rejections, long elapsed) {
    return new BulkStats(successes + failures, successes, failures, 0, 0, 0, 0, 7, 3, bytes, 0, 0, rejections, 0, 1,
      2, elapsed);
  }

  @Test
  void aLineSaysCountsRatesAndTheFlowControl() {
    BulkProgress progress = BulkProgress.between(stats(1_000, 0, 1_000_000, 10, 1_000),
      stats(6_000, 2, 6_000_000, 40, 6_000), false);
    assertThat(SearchVerticle.uploadProgress(progress))
      .isEqualTo("6,000 indexed, 2 failed, 7 retried, 1000 docs/s, 1.0 MB/s, 1/2 requests in flight, 30 rejections"
        + " in the last 5000 ms");
    assertThat(SearchVerticle.uploadProgress(BulkProgress.between(stats(0, 0, 0, 0, 0), stats(0, 0, 0, 0, 0), true)))
      .startsWith("done: 0 indexed");
  }
}
