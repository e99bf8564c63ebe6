package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The drain handlers of a stream that several writers may fill: each handler registered (a pipe registers its own each
 * time it pauses its source) is called once the buffer drains, on the context it was registered from, so a pipe
 * resumes its source on the source's own context and never races with its pause. A handler is not called if the
 * buffer filled up again before the call reached its context (a notice from an earlier drain would resume a source
 * that just paused on a full buffer): it waits for the next drain. Handlers stay registered until replaced by
 * {@code null}. Thread-safe.
 */
final class DrainHandlers {

  private final Context fallback;
  private final BooleanSupplier bufferFull;
  private final Map<Handler<Void>, Context> handlers = new IdentityHashMap<>();
  private boolean full;

  /**
   * @param fallback where handlers registered off Vert.x threads run
   * @param bufferFull whether the buffer is full now, callable from any thread
   */
  DrainHandlers(Context fallback, BooleanSupplier bufferFull) {
    this.fallback = fallback;
    this.bufferFull = bufferFull;
  }

  /**
   * @param handler a handler to call on drain, or {@code null} to remove every handler
   */
  synchronized void register(Handler<Void> handler) {
    if (handler == null) {
      handlers.clear();
      return;
    }
    Context current = Vertx.currentContext();
    handlers.put(handler, current != null ? current : fallback);
  }

  /** Notes that a writer found the buffer full: the next drain calls the handlers. */
  synchronized void markFull() {
    full = true;
  }

  /** Calls every handler once, on its own context, if the buffer was full since the last drain. */
  void drained() {
    Map<Handler<Void>, Context> toCall;
    synchronized (this) {
      if (!full || handlers.isEmpty()) {
        // stays full while nobody listens, so that a handler registered late still fires
        return;
      }
      full = false;
      toCall = Map.copyOf(handlers);
    }
    toCall.forEach((handler, context) -> {
      if (Vertx.currentContext() == context) {
        deliver(handler);
      } else {
        context.runOnContext(v -> deliver(handler));
      }
    });
  }

  private void deliver(Handler<Void> handler) {
    if (bufferFull.getAsBoolean()) {
      markFull();
      if (bufferFull.getAsBoolean()) {
        // still full once marked: the next drain calls the handler
        return;
      }
    }
    handler.handle(null);
  }
}
