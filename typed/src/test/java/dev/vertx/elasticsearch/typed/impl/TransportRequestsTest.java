package dev.vertx.elasticsearch.typed.impl;

import co.elastic.clients.transport.DefaultTransportOptions;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** elasticsearch-java's HTTP requests turned into the client's requests. */
class TransportRequestsTest {

  private static final Map<String, String> JAVA_CLIENT_HEADERS = Map.of(
    "User-Agent", "elastic-java/9.5.6 (Java/17)",
    "X-Elastic-Client-Meta", "es=9.5.6,jv=17,t=9.5.6,hl=2",
    "Accept", "application/vnd.elasticsearch+json; compatible-with=9",
    "Content-Type", "application/vnd.elasticsearch+json; compatible-with=9");

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void leavesTheStandardHeadersToTheClientAndKeepsThePlainContentType() {
    TransportHttpClient.Request request = new TransportHttpClient.Request("POST", "/books/_search",
      Map.of("size", "3"), JAVA_CLIENT_HEADERS, List.of(bytes("{}")));
    TransportRequest out = TransportRequests.of("es/search", request, DefaultTransportOptions.EMPTY);

    assertThat(out.method()).isEqualTo(HttpMethod.POST);
    assertThat(out.path()).isEqualTo("/books/_search");
    assertThat(out.query()).containsExactly(Map.entry("size", "3"));
    assertThat(out.endpoint()).isEqualTo("search");
    assertThat(out.headers().isEmpty()).isTrue();
    assertThat(out.contentType()).isEqualTo("application/json");
    assertThat(out.body().toString()).isEqualTo("{}");
  }

  @Test
  void optionsHeadersAndParametersReplaceTheRequestsOwn() {
    TransportOptions options = DefaultTransportOptions.EMPTY.with(b -> b
      .addHeader("X-Opaque-Id", "job-1")
      .addHeader("Accept", "application/vnd.elasticsearch+json; compatible-with=9")
      .addHeader("x-custom", "from-options")
      .setParameter("size", "10"));
    Map<String, String> headers = new java.util.HashMap<>(JAVA_CLIENT_HEADERS);
    headers.put("X-Custom", "from-request");
    TransportHttpClient.Request request = new TransportHttpClient.Request("GET", "/_search", Map.of("size", "3"),
      headers, null);
    TransportRequest out = TransportRequests.of("es/search", request, options);

    assertThat(out.query()).containsEntry("size", "10");
    assertThat(out.headers().getAll("x-custom")).containsExactly("from-options");
    assertThat(out.headers().get("X-Opaque-Id")).isEqualTo("job-1");
    // the plain media type: the client applies its own compatibility version to it
    assertThat(out.headers().get("Accept")).isEqualTo("application/json");
    assertThat(out.body()).isNull();
  }

  @Test
  void aContentTypeOfTheOptionsBecomesTheBodysMediaType() {
    TransportOptions options = DefaultTransportOptions.EMPTY.with(b -> b
      .setHeader("Content-Type", "application/vnd.elasticsearch+x-ndjson; compatible-with=9"));
    TransportRequest out = TransportRequests.of("es/bulk", new TransportHttpClient.Request("POST", "/_bulk",
      Map.of(), JAVA_CLIENT_HEADERS, List.of(bytes("{}\n"))), options);
    assertThat(out.contentType()).isEqualTo("application/x-ndjson");
    assertThat(out.headers().contains("Content-Type")).isFalse();
  }

  @Test
  void carriesThePathPartsOfTheCall() {
    TransportHttpClient.Request request = new TransportHttpClient.Request("PUT", "/books", Map.of(), Map.of(), null);
    TransportRequest out = TransportRequests.of("es/indices.create", request,
      new TypedRequestOptions(DefaultTransportOptions.EMPTY, Map.of("index", "books")));
    assertThat(out.endpoint()).isEqualTo("indices.create");
    assertThat(out.pathParts()).containsExactly(Map.entry("index", "books"));
  }

  @Test
  void neverConsumesTheBodyBuffers() {
    ByteBuffer action = bytes("{\"index\":{}}");
    ByteBuffer newline = bytes("\n");
    ByteBuffer doc = bytes("{\"a\":1}");
    List<ByteBuffer> body = List.of(action, newline, doc, newline);
    TransportHttpClient.Request request = new TransportHttpClient.Request("POST", "/_bulk", Map.of(),
      JAVA_CLIENT_HEADERS, body);

    TransportRequest first = TransportRequests.of("es/bulk", request, DefaultTransportOptions.EMPTY);
    TransportRequest again = TransportRequests.of("es/bulk", request, DefaultTransportOptions.EMPTY);

    assertThat(first.body().toString()).isEqualTo("{\"index\":{}}\n{\"a\":1}\n");
    assertThat(again.body().toString()).isEqualTo(first.body().toString());
    assertThat(action.position()).isZero();
    assertThat(newline.position()).isZero();
    assertThat(doc.remaining()).isEqualTo(7);

    ByteBuffer single = bytes("{\"query\":{}}");
    Map<String, String> json = Map.of("Content-Type", "application/vnd.elasticsearch+x-ndjson; compatible-with=9");
    TransportRequest wrapped = TransportRequests.of("es/msearch", new TransportHttpClient.Request("POST", "/_msearch",
      Map.of(), json, List.of(single)), DefaultTransportOptions.EMPTY);
    assertThat(wrapped.body().toString()).isEqualTo("{\"query\":{}}");
    assertThat(wrapped.contentType()).isEqualTo("application/x-ndjson");
    assertThat(single.position()).isZero();
  }

  @Test
  void plainMediaTypes() {
    assertThat(TransportRequests.plainMediaType("application/vnd.elasticsearch+json;compatible-with=8"))
      .isEqualTo("application/json");
    assertThat(TransportRequests.plainMediaType("application/vnd.elasticsearch+json; compatible-with=9, text/plain"))
      .isEqualTo("application/json, text/plain");
    assertThat(TransportRequests.plainMediaType("text/plain")).isEqualTo("text/plain");
    assertThat(TransportRequests.plainMediaType(null)).isNull();
  }

  @Test
  void relativePathsAreRefused() {
    assertThatThrownBy(() -> TransportRequests.of("es/x", new TransportHttpClient.Request("GET", "nope", Map.of(),
      Map.of(), null), null)).isInstanceOf(IllegalArgumentException.class);
  }
}
