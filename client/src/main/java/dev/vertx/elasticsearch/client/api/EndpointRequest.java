package dev.vertx.elasticsearch.client.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.transport.TransportRequest;

/**
 * A request of one endpoint, ready to become a transport request: what an {@link ApiSender} sends. The generated
 * requests implement it through {@link ApiRequest}. Being an interface, it also lets the JVM link the generated API
 * without loading each request class before it is used.
 */
public interface EndpointRequest {

  /**
   * @param mapper writes the body
   * @return the transport request
   * @throws IllegalArgumentException when a required path part, parameter or body is missing
   * @throws dev.vertx.elasticsearch.error.SerializationException when the body cannot be written
   */
  TransportRequest toTransportRequest(ObjectMapper mapper);
}
