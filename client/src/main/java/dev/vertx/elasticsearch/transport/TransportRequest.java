package dev.vertx.elasticsearch.transport;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP exchange for the transport to run: method, path, query parameters, headers and an optional body, plus
 * the name of the API it belongs to (for tracing and errors). The transport adds the node's base URL, auth,
 * compatibility and meta headers; it knows nothing else of endpoints.
 */
public final class TransportRequest {

  private static final MultiMap NO_HEADERS = HttpHeaders.headers().copy(false);

  private final HttpMethod method;
  private final String path;
  private final Map<String, String> query = new LinkedHashMap<>();
  private MultiMap headers = HttpHeaders.headers();
  private Map<String, String> pathParts = Collections.emptyMap();
  private Buffer body;
  private ReadStream<Buffer> bodyStream;
  private String contentType;
  private String endpoint;
  private boolean idempotent;
  private boolean frozen;

  private TransportRequest(HttpMethod method, String path) {
    this.method = Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    this.path = path;
  }

  /**
   * @param method the HTTP method
   * @param path the path, already percent-encoded, starting with {@code /}
   * @return a new request
   */
  public static TransportRequest of(HttpMethod method, String path) {
    return new TransportRequest(method, path);
  }

  /** @return the HTTP method */
  public HttpMethod method() {
    return method;
  }

  /** @return the encoded path, without the node's path prefix */
  public String path() {
    return path;
  }

  /** @return the percent-encoded path and query string, e.g. {@code /idx/_search?q=a%20b} */
  public String uri() {
    if (query.isEmpty()) {
      return path;
    }
    QueryStringEncoder encoder = new QueryStringEncoder(path);
    query.forEach(encoder::addParam);
    return encoder.toString();
  }

  /** @return the query parameters, not yet encoded, in insertion order */
  public Map<String, String> query() {
    return frozen ? Collections.unmodifiableMap(query) : query;
  }

  /**
   * @param name query parameter name
   * @param value its value (not encoded); {@code null} removes the parameter
   * @return this
   */
  public TransportRequest param(String name, String value) {
    checkNotFrozen();
    if (value == null) {
      query.remove(name);
    } else {
      query.put(name, value);
    }
    return this;
  }

  /** @return extra headers of this request */
  public MultiMap headers() {
    return headers;
  }

  /**
   * @param name header name
   * @param value header value
   * @return this
   */
  public TransportRequest header(String name, String value) {
    checkNotFrozen();
    headers.set(name, value);
    return this;
  }

  /** @return the buffered body, or {@code null} (none, or a {@linkplain #bodyStream() stream}) */
  public Buffer body() {
    return body;
  }

  /**
   * @param body the serialised body, or {@code null}
   * @param contentType its media type, e.g. {@code application/json} or {@code application/x-ndjson}
   * @return this
   */
  public TransportRequest body(Buffer body, String contentType) {
    checkNotFrozen();
    this.body = body;
    this.bodyStream = null;
    this.contentType = contentType;
    return this;
  }

  /** @return the body stream, or {@code null} */
  public ReadStream<Buffer> bodyStream() {
    return bodyStream;
  }

  /**
   * Sends a body read from a stream, never held whole: written as it is read (chunked), with back-pressure from the
   * connection, counted against {@code maxRequestSize} as it passes and gzip-compressed chunk by chunk with
   * {@code compressRequests}. The transport pauses it when the request is performed: give it paused, or not yet
   * flowing. It can be sent once: an attempt that read any of it is never retried (its error says so, with the
   * usual maybe-applied flag); attempts that failed before writing (no connection) leave it untouched. The request
   * timeout bounds each gap in which the body makes no progress, then the wait for the answer.
   *
   * @param body the body, or {@code null} for none
   * @param contentType its media type, e.g. {@code application/x-ndjson}
   * @return this
   */
  public TransportRequest bodyStream(ReadStream<Buffer> body, String contentType) {
    checkNotFrozen();
    this.bodyStream = body;
    this.body = null;
    this.contentType = contentType;
    return this;
  }

  /** @return whether the request has a body, buffered or streamed */
  public boolean hasBody() {
    return body != null || bodyStream != null;
  }

  /** @return the body media type, or {@code null} */
  public String contentType() {
    return contentType;
  }

  /** @return the API name such as {@code search} or {@code indices.create}, or {@code null} */
  public String endpoint() {
    return endpoint;
  }

  /**
   * @param endpoint the API name such as {@code search}
   * @return this
   */
  public TransportRequest endpoint(String endpoint) {
    checkNotFrozen();
    this.endpoint = endpoint;
    return this;
  }

  /** @return the path parts by name (e.g. {@code index}), for tracing; empty when unknown */
  public Map<String, String> pathParts() {
    return pathParts;
  }

  /**
   * @param pathParts the path parts by name, unencoded
   * @return this
   */
  public TransportRequest pathParts(Map<String, String> pathParts) {
    checkNotFrozen();
    this.pathParts = Map.copyOf(pathParts);
    return this;
  }

  /**
   * @return whether repeating this request cannot change its result, so that an attempt that may have been applied
   *     (its connection broke after it was fully written) can be retried; GET and HEAD requests always are
   */
  public boolean idempotent() {
    return idempotent || method == HttpMethod.GET || method == HttpMethod.HEAD;
  }

  /**
   * Marks the request as safe to repeat: a read sent with POST (search, count, mget...) or a write by id. The
   * generated endpoint requests set it from the endpoint's metadata; by default only GET and HEAD are.
   *
   * @param idempotent whether repeating the request cannot change its result
   * @return this
   */
  public TransportRequest idempotent(boolean idempotent) {
    checkNotFrozen();
    this.idempotent = idempotent;
    return this;
  }

  /**
   * Makes the request immutable: the client and the transport freeze it when it is handed to them, so that a
   * request sent twice, or twice at once, is the same request both times. Later changes fail with an
   * {@code IllegalStateException}; build a new request instead. Idempotent.
   *
   * @return this
   */
  public TransportRequest freeze() {
    if (!frozen) {
      frozen = true;
      headers = headers.isEmpty() ? NO_HEADERS : headers.copy(false);
    }
    return this;
  }

  /** @return whether the request was {@linkplain #freeze() frozen} */
  public boolean isFrozen() {
    return frozen;
  }

  private void checkNotFrozen() {
    if (frozen) {
      throw new IllegalStateException("The request " + this + " was handed to the client already and cannot change;"
        + " build a new one");
    }
  }

  /** @return method and path; never the body or headers */
  @Override
  public String toString() {
    return method.name() + " " + path;
  }
}
