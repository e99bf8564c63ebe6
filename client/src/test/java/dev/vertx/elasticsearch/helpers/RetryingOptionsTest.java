package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry settings every helper's options share: defaults, JSON under "retry", checks. */
class RetryingOptionsTest {

  private static final RetryConfig CUSTOM = new RetryConfig().withMaxRetries(9).withBackoff(20, 40)
    .withMaxRetryTime(1_234).withRetryOnStatus(Set.of(503)).withRetryOnTimeout(true);

  @Test
  void eachHelperHasItsStatedDefault() {
    assertThat(new BulkOptions().getRetry()).isEqualTo(BulkOptions.DEFAULT_RETRY);
    assertThat(BulkOptions.DEFAULT_RETRY.maxRetries()).isEqualTo(RetryConfig.UNLIMITED);
    assertThat(BulkOptions.DEFAULT_RETRY.maxRetryTime()).isEqualTo(300_000);
    assertThat(new MsearchOptions().getRetry()).isEqualTo(MsearchOptions.DEFAULT_RETRY);
    assertThat(MsearchOptions.DEFAULT_RETRY.maxBackoff()).isEqualTo(5_000);
    assertThat(new ScanOptions().getRetry()).isEqualTo(ScanOptions.DEFAULT_RETRY);
    assertThat(ScanOptions.DEFAULT_RETRY.maxRetries()).isEqualTo(5);
    assertThat(new ReindexOptions().getRetry()).as("unset: the scan's and the bulk's own").isNull();
    assertThat(new ReindexOptions().toJson().containsKey("retry")).isFalse();
  }

  @Test
  void theRetryRoundTripsUnderOneKey() {
    assertRoundTrip(new BulkOptions().setRetry(CUSTOM).toJson(), BulkOptions::new);
    assertRoundTrip(new MsearchOptions().setRetry(CUSTOM).toJson(), MsearchOptions::new);
    assertRoundTrip(new ScanOptions().setRetry(CUSTOM).toJson(), ScanOptions::new);
    assertRoundTrip(new ReindexOptions().setRetry(CUSTOM).toJson(), ReindexOptions::new);
    assertThat(new BulkOptions(new BulkOptions().setRetry(CUSTOM)).getRetry()).isEqualTo(CUSTOM);
    assertThat(new MsearchOptions(new MsearchOptions().setRetry(CUSTOM)).getRetry()).isEqualTo(CUSTOM);
    assertThat(new ScanOptions(new ScanOptions().setRetry(CUSTOM)).getRetry()).isEqualTo(CUSTOM);
    assertThat(new ReindexOptions().setRetry(CUSTOM).toString()).startsWith("ReindexOptions{")
      .contains("\"retry\":{\"maxRetries\":9");
  }

  private static void assertRoundTrip(JsonObject json, java.util.function.Function<JsonObject, RetryingOptions<?>> read) {
    assertThat(json.getJsonObject("retry")).isEqualTo(CUSTOM.toJson());
    RetryingOptions<?> copy = read.apply(json);
    assertThat(copy.getRetry()).isEqualTo(CUSTOM);
    assertThat(copy.toJson()).isEqualTo(json);
  }

  @Test
  void aPartialRetryObjectKeepsTheHelpersOwnDefaults() {
    JsonObject json = new JsonObject().put("retry", new JsonObject().put("maxRetries", 1));
    assertThat(new BulkOptions(json).getRetry()).isEqualTo(BulkOptions.DEFAULT_RETRY.withMaxRetries(1));
    assertThat(new MsearchOptions(json).getRetry()).isEqualTo(MsearchOptions.DEFAULT_RETRY.withMaxRetries(1));
    assertThat(new ScanOptions(json).getRetry()).isEqualTo(ScanOptions.DEFAULT_RETRY.withMaxRetries(1));
    assertThat(new ReindexOptions(json).getRetry()).isEqualTo(new RetryConfig().withMaxRetries(1));
  }

  @Test
  void badValuesAreRefusedAlikeBySettersAndJson() {
    JsonObject inverted = new JsonObject().put("retry", new JsonObject().put("initialBackoff", 50_000));
    for (java.util.function.Function<JsonObject, ?> read : java.util.List.<java.util.function.Function<JsonObject, ?>>of(
      BulkOptions::new, MsearchOptions::new, ScanOptions::new)) {
      assertThatThrownBy(() -> read.apply(inverted)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackoff (50000 ms) must not exceed maxBackoff");
    }
    JsonObject negative = new JsonObject().put("retry", new JsonObject().put("maxRetryTime", -1));
    assertThatThrownBy(() -> new ReindexOptions(negative)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("maxRetryTime must be >= 0, got -1");
    assertThatThrownBy(() -> new BulkOptions().setRetry(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new MsearchOptions().setRetry(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ScanOptions().setRetry(null)).isInstanceOf(NullPointerException.class);
    assertThat(new ReindexOptions().setRetry(CUSTOM).setRetry(null).getRetry()).isNull();

    assertThatThrownBy(() -> new BulkOptions(new JsonObject().put("maxOperations", 0)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOperations must be >= 1, got 0");
    assertThatThrownBy(() -> new MsearchOptions(new JsonObject().put("concurrency", -2)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency must be >= 1, got -2");
    assertThatThrownBy(() -> new ScanOptions(new JsonObject().put("pageSize", 0)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize must be >= 1, got 0");
    assertThatThrownBy(() -> new ScanOptions(new JsonObject().put("sliceId", 0)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sliceId and sliceMax go together");
  }
}
