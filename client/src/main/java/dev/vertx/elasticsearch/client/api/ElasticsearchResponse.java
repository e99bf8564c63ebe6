package dev.vertx.elasticsearch.client.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;

/**
 * An answer of Elasticsearch: status, headers, {@code Warning} headers, the node that served it, and the body, read
 * on demand as a {@link JsonObject} (cached), a {@link JsonArray}, text, bytes or any type Jackson can read.
 */
public final class ElasticsearchResponse {

  private final TransportResponse response;
  private final ObjectMapper mapper;
  private JsonObject json;

  /**
   * A response read with the default mapper.
   *
   * @param response the transport's response
   */
  public ElasticsearchResponse(TransportResponse response) {
    this(response, RequestBodies.defaultObjectMapper());
  }

  /**
   * @param response the transport's response
   * @param mapper the client's mapper, for {@link #as(Class)} and {@link #hits(Class)}
   */
  public ElasticsearchResponse(TransportResponse response, ObjectMapper mapper) {
    this.response = response;
    this.mapper = mapper;
  }

  /** @return the HTTP status */
  public int status() {
    return response.status();
  }

  /** @return the response headers */
  public MultiMap headers() {
    return response.headers();
  }

  /** @return the {@code Warning} headers (deprecations), empty when none */
  public List<String> warnings() {
    return response.warnings();
  }

  /** @return the URL of the node that answered, without credentials */
  public String node() {
    return response.node();
  }

  /** @return how many attempts the request took */
  public int attempts() {
    return response.attempts();
  }

  /** @return the raw body, empty when there was none */
  public Buffer bodyAsBuffer() {
    return response.body();
  }

  /** @return the body as UTF-8 text */
  public String bodyAsString() {
    return response.body().toString();
  }

  /**
   * @return the body as a JSON object, parsed once and cached
   * @throws SerializationException when the body is not a JSON object
   */
  public JsonObject body() {
    if (json == null) {
      try {
        json = response.body().toJsonObject();
      } catch (DecodeException | ClassCastException e) {
        throw new SerializationException("The response body of " + response.node() + " is not a JSON object", e);
      }
    }
    return json;
  }

  /**
   * @return the body as a JSON array (e.g. {@code _cat} APIs with {@code format=json})
   * @throws SerializationException when the body is not a JSON array
   */
  public JsonArray bodyAsJsonArray() {
    try {
      return response.body().toJsonArray();
    } catch (DecodeException | ClassCastException e) {
      throw new SerializationException("The response body of " + response.node() + " is not a JSON array", e);
    }
  }

  /**
   * Reads the body with Jackson.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the decoded body
   * @throws SerializationException when the body does not map to the type
   */
  public <T> T as(Class<T> type) {
    try {
      return mapper.readValue(response.body().getBytes(), type);
    } catch (IOException e) {
      throw new SerializationException("The response body cannot be read as " + type.getName() + ": "
        + e.getMessage(), e);
    }
  }

  /**
   * Reads the hits of a search response, each {@code _source} as the given type (with Jackson).
   *
   * @param type the document type
   * @param <T> the document type
   * @return the hits
   * @throws SerializationException when the body is not a JSON object or a {@code _source} does not map to the type
   */
  public <T> SearchHits<T> hits(Class<T> type) {
    // Once the body is a JSON tree, map from it; otherwise stream the bytes straight into the type.
    return json != null ? SearchHits.of(json, type, mapper) : SearchHits.read(response.body(), type, mapper, this::body);
  }

  /**
   * @return the {@code aggregations} object of a search answer, empty when there is none; read sub-aggregations with
   *     {@code getJsonObject(name)}, e.g. {@code aggregations().getJsonObject("genres").getJsonArray("buckets")}
   * @throws SerializationException when the body is not a JSON object
   */
  public JsonObject aggregations() {
    return body().getJsonObject("aggregations", new JsonObject());
  }

  /** @return the transport's response */
  public TransportResponse transportResponse() {
    return response;
  }

  @Override
  public String toString() {
    return "ElasticsearchResponse{status=" + status() + ", node=" + node() + ", bytes=" + response.body().length() + "}";
  }
}
