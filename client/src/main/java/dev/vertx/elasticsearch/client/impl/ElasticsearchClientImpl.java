package dev.vertx.elasticsearch.client.impl;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.RequestOptions;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
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

  /**
   * @param transport the shared transport
   * @param options the view's request options, or {@code null}
   */
  public ElasticsearchClientImpl(Transport transport, RequestOptions options) {
    this.transport = transport;
    this.options = options;
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
    return transport.perform(request, options).compose(response -> {
      int status = response.status();
      if (status < 300 || (head && status == 404) || ignoreStatus.contains(status)) {
        return Future.succeededFuture(new ElasticsearchResponse(response));
      }
      return Future.failedFuture(apiError(response));
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
    return new ElasticsearchClientImpl(transport, merged);
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
