package dev.vertx.elasticsearch.client.impl;

import dev.vertx.elasticsearch.client.ElasticsearchStream;
import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;

import java.util.Set;
import java.util.stream.Collector;

/**
 * The client's streaming calls: answers read as streams, with error statuses turned into the typed
 * {@code ApiException} (from their body, which the transport read whole and bounded); and request bodies given as
 * streams.
 */
final class StreamedCalls {

  private static final Collector<Buffer, Buffer, Buffer> CONCAT = Collector.of(Buffer::buffer, Buffer::appendBuffer,
    Buffer::appendBuffer);

  private StreamedCalls() {
  }

  /** Attaches a body stream, sent as JSON like the buffered bodies of {@code perform} (NDJSON endpoints take it). */
  @SuppressWarnings("unchecked")
  static void attachBody(TransportRequest request, ReadStream<?> body) {
    request.bodyStream((ReadStream<Buffer>) body, "application/json");
  }

  static Future<ElasticsearchStream> perform(TransportReference reference, Transport transport, CallOptions options,
                                             Set<Integer> ignoreStatus, Instrumentation instrumentation,
                                             TransportRequest request) {
    if (reference.isReleased()) {
      return Future.failedFuture(new ClientClosedException("The client is closed; " + request + " was not sent", null,
        null));
    }
    boolean head = request.method() == HttpMethod.HEAD;
    return transport.performStream(request, options, instrumentation).transform(ar -> {
      TransportStream stream = ar.result();
      if (stream == null) {
        return Future.failedFuture(ar.cause());
      }
      int status = stream.status();
      if (status < 300 || (head && status == 404) || ignoreStatus.contains(status)) {
        return Future.succeededFuture(new ElasticsearchStream(stream));
      }
      // Not streamed: the transport read the error body whole, within maxResponseSize.
      return stream.body().collect(CONCAT).transform(body -> {
        Throwable error = body.succeeded() ? ElasticsearchClientImpl.apiError(head(stream, body.result()))
          : body.cause();
        return Future.failedFuture(error);
      });
    });
  }

  private static TransportResponse head(TransportStream stream, Buffer body) {
    return new TransportResponse(stream.status(), stream.headers(), body, stream.node(), stream.warnings(),
      stream.attemptErrors());
  }
}
