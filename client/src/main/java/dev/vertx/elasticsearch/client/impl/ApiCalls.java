package dev.vertx.elasticsearch.client.impl;

import dev.vertx.elasticsearch.client.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.ApiRequest;
import dev.vertx.elasticsearch.client.api.ElasticsearchApi;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.Future;

/** What every generated endpoint method calls: build the transport request, fail early when it is invalid, send. */
public final class ApiCalls {

  private ApiCalls() {
  }

  /**
   * @param client the client to send with
   * @param request the request
   * @return the response; a failed future with an {@code IllegalArgumentException} (missing part, parameter or
   *     body) or a {@code SerializationException} (body) when nothing could be sent
   */
  public static Future<ElasticsearchResponse> send(ElasticsearchApi client, ApiRequest<?> request) {
    if (request == null) {
      return Future.failedFuture(new IllegalArgumentException("request must not be null"));
    }
    TransportRequest transportRequest;
    try {
      transportRequest = request.toTransportRequest();
    } catch (IllegalArgumentException | SerializationException e) {
      return Future.failedFuture(e);
    }
    return client.perform(transportRequest);
  }

  /**
   * For {@code HEAD} endpoints.
   *
   * @param client the client to send with
   * @param request the request
   * @return {@code true} for a 2xx status, {@code false} for 404 (which the client returns as a response to HEAD)
   */
  public static Future<Boolean> exists(ElasticsearchApi client, ApiRequest<?> request) {
    return send(client, request).map(response -> response.status() >= 200 && response.status() < 300);
  }
}
