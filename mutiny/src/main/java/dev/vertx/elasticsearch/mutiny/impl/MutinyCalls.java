package dev.vertx.elasticsearch.mutiny.impl;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Cancellation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Objects;
import java.util.function.Function;

/**
 * Adapts the core client's Vert.x futures to Mutiny; every generated facade method is one call of {@link #uni}.
 * Not part of the API: its methods may change without notice.
 */
public final class MutinyCalls {

  private MutinyCalls() {
  }

  /**
   * A lazy {@code Uni} of a core call: the call is made on each subscription, from the subscriber's thread, so its
   * future (and the item or failure) completes on the subscriber's Vert.x context as the core futures do. Cancelling
   * the subscription cancels the call ({@link Cancellation}): one in flight is aborted, its connection reset (never
   * returned to the pool half-read), and its span says so; one not yet sent is never sent.
   * <p>
   * A {@code Cancellation} set on the core client's {@code CallOptions} is replaced by the subscription's own: cancel
   * the subscription instead.
   *
   * @param client the core client
   * @param call the core call
   * @param <T> the result type
   * @return the {@code Uni}
   */
  public static <T> Uni<T> uni(ElasticsearchClient client, Function<ElasticsearchClient, Future<T>> call) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(call, "call");
    return Uni.createFrom().deferred(() -> {
      Cancellation token = Cancellation.create();
      return Uni.createFrom().<T>emitter(emitter -> {
        Future<T> future;
        try {
          future = call.apply(client.withOptions(new CallOptions().setCancellation(token)));
        } catch (RuntimeException e) {
          emitter.fail(e);
          return;
        }
        future.onComplete(emitter::complete, emitter::fail);
      }).onCancellation().invoke(token::cancel);
    });
  }

  /**
   * Subscribes and waits for the item, as smallrye-mutiny-vertx-bindings' {@code ...AndAwait} methods do, without
   * blocking a thread that the answer needs: on a Vert.x virtual thread it suspends as {@link Future#await()} does,
   * so the answer is still delivered on that context; elsewhere off Vert.x it blocks the calling thread.
   *
   * @param uni the {@code Uni}
   * @param <T> the item type
   * @return the item
   * @throws IllegalStateException on a Vert.x event-loop or worker thread, before anything is sent: the answer is
   *     delivered on the caller's context, so waiting there could only deadlock; subscribe instead
   * @throws RuntimeException the failure of the {@code Uni}, as it is (checked exceptions are not wrapped)
   */
  public static <T> T await(Uni<T> uni) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("...AndAwait cannot be called on a Vert.x event-loop thread: the answer is "
        + "delivered on this thread; subscribe to the Uni instead, or call from a virtual thread");
    }
    if (Context.isOnWorkerThread()) {
      throw new IllegalStateException("...AndAwait cannot be called on a Vert.x worker thread: the answer is "
        + "delivered on this context; subscribe to the Uni instead, or call from a virtual thread");
    }
    Promise<T> promise = Promise.promise();
    uni.subscribe().with(promise::complete, promise::fail);
    return promise.future().await();
  }

  /**
   * Subscribes and ignores the item and any failure, as smallrye-mutiny-vertx-bindings' {@code ...AndForget}
   * methods do.
   *
   * @param uni the {@code Uni}
   */
  public static void forget(Uni<?> uni) {
    uni.subscribe().with(item -> { }, failure -> { });
  }
}
