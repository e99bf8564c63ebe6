package dev.vertx.elasticsearch.client.api;

import io.vertx.core.Future;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every generated endpoint method calls: check the request (or build it from a lambda) and send it through the
 * {@link ApiSender}, which builds the transport request with its own mapper and fails early when it is invalid.
 */
public final class ApiCalls {

  private ApiCalls() {
  }

  /**
   * @param sender what sends the request
   * @param request the request
   * @return the response; a failed future with an {@code IllegalArgumentException} (missing part, parameter or
   *     body) or a {@code SerializationException} (body) when nothing could be sent
   */
  public static Future<ElasticsearchResponse> send(ApiSender sender, EndpointRequest request) {
    if (request == null) {
      return Future.failedFuture(new IllegalArgumentException("request must not be null"));
    }
    return sender.send(request);
  }

  /**
   * For the lambda forms: {@code client.get(r -> r.index("books").id("1"))}.
   *
   * @param sender what sends the request
   * @param factory makes an empty request
   * @param fill fills it
   * @param <R> the request type
   * @return as {@link #send(ApiSender, EndpointRequest)}; a failed future with what {@code fill} threw, or an
   *     {@code IllegalArgumentException} when it is {@code null}
   */
  public static <R extends ApiRequest<R>> Future<ElasticsearchResponse> send(ApiSender sender,
                                                                            Supplier<R> factory, Consumer<R> fill) {
    R request;
    try {
      request = build(factory, fill);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return send(sender, request);
  }

  /**
   * The lambda form of {@link #exists(ApiSender, EndpointRequest)}.
   *
   * @param sender what sends the request
   * @param factory makes an empty request
   * @param fill fills it
   * @param <R> the request type
   * @return as {@link #exists(ApiSender, EndpointRequest)}
   */
  public static <R extends ApiRequest<R>> Future<Boolean> exists(ApiSender sender, Supplier<R> factory,
                                                                 Consumer<R> fill) {
    R request;
    try {
      request = build(factory, fill);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return exists(sender, request);
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
   * @param sender what sends the request
   * @param request the request
   * @return {@code true} for a 2xx status, {@code false} for 404 (which the client returns as a response to HEAD)
   */
  public static Future<Boolean> exists(ApiSender sender, EndpointRequest request) {
    return send(sender, request).map(response -> response.status() >= 200 && response.status() < 300);
  }
}
