package dev.vertx.elasticsearch.typed.impl;

import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.util.BinaryData;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.impl.BoundedCache;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the Vert.x client answered, as elasticsearch-java reads it: status, case-insensitive headers, the body as
 * {@link BinaryData} and the node. Error statuses arrive as the client's {@link ApiException}, which holds the status
 * and body but no headers: their content type is then inferred from the body.
 */
final class VertxHttpResponse implements TransportHttpClient.Response {

  /** One {@link TransportHttpClient.Node} per node URL (a cluster has a handful). */
  private static final BoundedCache<String, TransportHttpClient.Node> NODES =
    new BoundedCache<>(1024, TransportHttpClient.Node::new);

  private final int status;
  private final MultiMap headers;
  private final Buffer body;
  private final String node;
  private final Object original;

  private VertxHttpResponse(int status, MultiMap headers, Buffer body, String node, Object original) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.node = node;
    this.original = original;
  }

  /** @return the response of an answer the client completed its future with */
  static VertxHttpResponse of(ElasticsearchResponse response) {
    return new VertxHttpResponse(response.status(), response.headers(), response.bodyAsBuffer(), response.node(),
      response);
  }

  /** @return the response of an error status the client reported as an exception */
  static VertxHttpResponse of(ApiException error) {
    String text = error.body();
    String stripped = text.stripLeading();
    String type = stripped.startsWith("{") || stripped.startsWith("[") ? "application/json" : "text/plain";
    MultiMap headers = HttpHeaders.headers();
    if (!text.isEmpty()) {
      headers.set(HttpHeaders.CONTENT_TYPE, type);
    }
    return new VertxHttpResponse(error.status(), headers, Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)),
      error.node(), error);
  }

  /** @return the body's size in bytes */
  int bodySize() {
    return body.length();
  }

  /** @return the {@code Warning} header values, empty when none */
  List<String> warnings() {
    return headers.getAll("Warning");
  }

  @Override
  public TransportHttpClient.Node node() {
    return node == null ? null : NODES.get(node);
  }

  @Override
  public int statusCode() {
    return status;
  }

  @Override
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public List<String> headers(String name) {
    return headers.getAll(name);
  }

  /** @return the body, or {@code null} when the answer had none */
  @Override
  public BinaryData body() {
    return body.length() == 0 ? null : new BufferBinaryData(body, headers.get(HttpHeaders.CONTENT_TYPE));
  }

  /** @return the client's {@link ElasticsearchResponse}, or its {@link ApiException} for an error status */
  @Override
  public Object originalResponse() {
    return original;
  }

  @Override
  public void close() {
    // the body is a heap buffer: nothing to release
  }
}
