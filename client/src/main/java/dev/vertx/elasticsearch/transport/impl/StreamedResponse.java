package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.List;

/** A {@link TransportStream}: the answer's head as a {@link TransportResponse} (without body) and the body stream. */
final class StreamedResponse implements TransportStream {

  private final TransportResponse head;
  private final ReadStream<Buffer> body;
  private final Future<Void> completion;
  private final Runnable cancel;

  StreamedResponse(TransportResponse head, ReadStream<Buffer> body, Future<Void> completion, Runnable cancel) {
    this.head = head;
    this.body = body;
    this.completion = completion;
    this.cancel = cancel;
  }

  @Override
  public int status() {
    return head.status();
  }

  @Override
  public MultiMap headers() {
    return head.headers();
  }

  @Override
  public String node() {
    return head.node();
  }

  @Override
  public List<String> warnings() {
    return head.warnings();
  }

  @Override
  public List<ElasticsearchException> attemptErrors() {
    return head.attemptErrors();
  }

  @Override
  public ReadStream<Buffer> body() {
    return body;
  }

  @Override
  public Future<Void> completion() {
    return completion;
  }

  @Override
  public void cancel() {
    cancel.run();
  }

  @Override
  public String toString() {
    return "TransportStream[" + head.status() + " from " + head.node() + "]";
  }
}
