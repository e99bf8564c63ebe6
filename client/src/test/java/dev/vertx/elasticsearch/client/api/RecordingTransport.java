package dev.vertx.elasticsearch.client.api;

import dev.vertx.elasticsearch.testing.CannedTransport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;

/** A transport that sends nothing: it records each request and answers with a canned response. */
final class RecordingTransport extends CannedTransport {

  final List<TransportRequest> sent = new ArrayList<>();
  int status = 200;
  String body = "{}";

  RecordingTransport() {
    super(null);
  }

  TransportRequest last() {
    return sent.get(sent.size() - 1);
  }

  @Override
  protected TransportResponse answer(TransportRequest request) {
    sent.add(request);
    return new TransportResponse(status, HttpHeaders.headers(), Buffer.buffer(body), "http://fake:9200", List.of(),
      List.of());
  }
}
