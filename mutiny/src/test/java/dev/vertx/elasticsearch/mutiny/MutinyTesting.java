package dev.vertx.elasticsearch.mutiny;

import dev.vertx.elasticsearch.testing.Delivery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.vertx.elasticsearch.testing.Await.SECONDS;

/** What the Mutiny tests share: bounded waits, results observed on a context. */
final class MutinyTesting {

  static final Duration WAIT = Duration.ofSeconds(SECONDS);

  private MutinyTesting() {
  }

  /** @return the item, failing the test when the {@code Uni} fails or takes longer than the bound */
  static <T> T await(Uni<T> uni) {
    return uni.await().atMost(WAIT);
  }

  /**
   * Subscribes on the context and records where the result arrives.
   *
   * @param context the caller's context
   * @param uni made on that context, when subscribed
   * @return what was delivered, and on which context
   */
  static <T> Future<Delivery<T>> subscribeOn(Context context, Supplier<Uni<T>> uni) {
    Promise<Delivery<T>> delivered = Promise.promise();
    context.runOnContext(v -> uni.get().subscribe().with(Delivery.itemTo(delivered)::handle,
      Delivery.failureTo(delivered)::handle));
    return delivered.future();
  }

  /**
   * Subscribes to a {@code Multi} on the context and records the contexts its items and its end arrive on.
   *
   * @return the contexts of every item, then of the completion
   */
  static <T> Future<List<Context>> contextsOf(Context context, Supplier<Multi<T>> multi) {
    Promise<List<Context>> done = Promise.promise();
    context.runOnContext(v -> {
      List<Context> seen = new ArrayList<>();
      multi.get().subscribe().with(item -> seen.add(Vertx.currentContext()), done::fail, () -> {
        seen.add(Vertx.currentContext());
        done.complete(seen);
      });
    });
    return done.future();
  }
}
