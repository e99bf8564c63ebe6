package dev.vertx.elasticsearch.client.api;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.Future;

import java.util.function.Consumer;
import java.util.function.Supplier;

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
      transportRequest = request.toTransportRequest(client instanceof ElasticsearchClient c ? c.objectMapper()
        : ElasticsearchClientOptions.defaultObjectMapper());
    } catch (IllegalArgumentException | SerializationException e) {
      return Future.failedFuture(e);
    }
    return client.perform(transportRequest);
  }

  /**
   * For the lambda forms: {@code client.get(r -> r.index("books").id("1"))}.
   *
   * @param client the client to send with
   * @param factory makes an empty request
   * @param fill fills it
   * @param <R> the request type
   * @return as {@link #send(ElasticsearchApi, ApiRequest)}; a failed future with what {@code fill} threw, or an
   *     {@code IllegalArgumentException} when it is {@code null}
   */
  public static <R extends ApiRequest<R>> Future<ElasticsearchResponse> send(ElasticsearchApi client,
                                                                            Supplier<R> factory, Consumer<R> fill) {
    R request;
    try {
      request = build(factory, fill);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return send(client, request);
  }

  /**
   * The lambda form of {@link #exists(ElasticsearchApi, ApiRequest)}.
   *
   * @param client the client to send with
   * @param factory makes an empty request
   * @param fill fills it
   * @param <R> the request type
   * @return as {@link #exists(ElasticsearchApi, ApiRequest)}
   */
  public static <R extends ApiRequest<R>> Future<Boolean> exists(ElasticsearchApi client, Supplier<R> factory,
                                                                 Consumer<R> fill) {
    R request;
    try {
      request = build(factory, fill);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return exists(client, request);
  }

  private static <R> R build(Supplier<R> factory, Consumer<R> fill) {
    if (fill == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    R request = factory.get();
    fill.accept(request);
    return request;
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
