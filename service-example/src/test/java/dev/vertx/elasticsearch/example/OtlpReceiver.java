package dev.vertx.elasticsearch.example;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A minimal OTLP/HTTP (protobuf) trace receiver on loopback that keeps every span it is sent. */
final class OtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<Span> spans = new CopyOnWriteArrayList<>();

  OtlpReceiver(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (!req.path().equals("/v1/traces")) {
        req.response().setStatusCode(404).end();
        return;
      }
      try {
        ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
        export.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
        req.response().putHeader("content-type", "application/x-protobuf")
          .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
      } catch (InvalidProtocolBufferException e) {
        req.response().setStatusCode(400).end();
      }
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<Span> spans() {
    return spans;
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
