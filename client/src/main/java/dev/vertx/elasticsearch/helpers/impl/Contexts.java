package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;

/** Small context utilities. */
final class Contexts {

  private Contexts() {
  }

  /** Runs the action on the context: now when already on it, else as soon as the context gets to it. */
  static void run(Context context, Runnable action) {
    if (io.vertx.core.Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /**
   * @param vertx the Vert.x instance
   * @param future a future that may complete anywhere
   * @param <T> the result type
   * @return a future that completes like it, on the calling thread's context (a new one off Vert.x threads)
   */
  static <T> Future<T> onCaller(Vertx vertx, Future<T> future) {
    PromiseInternal<T> promise = ((VertxInternal) vertx).getOrCreateContext().promise();
    future.onComplete(promise);
    return promise.future();
  }

  /** @return the demand after adding {@code amount}, saturating at {@code Long.MAX_VALUE} */
  static long addDemand(long demand, long amount) {
    return demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
  }

  /** Passes an error nobody handles to the context's exception handler, or the Vert.x one. */
  static void report(Context context, Throwable error) {
    Handler<Throwable> handler = context.exceptionHandler();
    if (handler == null) {
      handler = context.owner().exceptionHandler();
    }
    if (handler != null) {
      handler.handle(error);
    }
  }
}
