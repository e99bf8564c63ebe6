package dev.vertx.elasticsearch.rxjava3.impl;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Cancellation;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;

import java.util.Objects;
import java.util.function.Function;

/**
 * Adapts the core client's Vert.x futures to RxJava 3; every generated facade method is one call of {@link #single}.
 * Not part of the API: its methods may change without notice.
 */
public final class RxCalls {

  private RxCalls() {
  }

  /**
   * A lazy {@code Single} of a core call: the call is made on each subscription, from the subscriber's thread, so
   * its future (and the item or error) completes on the subscriber's Vert.x context as the core futures do.
   * Disposing the subscription cancels the call ({@link Cancellation}): one in flight is aborted, its connection reset
   * (never returned to the pool half-read), and its span says so; one not yet sent is never sent.
   * <p>
   * A {@code Cancellation} set on the core client's {@code CallOptions} is replaced by the subscription's own: dispose
   * the subscription instead.
   *
   * @param client the core client
   * @param call the core call
   * @param <T> the result type
   * @return the {@code Single}
   */
  public static <T> Single<T> single(ElasticsearchClient client, Function<ElasticsearchClient, Future<T>> call) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(call, "call");
    return Single.create(emitter -> {
      Cancellation token = Cancellation.create();
      // also called after a success or error, when the call has ended: then cancelling changes nothing
      emitter.setCancellable(token::cancel);
      Future<T> future = call.apply(client.withOptions(new CallOptions().setCancellation(token)));
      future.onComplete(emitter::onSuccess, emitter::tryOnError);
    });
  }
}
