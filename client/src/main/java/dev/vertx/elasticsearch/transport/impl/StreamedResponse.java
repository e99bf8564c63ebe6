package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.streams.ReadStream;

import java.util.List;
import java.util.concurrent.CancellationException;

/** A {@link TransportStream}: the answer's head as a {@link TransportResponse} (without body) and the body stream. */
final class StreamedResponse implements TransportStream {

  private final TransportResponse head;
  private final ReadStream<Buffer> body;
  private final Future<Void> completion;
  private final Runnable cancel;

  /**
   * @param context the call's context
   * @param head the answer, its body empty when streamed
   * @param streamed the handed-out body, or {@code null} when the body was read whole (then replayed)
   * @return the answer with its body as a stream
   */
  static StreamedResponse of(ContextInternal context, TransportResponse head, ResponseBodyStream streamed) {
    if (streamed != null) {
      return new StreamedResponse(head, streamed, streamed.completion(), streamed::cancel);
    }
    PromiseInternal<Void> completion = context.promise();
    BufferReadStream replay = new BufferReadStream(context, head.body(), completion);
    return new StreamedResponse(head, replay, completion.future(), () -> {
      replay.cancel();
      completion.tryFail(new CancellationException("The response body was cancelled"));
    });
  }

  private StreamedResponse(TransportResponse head, ReadStream<Buffer> body, Future<Void> completion, Runnable cancel) {
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
