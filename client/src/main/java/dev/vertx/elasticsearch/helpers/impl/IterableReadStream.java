package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

import java.util.Iterator;

/**
 * A {@link ReadStream} over an {@link Iterable}, emitting on one context as long as there is demand, at most
 * {@value #BATCH} items per event-loop turn so that a long iterable never holds the loop.
 *
 * @param <T> the item type
 */
public final class IterableReadStream<T> implements ReadStream<T> {

  private static final int BATCH = 256;

  private final Context context;
  private final Iterable<T> iterable;
  private Iterator<T> iterator;
  private Handler<T> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private boolean scheduled;
  private boolean done;

  /**
   * @param context the context items are emitted on
   * @param iterable the items
   */
  public IterableReadStream(Context context, Iterable<T> iterable) {
    this.context = context;
    this.iterable = iterable;
  }

  @Override
  public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
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
    demand = Long.MAX_VALUE;
    schedule();
    return this;
  }

  @Override
  public ReadStream<T> fetch(long amount) {
    if (amount > 0) {
      demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
      schedule();
    }
    return this;
  }

  @Override
  public ReadStream<T> endHandler(Handler<Void> handler) {
    endHandler = handler;
    return this;
  }

  private void schedule() {
    if (!scheduled && !done) {
      scheduled = true;
      context.runOnContext(v -> emit());
    }
  }

  private void emit() {
    scheduled = false;
    if (done || handler == null) {
      return;
    }
    try {
      if (iterator == null) {
        iterator = iterable.iterator();
      }
      int n = 0;
      while (demand > 0 && n < BATCH && handler != null && iterator.hasNext()) {
        T item = iterator.next();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        n++;
        handler.handle(item);
      }
      if (!iterator.hasNext()) {
        done = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      } else if (demand > 0) {
        schedule();
      }
    } catch (RuntimeException e) {
      done = true;
      if (exceptionHandler != null) {
        exceptionHandler.handle(e);
      } else {
        Contexts.report(context, e);
      }
    }
  }
}
