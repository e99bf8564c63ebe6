package dev.vertx.elasticsearch.rxjava3;

import dev.vertx.elasticsearch.testing.Delivery;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.vertx.elasticsearch.testing.Await.SECONDS;

/** What the RxJava tests share: bounded waits, results observed on a context. */
final class RxTesting {

  private RxTesting() {
  }

  /** @return the item, failing the test when the {@code Single} fails or takes longer than the bound */
  static <T> T await(Single<T> single) {
    return single.timeout(SECONDS, TimeUnit.SECONDS).blockingGet();
  }

  /** @return the error of the {@code Single}, failing the test when it succeeds or takes longer than the bound */
  static Throwable errorOf(Single<?> single) {
    return await(single.map(item -> (Throwable) new AssertionError("Expected an error, got " + item))
      .onErrorReturn(error -> error));
  }

  /** Subscribes on the context and records where the result arrives. */
  static <T> Future<Delivery<T>> subscribeOn(Context context, Supplier<Single<T>> single) {
    Promise<Delivery<T>> delivered = Promise.promise();
    context.runOnContext(v -> single.get().subscribe(Delivery.itemTo(delivered)::handle,
      Delivery.failureTo(delivered)::handle));
    return delivered.future();
  }

  /** Subscribes to a {@code Flowable} on the context; the contexts of every item, then of the completion. */
  static <T> Future<List<Context>> contextsOf(Context context, Supplier<Flowable<T>> flowable) {
    Promise<List<Context>> done = Promise.promise();
    context.runOnContext(v -> {
      List<Context> seen = new ArrayList<>();
      flowable.get().subscribe(item -> seen.add(Vertx.currentContext()), done::fail, () -> {
        seen.add(Vertx.currentContext());
        done.complete(seen);
      });
    });
    return done.future();
  }
}
