package dev.vertx.elasticsearch.typed.impl;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import dev.vertx.elasticsearch.impl.BoundedCache;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns elasticsearch-java's HTTP request into the Vert.x client's {@link TransportRequest}.
 * <ul>
 *   <li>elasticsearch-java's own {@code User-Agent}, {@code X-Elastic-Client-Meta}, {@code Accept} and
 *   {@code Content-Type} headers are left to the Vert.x client, which sends its own with the compatibility version of
 *   its options (so that 8.x clusters, which refuse {@code compatible-with=9}, work);</li>
 *   <li>headers and query parameters of the call's options replace those of the request; media types among them lose
 *   any {@code compatible-with} so that the client's version applies, and their {@code Content-Type} becomes the
 *   body's media type;</li>
 *   <li>the body buffers are read through duplicates, never consumed: elasticsearch-java may read them again.</li>
 * </ul>
 */
final class TransportRequests {

  /** {@code application/vnd.elasticsearch+json; compatible-with=9} and the like. */
  private static final Pattern COMPATIBLE =
    Pattern.compile("application/vnd\\.elasticsearch\\+([A-Za-z0-9.+-]+)\\s*;\\s*compatible-with\\s*=\\s*\\d+");
  private static final String ES_PREFIX = "es/";
  /** Endpoint ids without their prefix: a few hundred at most. */
  private static final BoundedCache<String, String> ENDPOINTS = new BoundedCache<>(1024,
    id -> id.startsWith(ES_PREFIX) ? id.substring(ES_PREFIX.length()) : id);
  /** Media types seen so far in their plain form: a client sends a handful. */
  private static final BoundedCache<String, String> PLAIN =
    new BoundedCache<>(1024, m -> COMPATIBLE.matcher(m).replaceAll("application/$1"));

  private TransportRequests() {
  }

  /**
   * @param endpointId elasticsearch-java's endpoint id, e.g. {@code es/search}
   * @param request elasticsearch-java's request
   * @param options the call's options; their headers and query parameters win
   * @return the client's request, named after the endpoint (without the {@code es/} prefix)
   * @throws IllegalArgumentException for a path that does not start with {@code /}
   */
  static TransportRequest of(String endpointId, TransportHttpClient.Request request, TransportOptions options) {
    TransportRequest out = TransportRequest.of(HttpMethod.valueOf(request.method()), request.path())
      .endpoint(endpoint(endpointId));
    request.queryParams().forEach(out::param);
    RequestHeaders headers = RequestHeaders.of(request.headers());
    headers.extra.forEach(h -> out.header(h.getKey(), h.getValue()));
    String contentType = headers.contentType;
    if (options != null) {
      options.queryParameters().forEach(out::param);
      for (Map.Entry<String, String> h : options.headers()) {
        out.headers().remove(h.getKey());
      }
      for (Map.Entry<String, String> h : options.headers()) {
        if ("content-type".equalsIgnoreCase(h.getKey())) {
          contentType = plainMediaType(h.getValue()); // the body's media type: the client sets the header from it
        } else {
          out.headers().add(h.getKey(), "accept".equalsIgnoreCase(h.getKey()) ? plainMediaType(h.getValue())
            : h.getValue());
        }
      }
      if (options instanceof TypedRequestOptions && !((TypedRequestOptions) options).pathParts().isEmpty()) {
        out.pathParts(((TypedRequestOptions) options).pathParts());
      }
    }
    Iterable<ByteBuffer> body = request.body();
    if (body != null) {
      out.body(buffer(body), contentType == null ? "application/json" : contentType);
    }
    return out;
  }

  /** @return the endpoint id without elasticsearch-java's {@code es/} prefix, or {@code null} */
  static String endpoint(String endpointId) {
    return endpointId == null ? null : ENDPOINTS.get(endpointId);
  }

  /**
   * What the client takes from elasticsearch-java's request headers: the plain content type and the headers other
   * than the standard ones. elasticsearch-java passes the same two constant header maps with almost every request,
   * so the last result is kept and reused while the map is the same instance.
   */
  static final class RequestHeaders {
    private static volatile RequestHeaders last;

    final Map<String, String> source;
    final String contentType;
    final List<Map.Entry<String, String>> extra;

    private RequestHeaders(Map<String, String> source) {
      this.source = source;
      String type = null;
      List<Map.Entry<String, String>> others = new ArrayList<>(0);
      for (Map.Entry<String, String> h : source.entrySet()) {
        if ("content-type".equalsIgnoreCase(h.getKey())) {
          type = plainMediaType(h.getValue());
        } else if (!standard(h.getKey())) {
          others.add(Map.entry(h.getKey(), h.getValue()));
        }
      }
      this.contentType = type;
      this.extra = List.copyOf(others);
    }

    static RequestHeaders of(Map<String, String> headers) {
      RequestHeaders digest = last;
      if (digest == null || digest.source != headers) {
        digest = new RequestHeaders(headers);
        last = digest;
      }
      return digest;
    }
  }

  /** Headers elasticsearch-java sets on every request, which the Vert.x client sets its own way. */
  private static boolean standard(String name) {
    return "accept".equalsIgnoreCase(name) || "user-agent".equalsIgnoreCase(name)
      || "x-elastic-client-meta".equalsIgnoreCase(name);
  }

  /**
   * @param mediaType a media type, possibly in Elasticsearch's compatibility form
   * @return the plain form, e.g. {@code application/json}; the client applies its own compatibility version to it
   */
  static String plainMediaType(String mediaType) {
    if (mediaType == null || mediaType.indexOf("compatible-with") < 0) {
      return mediaType;
    }
    return PLAIN.get(mediaType);
  }

  /**
   * @param buffers the body, as elasticsearch-java built it; left unread
   * @return one buffer: the single buffer wrapped without a copy, several copied into one
   */
  static Buffer buffer(Iterable<ByteBuffer> buffers) {
    Iterator<ByteBuffer> it = buffers.iterator();
    if (!it.hasNext()) {
      return Buffer.buffer();
    }
    ByteBuffer first = it.next();
    if (!it.hasNext()) {
      return BufferInternal.buffer(Unpooled.wrappedBuffer(first.duplicate()));
    }
    int size = 0;
    for (ByteBuffer b : buffers) {
      size += b.remaining();
    }
    ByteBuf bytes = Unpooled.buffer(size);
    for (ByteBuffer b : buffers) {
      bytes.writeBytes(b.duplicate());
    }
    return BufferInternal.buffer(bytes);
  }
}
