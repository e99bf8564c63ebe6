package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

/**
 * What the helpers' read streams share: the handlers and the demand, kept on one context (calls from other threads
 * hop onto it), and a {@link #drain()} after every change that may let items flow.
 *
 * @param <T> the item type
 * @param <S> the stream type the fluent methods return
 */
abstract class DemandStream<T, S extends ReadStream<T>> implements ReadStream<T> {

  /** The context every handler is called on. */
  protected final Context context;
  /** The item handler, or {@code null}. */
  protected Handler<T> handler;
  /** The end handler, or {@code null}. */
  protected Handler<Void> endHandler;
  /** The exception handler, or {@code null}. */
  protected Handler<Throwable> exceptionHandler;
  /** Items the consumer can take; {@code Long.MAX_VALUE} when flowing. */
  protected long demand = Long.MAX_VALUE;

  protected DemandStream(Context context) {
    this.context = context;
  }

  /** Emits what the demand allows; called on the context, may be re-entered by a handler. */
  protected abstract void drain();

  /** Called on the context when a handler is set or cleared; drains by default. */
  protected void handlerChanged() {
    drain();
  }

  /** @return whether an item can be emitted now */
  protected final boolean canEmit() {
    return demand > 0 && handler != null;
  }

  /** Counts one emitted item against the demand. */
  protected final void emitted() {
    if (demand != Long.MAX_VALUE) {
      demand--;
    }
  }

  /**
   * Runs an action on the stream's context: at once when already on it, else later on it.
   *
   * @param action what to run
   */
  protected final void onContext(Runnable action) {
    Contexts.run(context, action);
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  @Override
  public S exceptionHandler(Handler<Throwable> handler) {
    onContext(() -> exceptionHandler = handler);
    return self();
  }

  @Override
  public S handler(Handler<T> handler) {
    onContext(() -> {
      this.handler = handler;
      handlerChanged();
    });
    return self();
  }

  @Override
  public S pause() {
    onContext(() -> demand = 0);
    return self();
  }

  @Override
  public S resume() {
    onContext(() -> {
      demand = Long.MAX_VALUE;
      drain();
    });
    return self();
  }

  @Override
  public S fetch(long amount) {
    onContext(() -> {
      if (amount > 0) {
        demand = Contexts.addDemand(demand, amount);
        drain();
      }
    });
    return self();
  }

  @Override
  public S endHandler(Handler<Void> handler) {
    onContext(() -> endHandler = handler);
    return self();
  }
}
