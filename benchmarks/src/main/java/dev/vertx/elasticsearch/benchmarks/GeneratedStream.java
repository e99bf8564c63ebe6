package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;

import java.util.function.LongFunction;

/** A {@link ReadStream} of {@code total} items made on demand: nothing is held in memory beyond what is asked for. */
final class GeneratedStream<T> implements ReadStream<T> {

  private final Context context;
  private final long total;
  private final LongFunction<T> generator;
  private Handler<T> handler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private long next;
  private boolean emitting;
  private boolean ended;

  GeneratedStream(Context context, long total, LongFunction<T> generator) {
    this.context = context;
    this.total = total;
    this.generator = generator;
  }

  @Override
  public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public ReadStream<T> handler(Handler<T> handler) {
    this.handler = handler;
    if (handler != null) {
      schedule();
    }
    return this;
  }

  @Override
  public ReadStream<T> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<T> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<T> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public ReadStream<T> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  private void schedule() {
    if (emitting) {
      return;
    }
    if (Vertx.currentContext() == context) {
      drain();
    } else {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    if (emitting) {
      return;
    }
    emitting = true;
    try {
      while (demand > 0 && next < total && handler != null) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(generator.apply(next++));
      }
      if (next >= total && !ended && handler != null) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    } finally {
      emitting = false;
    }
  }
}
