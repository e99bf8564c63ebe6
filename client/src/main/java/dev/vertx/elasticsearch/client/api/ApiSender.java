package dev.vertx.elasticsearch.client.api;

import io.vertx.core.Future;

/**
 * The one method the generated endpoint API needs from whatever sends its requests: the client implements it, and
 * every generated method and namespace class ({@code client.indices()}...) goes through it. It lets the generated
 * code depend on this package only, never on the client above it.
 */
@FunctionalInterface
public interface ApiSender {

  /**
   * Sends an endpoint request: builds its transport request (bodies written with the sender's mapper), fails early
   * when it is invalid, sends it.
   *
   * @param request the request
   * @return the response; a failed future with an {@code IllegalArgumentException} (missing part, parameter or body)
   *     or a {@code SerializationException} (body) when nothing could be sent, with an {@code ApiException} for an
   *     error status, or with a {@code TransportException} when no answer came
   */
  Future<ElasticsearchResponse> send(EndpointRequest request);
}
