package dev.vertx.elasticsearch.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.ElasticsearchStream;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Delegates to a client and records the latency of every {@code bulk} request (views share the histogram). */
final class TimedClient implements ElasticsearchClient {

  private final ElasticsearchClient delegate;
  final Histogram latency;

  TimedClient(ElasticsearchClient delegate) {
    this(delegate, new Histogram(TimeUnit.MINUTES.toMicros(5), 3));
  }

  private TimedClient(ElasticsearchClient delegate, Histogram latency) {
    this.delegate = delegate;
    this.latency = latency;
  }

  @Override
  public Future<ElasticsearchResponse> perform(HttpMethod method, String path, Map<String, ?> query, Object body) {
    return delegate.perform(method, path, query, body);
  }

  @Override
  public Future<ElasticsearchStream> performStream(HttpMethod method, String path, Map<String, ?> query,
                                                   Object body) {
    return delegate.performStream(method, path, query, body);
  }

  @Override
  public Future<ElasticsearchStream> performStream(TransportRequest request) {
    return delegate.performStream(request);
  }

  @Override
  public Future<ElasticsearchResponse> perform(TransportRequest request) {
    if (!"bulk".equals(request.endpoint())) {
      return delegate.perform(request);
    }
    long t0 = System.nanoTime();
    return delegate.perform(request).andThen(ar -> {
      synchronized (latency) {
        latency.recordValue(Math.min((System.nanoTime() - t0) / 1000, latency.getHighestTrackableValue()));
      }
    });
  }

  @Override
  public Future<ElasticsearchResponse> info() {
    return delegate.info();
  }

  @Override
  public Future<Boolean> ping() {
    return delegate.ping();
  }

  @Override
  public ElasticsearchClient withOptions(CallOptions options) {
    return new TimedClient(delegate.withOptions(options), latency);
  }

  @Override
  public ObjectMapper objectMapper() {
    return delegate.objectMapper();
  }

  @Override
  public Vertx vertx() {
    return delegate.vertx();
  }

  @Override
  public Tracer tracer() {
    return delegate.tracer();
  }

  @Override
  public Meter meter() {
    return delegate.meter();
  }

  @Override
  public Transport transport() {
    return delegate.transport();
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }
}
