package dev.vertx.elasticsearch.client.api;

import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;

/** A transport that sends nothing: it records each request and answers with a canned response. */
final class RecordingTransport implements Transport {

  final List<TransportRequest> sent = new ArrayList<>();
  int status = 200;
  String body = "{}";

  TransportRequest last() {
    return sent.get(sent.size() - 1);
  }

  @Override
  public Future<TransportResponse> perform(TransportRequest request, CallOptions options) {
    sent.add(request);
    return Future.succeededFuture(new TransportResponse(status, HttpHeaders.headers(), Buffer.buffer(body),
      "http://fake:9200", List.of(), List.of()));
  }

  @Override
  public List<Node> nodes() {
    return List.of();
  }

  @Override
  public Future<List<Node>> sniff() {
    return Future.succeededFuture(List.of());
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
