package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.impl.BoundedCache;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Credentials;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.Map;

/**
 * The headers of the requests of one transport at one REST compatibility version: user agent, client meta, auth,
 * the configured headers, and {@code Accept}/{@code Content-Type} in compatibility form. Requests that add no header
 * share prebuilt, never modified sets (Vert.x copies them into each request). Immutable but for a small cache;
 * thread-safe.
 */
final class RequestHeaders {

  static final String JSON = "application/json";
  static final String NDJSON = "application/x-ndjson";
  private static final CharSequence CLIENT_META = HttpHeaders.createOptimized("x-elastic-client-meta");

  private final int version;
  private final boolean sendClientMeta;
  private final CompatibilityMediaTypes mediaTypes;
  private final String clientMeta;
  private final MultiMap defaults;
  private final MultiMap json;
  private final MultiMap ndjson;
  private final CharSequence jsonContentType;
  private final CharSequence ndjsonContentType;
  /** The meta header per helper name (a handful of names). */
  private final BoundedCache<String, CharSequence> helperMeta;

  /**
   * @param options the transport settings
   * @param credentials the credentials to send, or {@code null}
   * @param version the compatibility version, {@code 0} for plain media types
   */
  RequestHeaders(TransportOptions options, Credentials credentials, int version) {
    this.version = version;
    this.sendClientMeta = options.isClientMeta();
    this.mediaTypes = new CompatibilityMediaTypes(version);
    this.clientMeta = ClientMeta.header();
    this.helperMeta = new BoundedCache<>(64, h -> HttpHeaders.createOptimized(clientMeta + ",h=" + h));
    // Pre-encoded (ASCII) names and values: copied into every request and written to every connection as they are.
    this.defaults = HttpHeaders.headers()
      .set(HttpHeaders.USER_AGENT, HttpHeaders.createOptimized(ClientMeta.userAgent()))
      .set(HttpHeaders.ACCEPT, HttpHeaders.createOptimized(mediaTypes.apply(JSON)));
    if (sendClientMeta) {
      defaults.set(CLIENT_META, HttpHeaders.createOptimized(clientMeta));
    }
    this.jsonContentType = HttpHeaders.createOptimized(mediaTypes.apply(JSON));
    this.ndjsonContentType = HttpHeaders.createOptimized(mediaTypes.apply(NDJSON));
    options.getHeaders().forEach(defaults::set);
    if (credentials != null) {
      defaults.set(HttpHeaders.AUTHORIZATION, credentials.authorizationHeader());
    }
    this.json = HttpHeaders.headers().addAll(defaults).set(HttpHeaders.CONTENT_TYPE, jsonContentType);
    this.ndjson = HttpHeaders.headers().addAll(defaults).set(HttpHeaders.CONTENT_TYPE, ndjsonContentType);
  }

  /** @return the compatibility version these headers carry, {@code 0} for none */
  int version() {
    return version;
  }

  /** @return the headers of a request without body or extra header (shared: do not modify) */
  MultiMap defaults() {
    return defaults;
  }

  /**
   * @param request the request
   * @param callOptions the per-call settings, or {@code null}
   * @param gzip whether the body is sent gzipped
   * @return its headers: a shared set when it adds nothing, else a new map
   * @throws IllegalArgumentException when credentials and an {@code Authorization} header are both set
   */
  MultiMap of(TransportRequest request, CallOptions callOptions, boolean gzip) {
    if (!addsHeaders(callOptions) && !gzip && request.headers().isEmpty()) {
      String type = request.contentType();
      if (!request.hasBody()) {
        return defaults;
      } else if (type == null || JSON.equals(type)) {
        return json;
      } else if (NDJSON.equals(type)) {
        return ndjson;
      }
    }
    MultiMap headers = HttpHeaders.headers().addAll(defaults);
    for (Map.Entry<String, String> h : request.headers()) {
      headers.set(h.getKey(), compatible(h.getKey(), h.getValue()));
    }
    if (request.hasBody()) {
      String type = request.contentType() == null ? JSON : request.contentType();
      headers.set(HttpHeaders.CONTENT_TYPE, JSON.equals(type) ? jsonContentType
        : NDJSON.equals(type) ? ndjsonContentType : mediaTypes.apply(type));
    }
    if (gzip) {
      headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
    }
    if (callOptions != null) {
      callOptions.getHeaders().forEach((k, v) -> headers.set(k, compatible(k, v)));
      if (callOptions.getOpaqueId() != null) {
        headers.set("x-opaque-id", callOptions.getOpaqueId());
      }
      if (callOptions.getCredentials() != null) {
        if (callOptions.getHeaders().keySet().stream().anyMatch("authorization"::equalsIgnoreCase)) {
          throw new IllegalArgumentException("Credentials and an Authorization header are both set: use one");
        }
        headers.set(HttpHeaders.AUTHORIZATION, callOptions.getCredentials().authorizationHeader());
      }
      if (callOptions.getHelper() != null && sendClientMeta) {
        headers.set(CLIENT_META, helperMeta.get(callOptions.getHelper()));
      }
    }
    return headers;
  }

  /** @return whether the call options add a header (most add none: a cancellation token, a timeout) */
  private static boolean addsHeaders(CallOptions callOptions) {
    return callOptions != null && (!callOptions.getHeaders().isEmpty() || callOptions.getOpaqueId() != null
      || callOptions.getCredentials() != null || callOptions.getHelper() != null);
  }

  private String compatible(String name, String value) {
    return "accept".equalsIgnoreCase(name) || "content-type".equalsIgnoreCase(name) ? mediaTypes.apply(value) : value;
  }
}
