package dev.vertx.elasticsearch.metrics.impl;

import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.tracing.impl.ApiTracer;
import dev.vertx.elasticsearch.tracing.impl.DbConventions;
import dev.vertx.elasticsearch.tracing.impl.OpenTelemetryLookup;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.impl.ClientMeta;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;

import java.util.List;

/**
 * The stable OpenTelemetry {@code db.client.operation.duration} histogram: one observation per API call (a bulk
 * request counts as one, retries are inside), in seconds, with the database semantic conventions' attributes and
 * advised buckets. It resolves its meter lazily, like the tracer: the configured {@code OpenTelemetry}, else
 * {@code GlobalOpenTelemetry} once an SDK registered it; with none, or a meter provider that records nothing,
 * {@link #record} does no work. Attribute sets are cached: a call allocates none once its kind was seen.
 */
public final class OperationDurationMetric {

  /** The instrument name. */
  public static final String NAME = "db.client.operation.duration";
  /** The bucket boundaries the semantic conventions advise, in seconds. */
  public static final List<Double> BUCKETS = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  private static final double NANOS_PER_SECOND = 1e9;

  private final OpenTelemetryLookup openTelemetry;
  private final CallAttributes attributes = new CallAttributes();
  private volatile DoubleHistogram histogram;

  /**
   * @param openTelemetry the instance to measure with, or {@code null} for {@code GlobalOpenTelemetry} once set (see
   *     {@link OpenTelemetryLookup})
   */
  public OperationDurationMetric(OpenTelemetry openTelemetry) {
    this.openTelemetry = new OpenTelemetryLookup(openTelemetry);
  }

  /**
   * Records the duration of a call that ended.
   *
   * @param request the request
   * @param startNanos {@link System#nanoTime()} when the call started
   * @param response the final answer, or {@code null} when none came
   * @param failure what failed the call (an error answer included), or {@code null}
   */
  public void record(TransportRequest request, long startNanos, TransportResponse response, Throwable failure) {
    DoubleHistogram h = histogram();
    if (h == null || !h.isEnabled()) {
      return;
    }
    h.record((System.nanoTime() - startNanos) / NANOS_PER_SECOND, attributes(request, response, failure));
  }

  private Attributes attributes(TransportRequest request, TransportResponse response, Throwable failure) {
    String node = response != null ? response.node()
      : failure instanceof TransportException ? ((TransportException) failure).node() : null;
    return attributes.get(request.endpoint(), DbConventions.collection(request), node,
      response == null ? 0 : response.status(), failure == null ? null : DbConventions.errorType(failure),
      response == null ? null : DbConventions.namespace(response));
  }

  /**
   * @return the client's meter: the configured or global OpenTelemetry's, or {@code null} while there is none or its
   *     meter provider records nothing (so that a caller does no metrics work at all)
   */
  public Meter meter() {
    OpenTelemetry otel = openTelemetry.get();
    if (otel == null || otel.getMeterProvider() == MeterProvider.noop()) {
      return null;
    }
    return otel.getMeterProvider().meterBuilder(ApiTracer.SCOPE).setInstrumentationVersion(ClientMeta.version())
      .build();
  }

  private DoubleHistogram histogram() {
    DoubleHistogram h = histogram;
    if (h != null) {
      return h;
    }
    OpenTelemetry otel = openTelemetry.get();
    if (otel == null) {
      return null;
    }
    h = otel.getMeterProvider().meterBuilder(ApiTracer.SCOPE).setInstrumentationVersion(ClientMeta.version()).build()
      .histogramBuilder(NAME)
      .setUnit("s")
      .setDescription("Duration of database client operations.")
      .setExplicitBucketBoundariesAdvice(BUCKETS)
      .build();
    histogram = h;
    return h;
  }
}
