package dev.vertx.elasticsearch.metrics.impl;

import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.tracing.impl.ApiTracer;
import dev.vertx.elasticsearch.tracing.impl.DbConventions;
import dev.vertx.elasticsearch.tracing.impl.OpenTelemetryLookup;
import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.TransportCall;
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
 * request counts as one, retries are inside; a streamed answer ends with its body), in seconds, with the database semantic conventions' attributes and
 * advised buckets. It resolves its meter lazily, like the tracer: the configured {@code OpenTelemetry}, else
 * {@code GlobalOpenTelemetry} once an SDK registered it; with none, or a meter provider that records nothing,
 * {@link #startCall} observes nothing. Attribute sets are cached in a bounded cache.
 */
public final class OperationDurationMetric implements Instrumentation {

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
   * @param call a call that starts
   * @return what records its duration when it ends (a streamed answer when its body ends), or {@code null} when
   *     there is nothing to record to
   */
  @Override
  public CallObserver startCall(TransportCall call) {
    DoubleHistogram h = histogram();
    if (h == null || !h.isEnabled()) {
      return null;
    }
    long started = System.nanoTime();
    return new CallObserver() {
      @Override
      public void onEnd(TransportResponse response, Throwable failure) {
        h.record((System.nanoTime() - started) / NANOS_PER_SECOND,
          attributes(call.request(), response, DbConventions.failureOf(call, response, failure)));
      }
    };
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
