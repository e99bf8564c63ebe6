package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;

/** Small context utilities. */
final class Contexts {

  private Contexts() {
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
