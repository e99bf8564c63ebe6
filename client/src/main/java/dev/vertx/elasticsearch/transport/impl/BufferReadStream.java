package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.streams.ReadStream;

/**
 * A body that was read whole (an answer that is not streamed), replayed as a {@link ReadStream}: one item, then the
 * end, delivered on the context once there is a handler and demand.
 */
final class BufferReadStream implements ReadStream<Buffer> {

  private final ContextInternal context;
  private final Buffer body;
  private final Promise<Void> completion;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private boolean emitted;
  private boolean ended;

  BufferReadStream(ContextInternal context, Buffer body, Promise<Void> completion) {
    this.context = context;
    this.body = body;
    this.emitted = body.length() == 0;
    this.completion = completion;
  }

  @Override
  public synchronized ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public synchronized ReadStream<Buffer> handler(Handler<Buffer> handler) {
    this.handler = handler;
    schedule();
    return this;
  }

  @Override
  public synchronized ReadStream<Buffer> pause() {
    demand = 0;
    return this;
  }

  @Override
  public synchronized ReadStream<Buffer> resume() {
    demand = Long.MAX_VALUE;
    schedule();
    return this;
  }

  @Override
  public synchronized ReadStream<Buffer> fetch(long amount) {
    demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public synchronized ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    schedule();
    return this;
  }

  /** Marks the body as abandoned. */
  synchronized void cancel() {
    emitted = true;
    ended = true;
  }

  private void schedule() {
    context.runOnContext(v -> deliver());
  }

  private void deliver() {
    Handler<Buffer> data = null;
    Handler<Void> end = null;
    boolean endNow = false;
    synchronized (this) {
      if (!emitted && handler != null && demand > 0) {
        emitted = true;
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        data = handler;
      }
      if (emitted && !ended && (handler != null || endHandler != null)) {
        ended = true;
        endNow = true;
        end = endHandler;
      }
    }
    if (data != null) {
      data.handle(body);
    }
    if (endNow) {
      completion.tryComplete();
      if (end != null) {
        end.handle(null);
      }
    }
  }
}
