package dev.vertx.elasticsearch.helpers.impl;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The gauges of one bulk ingester, observed by the metric reader while the ingester runs:
 * {@code elasticsearch.bulk.concurrency_limit} (requests allowed in flight) and {@code elasticsearch.bulk.in_flight},
 * each with an {@code elasticsearch.bulk.ingester} attribute that tells ingesters apart. Closed when the ingester ends.
 */
final class BulkGauges {

  private static final AtomicLong IDS = new AtomicLong();
  private static final AttributeKey<Long> INGESTER = AttributeKey.longKey("elasticsearch.bulk.ingester");

  private final ObservableLongGauge limit;
  private final ObservableLongGauge inFlight;

  private BulkGauges(ObservableLongGauge limit, ObservableLongGauge inFlight) {
    this.limit = limit;
    this.inFlight = inFlight;
  }

  /**
   * @param meter the client's meter, or {@code null} when it has none
   * @param limit reads the limit, from any thread
   * @param inFlight reads the requests in flight, from any thread
   * @return the registered gauges; without a meter, gauges that observe nothing
   */
  static BulkGauges register(Meter meter, IntSupplier limit, IntSupplier inFlight) {
    if (meter == null) {
      return new BulkGauges(null, null);
    }
    Attributes attributes = Attributes.of(INGESTER, IDS.incrementAndGet());
    return new BulkGauges(
      meter.gaugeBuilder("elasticsearch.bulk.concurrency_limit").ofLongs().setUnit("{request}")
        .setDescription("Bulk requests the ingester allows in flight, adapted to the cluster's answers.")
        .buildWithCallback(m -> m.record(limit.getAsInt(), attributes)),
      meter.gaugeBuilder("elasticsearch.bulk.in_flight").ofLongs().setUnit("{request}")
        .setDescription("Bulk requests of the ingester in flight.")
        .buildWithCallback(m -> m.record(inFlight.getAsInt(), attributes)));
  }

  /** Stops observing; safe to call twice. */
  void close() {
    if (limit != null) {
      limit.close();
      inFlight.close();
    }
  }
}
