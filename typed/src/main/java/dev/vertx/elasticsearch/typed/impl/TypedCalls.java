package dev.vertx.elasticsearch.typed.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Turns elasticsearch-java's {@code CompletableFuture}s into Vert.x futures completed on the caller's context. */
public final class TypedCalls {

  private TypedCalls() {
  }

  /**
   * Makes a call and hands its result to the caller's context (captured now; a new event-loop context when the
   * caller is not on a Vert.x thread), wherever elasticsearch-java completes it (an event loop, or a worker thread
   * for a big answer).
   *
   * @param vertx the Vert.x instance
   * @param call starts the call; what it throws (e.g. a builder's missing required property) fails the future
   * @param <R> the response type
   * @return the response, on the caller's context
   */
  public static <R> Future<R> call(Vertx vertx, Supplier<CompletableFuture<R>> call) {
    ContextInternal context = ((VertxInternal) vertx).getOrCreateContext();
    CompletableFuture<R> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      return context.failedFuture(e);
    }
    PromiseInternal<R> promise = context.promise();
    future.whenComplete((response, err) -> {
      if (err == null) {
        promise.complete(response);
      } else {
        promise.fail(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
      }
    });
    return promise.future();
  }
}
