package dev.vertx.elasticsearch.helpers.impl;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingester's gauges report its limit and requests in flight while it runs, and nothing once closed. */
class BulkGaugesTest {

  private static long value(Collection<MetricData> metrics, String name) {
    return metrics.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow()
      .getLongGaugeData().getPoints().stream().mapToLong(LongPointData::getValue).sum();
  }

  @Test
  void theLimitAndTheRequestsInFlightAreObservedUntilClosed() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      AtomicInteger limit = new AtomicInteger(3);
      AtomicInteger inFlight = new AtomicInteger(2);
      BulkGauges gauges = BulkGauges.register(provider.get("test"), limit::get, inFlight::get);
      Collection<MetricData> first = reader.collectAllMetrics();
      assertThat(value(first, "elasticsearch.bulk.concurrency_limit")).isEqualTo(3);
      assertThat(value(first, "elasticsearch.bulk.in_flight")).isEqualTo(2);
      limit.set(1);
      assertThat(value(reader.collectAllMetrics(), "elasticsearch.bulk.concurrency_limit")).isEqualTo(1);
      gauges.close();
      assertThat(reader.collectAllMetrics()).noneMatch(m -> m.getName().startsWith("elasticsearch.bulk."));
    }
  }

  @Test
  void withoutAMeterNothingIsRegistered() {
    BulkGauges gauges = BulkGauges.register(null, () -> 1, () -> 0);
    gauges.close();
    gauges.close();
  }
}
