package dev.vertx.elasticsearch.client.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The base of every generated request: path parts, query parameters (with the ones every endpoint accepts:
 * {@code pretty}, {@code human}, {@code error_trace}, {@code filter_path}, {@code source}) and the body, turned into a
 * {@link TransportRequest} by {@link #toTransportRequest()}.
 * <p>
 * The path is the most specific one of the endpoint whose parts are all set. Part values are percent-encoded as
 * path segments (list values are joined with commas); query values are sent as text, lists joined with commas.
 * Requests are mutable and not thread-safe; they may be sent more than once, except with a body given as a
 * {@code ReadStream}, which is read once.
 *
 * @param <R> the concrete request type, returned by the fluent setters
 */
public abstract class ApiRequest<R extends ApiRequest<R>> implements EndpointRequest {

  private final Endpoint endpoint;
  private final Map<String, Object> parts = new LinkedHashMap<>();
  private final Map<String, String> params = new LinkedHashMap<>();
  private Object body;
  /** Parts set to an empty value (refused when sent); created on the first one. */
  private java.util.Set<String> emptyParts;
  private boolean ndjson;

  /** @param endpoint the endpoint this request is for */
  protected ApiRequest(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** @return the endpoint this request is for */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** @return the path parts set, unencoded: a {@code String} or a {@code List<String>} each */
  public Map<String, Object> pathParts() {
    return Collections.unmodifiableMap(parts);
  }

  /** @return the query parameters set, as sent (not yet URL-encoded) */
  public Map<String, String> queryParams() {
    return Collections.unmodifiableMap(params);
  }

  /** @return the body as given, or {@code null} */
  public Object body() {
    return body;
  }

  /**
   * @param pretty {@code pretty}: pretty-print the JSON response
   * @return this request
   */
  public R pretty(Boolean pretty) {
    return withParam("pretty", pretty);
  }

  /**
   * @param human {@code human}: return statistics in human-readable form as well
   * @return this request
   */
  public R human(Boolean human) {
    return withParam("human", human);
  }

  /**
   * @param errorTrace {@code error_trace}: include the stack trace of errors in the response
   * @return this request
   */
  public R errorTrace(Boolean errorTrace) {
    return withParam("error_trace", errorTrace);
  }

  /**
   * @param filterPath {@code filter_path}: the response fields to keep, e.g. {@code hits.hits._id}
   * @return this request
   */
  public R filterPath(List<String> filterPath) {
    return withParam("filter_path", filterPath);
  }

  /**
   * @param filterPath {@code filter_path}: the response fields to keep, e.g. {@code hits.hits._id}
   * @return this request
   */
  public R filterPath(String... filterPath) {
    return withParam("filter_path", filterPath);
  }

  /**
   * The common {@code source} query parameter: the request body as URL-encoded text, for clients that cannot send a
   * body (this one can: set the body instead). Named so that it cannot be taken for {@code _source}.
   *
   * @param source the request definition
   * @return this request
   */
  public R querySource(String source) {
    return withParam("source", source);
  }

  /**
   * Sets any query parameter, e.g. one newer than the specification this client was generated from.
   *
   * @param name the parameter name
   * @param value its value, {@code null} to remove it
   * @return this request
   */
  public R queryParam(String name, String value) {
    return withParam(name, value);
  }

  /**
   * @param name a path part
   * @param value a {@code String}, number, {@link ApiEnum}, {@code List} or array; {@code null} or empty unsets it
   * @return this request
   */
  protected R withPart(String name, Object value) {
    Object v = normalize(value);
    if (emptyParts != null) {
      emptyParts.remove(name);
    }
    if (v == null) {
      parts.remove(name);
    } else if ((v instanceof String s && s.isEmpty()) || (v instanceof List<?> l && l.isEmpty())) {
      // Never dropped silently: an empty id would turn PUT /{index}/_doc/{id} into POST /{index}/_doc, which
      // creates a document with a generated id (and another one on every retry).
      parts.remove(name);
      if (emptyParts == null) {
        emptyParts = new java.util.LinkedHashSet<>();
      }
      emptyParts.add(name);
    } else {
      parts.put(name, v);
    }
    return self();
  }

  /**
   * @param name a query parameter
   * @param value a {@code String}, {@code Boolean}, number, {@link ApiEnum}, {@code List} or array (joined with
   *     commas); {@code null} removes it
   * @return this request
   */
  protected R withParam(String name, Object value) {
    Object v = normalize(value);
    if (v == null) {
      params.remove(name);
    } else {
      params.put(name, join(v));
    }
    return self();
  }

  /**
   * @param body a JSON body: {@code JsonObject}, {@code Buffer}, JSON {@code String} or a Jackson-writable object
   * @return this request
   */
  protected R withJsonBody(Object body) {
    this.body = body;
    this.ndjson = false;
    return self();
  }

  /**
   * @param body an NDJSON body: a {@code List} of lines, a {@code Buffer} or a {@code ReadStream<Buffer>} (sent as
   *     it is read, once: see {@code TransportRequest#bodyStream})
   * @return this request
   */
  protected R withNdjsonBody(Object body) {
    this.body = body;
    this.ndjson = true;
    return self();
  }

  @SuppressWarnings("unchecked")
  private R self() {
    return (R) this;
  }

  /** @return {@code null}, a {@code String} or a {@code List<String>} */
  private static Object normalize(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Object[] array) {
      value = Arrays.asList(array);
    }
    if (value instanceof Collection<?> c) {
      List<String> list = new ArrayList<>(c.size());
      c.forEach(e -> list.add(text(e)));
      return list;
    }
    return text(value);
  }

  private static String join(Object normalized) {
    if (!(normalized instanceof List<?> list)) {
      return (String) normalized;
    }
    if (list.size() == 1) {
      return String.valueOf(list.get(0));
    }
    StringBuilder out = new StringBuilder();
    for (Object v : list) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(v);
    }
    return out.toString();
  }

  private static String text(Object value) {
    return value instanceof ApiEnum e ? e.value() : String.valueOf(value);
  }

  /**
   * Builds what is sent: picks the most specific path whose parts are all set, encodes it, checks the required
   * parameters and body, serialises the body, and chooses the method ({@code POST} instead of {@code GET} when a
   * body is given and the path takes both).
   *
   * @return the transport request
   * @throws IllegalArgumentException when a required path part, query parameter or body is missing, or a path part
   *     is set that no path takes together with the other parts
   * @throws SerializationException when the body cannot be written
   */
  public TransportRequest toTransportRequest() {
    return toTransportRequest(RequestBodies.defaultObjectMapper());
  }

  /**
   * Builds what is sent, as {@link #toTransportRequest()} does, writing the body with the given mapper.
   *
   * @param mapper the mapper of objects in the body (the client's)
   * @return the transport request
   * @throws IllegalArgumentException when a required path part, query parameter or body is missing, or a path part
   *     is set that no path takes together with the other parts
   * @throws SerializationException when the body cannot be written
   */
  @Override
  public TransportRequest toTransportRequest(ObjectMapper mapper) {
    if (emptyParts != null && !emptyParts.isEmpty()) {
      throw new IllegalArgumentException("Path part '" + emptyParts.iterator().next() + "' of " + endpoint.id()
        + " must not be empty");
    }
    Map<String, Object> parts = this.parts;
    Object body = this.body;
    if (body == null && !endpoint.partsInBody().isEmpty()) {
      // Parts the spec deprecates in the path (a scroll id outgrows the 4 KB URL limit) go in the body instead.
      JsonObject fields = null;
      for (String name : endpoint.partsInBody()) {
        Object value = parts.get(name);
        if (value != null) {
          if (fields == null) {
            fields = new JsonObject();
            parts = new LinkedHashMap<>(parts);
          }
          parts.remove(name);
          fields.put(name, value instanceof List<?> list ? new JsonArray(new ArrayList<>(list)) : value);
        }
      }
      body = fields;
    }
    Endpoint.Path path = null;
    for (Endpoint.Path p : endpoint.paths()) {
      if (p.accepts(parts.keySet())) {
        path = p;
        break;
      }
    }
    if (path == null) {
      throw new IllegalArgumentException(missingParts());
    }
    Map<String, String> query = params; // copied before a path part is added to it
    Map<String, String> used = new LinkedHashMap<>();
    for (Map.Entry<String, Object> part : parts.entrySet()) {
      String joined = join(part.getValue());
      if (path.parts().contains(part.getKey())) {
        used.put(part.getKey(), joined);
      } else if (endpoint.partsAlsoParams().contains(part.getKey())) {
        if (query == params) {
          query = new LinkedHashMap<>(params);
        }
        query.put(part.getKey(), joined);
      } else {
        throw new IllegalArgumentException("Path part '" + part.getKey() + "' of " + endpoint.id()
          + " cannot be used with the other parts set: no path takes " + parts.keySet());
      }
    }
    for (String required : endpoint.requiredParams()) {
      if (!query.containsKey(required)) {
        throw new IllegalArgumentException("Missing required query parameter '" + required + "' of " + endpoint.id());
      }
    }
    if (body == null && endpoint.bodyRequired()) {
      throw new IllegalArgumentException("Missing required body of " + endpoint.id());
    }
    HttpMethod method = path.methods().get(0);
    if (body != null && method == HttpMethod.GET && path.methods().contains(HttpMethod.POST)) {
      method = HttpMethod.POST;
    }
    Map<String, Object> given = parts;
    String encoded = path.expand(name -> PathEncoding.part(given.get(name)));
    TransportRequest request = TransportRequest.of(method, encoded).endpoint(endpoint.id()).pathParts(used)
      .idempotent(path.idempotent());
    query.forEach(request::param);
    if (endpoint.accept() != null) {
      request.header("Accept", endpoint.accept());
    }
    if (body instanceof ReadStream<?> stream) {
      request.bodyStream(streamBody(stream), endpoint.contentType() == null ? "application/json"
        : endpoint.contentType());
    } else if (body != null) {
      Buffer bytes;
      if (!ndjson) {
        bytes = RequestBodies.json(body, mapper);
      } else if (body instanceof Buffer b) {
        bytes = b;
      } else {
        bytes = RequestBodies.ndjson((List<?>) body, mapper);
      }
      request.body(bytes, endpoint.contentType() == null ? "application/json" : endpoint.contentType());
    }
    return request;
  }

  @SuppressWarnings("unchecked")
  private static ReadStream<Buffer> streamBody(ReadStream<?> stream) {
    return (ReadStream<Buffer>) stream;
  }

  private String missingParts() {
    List<String> missing = endpoint.requiredParts().stream().filter(p -> !parts.containsKey(p)).toList();
    if (!missing.isEmpty()) {
      return "Missing required path part" + (missing.size() > 1 ? "s " : " ")
        + missing.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ")) + " of " + endpoint.id();
    }
    return "Missing path parts of " + endpoint.id() + ": set one of " + endpoint.paths().stream()
      .map(p -> p.parts().toString()).distinct().collect(Collectors.joining(" or "));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{parts=" + parts + ", params=" + params.keySet()
      + (body != null ? ", body" : "") + "}";
  }
}
