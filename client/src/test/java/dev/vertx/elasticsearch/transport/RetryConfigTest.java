package dev.vertx.elasticsearch.transport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryConfigTest {

  @Test
  void defaultsAndJsonRoundTrip() {
    RetryConfig defaults = new RetryConfig();
    assertThat(defaults.maxRetries()).isEqualTo(3);
    assertThat(defaults.initialBackoff()).isEqualTo(100);
    assertThat(defaults.maxBackoff()).isEqualTo(10_000);
    assertThat(defaults.maxRetryTime()).isZero();
    assertThat(defaults.retryOnStatus()).containsExactlyInAnyOrder(429, 502, 503, 504);
    assertThat(defaults.retryOnTimeout()).isFalse();
    assertThat(new RetryConfig(new JsonObject())).isEqualTo(defaults);

    RetryConfig custom = defaults.withMaxRetries(RetryConfig.UNLIMITED).withInitialBackoff(7).withMaxBackoff(70)
      .withMaxRetryTime(60_000).withRetryOnStatus(Set.of(429)).withRetryOnTimeout(true);
    assertThat(new RetryConfig(custom.toJson())).isEqualTo(custom).hasSameHashCodeAs(custom);
    assertThat(custom).isNotEqualTo(defaults);
    assertThat(defaults.maxRetries()).as("with... copies").isEqualTo(3);
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new RetryConfig().withMaxRetries(-1)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> new RetryConfig().withInitialBackoff(-1)).hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new RetryConfig().withMaxBackoff(-1)).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> new RetryConfig().withMaxRetryTime(-1)).hasMessageContaining("maxRetryTime");
    assertThatThrownBy(() -> new RetryConfig().withRetryOnStatus(Set.of(42))).hasMessageContaining("42");
    assertThatThrownBy(() -> new RetryConfig(new JsonObject().put("retryOnStatus", new JsonArray().add("x"))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
  }

  @Test
  void retriesStopAtTheCountOrTheTimeBudget() {
    RetryConfig byCount = new RetryConfig().withMaxRetries(2);
    assertThat(byCount.allowsRetry(1, Long.MAX_VALUE / 2)).isTrue();
    assertThat(byCount.allowsRetry(2, 0)).isFalse();
    RetryConfig byTime = new RetryConfig().withMaxRetries(RetryConfig.UNLIMITED).withMaxRetryTime(1_000);
    assertThat(byTime.allowsRetry(1_000_000, 999)).isTrue();
    assertThat(byTime.allowsRetry(1, 1_000)).isFalse();
  }

  @Test
  void backoffDoublesUpToItsCapWithEqualJitter() {
    RetryConfig config = new RetryConfig().withInitialBackoff(100).withMaxBackoff(1_000);
    for (int i = 0; i < 200; i++) {
      assertThat(config.backoff(1)).isBetween(50L, 100L);
      assertThat(config.backoff(3)).isBetween(200L, 400L);
      assertThat(config.backoff(40)).isBetween(500L, 1_000L);
    }
    assertThat(new RetryConfig().withInitialBackoff(0).backoff(5)).isZero();
    assertThat(config.retriesStatus(503)).isTrue();
    assertThat(config.retriesStatus(500)).isFalse();
    assertThat(config.retriesStatus(-1)).isFalse();
  }

  @Test
  void theBackoffsMustBeInOrder() {
    assertThatThrownBy(() -> new RetryConfig().withInitialBackoff(20_000)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("initialBackoff (20000 ms) must not exceed maxBackoff (10000 ms)")
      .hasMessageContaining("withBackoff(initial, max)");
    assertThatThrownBy(() -> new RetryConfig().withMaxBackoff(50)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("initialBackoff (100 ms) must not exceed maxBackoff (50 ms)");
    assertThatThrownBy(() -> new RetryConfig().withBackoff(2, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryConfig(new JsonObject().put("initialBackoff", 2).put("maxBackoff", 1)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
    RetryConfig longer = new RetryConfig().withBackoff(20_000, 60_000);
    assertThat(longer.initialBackoff()).isEqualTo(20_000);
    assertThat(longer.maxBackoff()).isEqualTo(60_000);
    assertThat(new RetryConfig().withBackoff(0, 0).backoff(3)).isZero();
  }

  @Test
  void fromJsonKeepsTheGivenDefaultsForMissingFields() {
    RetryConfig base = new RetryConfig().withMaxRetries(RetryConfig.UNLIMITED).withMaxRetryTime(60_000);
    RetryConfig read = RetryConfig.fromJson(new JsonObject().put("maxBackoff", 20_000), base);
    assertThat(read).isEqualTo(base.withMaxBackoff(20_000));
    assertThat(RetryConfig.NONE.maxRetries()).isZero();
    assertThat(RetryConfig.NONE.allowsRetry(0, 0)).isFalse();
  }
}
