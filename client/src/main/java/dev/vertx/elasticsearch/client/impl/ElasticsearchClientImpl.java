package dev.vertx.elasticsearch.client.impl;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.RequestOptions;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.tracing.impl.ApiSpan;
import dev.vertx.elasticsearch.tracing.impl.ApiTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.util.Map;
import java.util.Set;

/**
 * The client over a {@link Transport}: serialises bodies, turns error statuses into typed exceptions and carries
 * per-view request options.
 */
public final class ElasticsearchClientImpl implements ElasticsearchClient {

  private final Transport transport;
  private final RequestOptions options;
  private final Set<Integer> ignoreStatus;
  private final ApiTracer tracer;

  /**
   * A client without tracing.
   *
   * @param transport the shared transport
   * @param options the view's request options, or {@code null}
   */
  public ElasticsearchClientImpl(Transport transport, RequestOptions options) {
    this(transport, options, null);
  }

  /**
   * @param transport the shared transport
   * @param options the view's request options, or {@code null}
   * @param tracer the span factory, or {@code null} for no tracing
   */
  public ElasticsearchClientImpl(Transport transport, RequestOptions options, ApiTracer tracer) {
    this.transport = transport;
    this.options = options;
    this.tracer = tracer;
    this.ignoreStatus = options == null || options.getIgnoreStatus() == null ? Set.of() : Set.copyOf(options.getIgnoreStatus());
  }

  @Override
  public Future<ElasticsearchResponse> perform(HttpMethod method, String path, Map<String, ?> query, Object body) {
    TransportRequest request;
    try {
      request = TransportRequest.of(method, path);
      if (query != null) {
        query.forEach((k, v) -> request.param(k, v == null ? null : String.valueOf(v)));
      }
      if (body != null) {
        request.body(RequestBodies.json(body), "application/json");
      }
    } catch (IllegalArgumentException | SerializationException e) {
      return Future.failedFuture(e);
    }
    return perform(request);
  }

  @Override
  public Future<ElasticsearchResponse> perform(TransportRequest request) {
    boolean head = request.method() == HttpMethod.HEAD;
    ApiSpan span = tracer == null ? null : tracer.start(request);
    return transport.perform(request, options).transform(ar -> {
      TransportResponse response = ar.result();
      Throwable failure = ar.cause();
      if (response != null) {
        int status = response.status();
        if (!(status < 300 || (head && status == 404) || ignoreStatus.contains(status))) {
          failure = apiError(response);
        }
      }
      if (span != null) {
        span.end(response, failure);
      }
      return failure == null ? Future.succeededFuture(new ElasticsearchResponse(response)) : Future.failedFuture(failure);
    });
  }

  private static ApiException apiError(TransportResponse response) {
    ApiException error = ApiException.of(response.status(), response.body().toString(), response.node());
    if (!response.attemptErrors().isEmpty()) {
      error.withAttemptErrors(response.attemptErrors());
    }
    return error;
  }

  @Override
  public Future<ElasticsearchResponse> info() {
    return perform(TransportRequest.of(HttpMethod.GET, "/").endpoint("info"));
  }

  @Override
  public Future<Boolean> ping() {
    return perform(TransportRequest.of(HttpMethod.HEAD, "/").endpoint("ping"))
      .map(response -> response.status() < 300)
      .otherwise(false);
  }

  @Override
  public ElasticsearchClient withOptions(RequestOptions options) {
    RequestOptions merged = this.options == null ? new RequestOptions(options) : this.options.merge(options);
    return new ElasticsearchClientImpl(transport, merged, tracer);
  }

  @Override
  public Tracer tracer() {
    Tracer t = tracer == null ? null : tracer.tracer();
    return t != null ? t : TracerProvider.noop().get(ApiTracer.SCOPE);
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public Future<Void> close() {
    return transport.close();
  }
}
