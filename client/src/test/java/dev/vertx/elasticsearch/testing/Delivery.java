package dev.vertx.elasticsearch.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An item or a failure and the Vert.x context it was delivered on: what the facade tests record of a subscription to
 * check where its result arrives.
 *
 * @param item the item, {@code null} on failure
 * @param failure the failure, {@code null} on success
 * @param context the context current where it arrived
 * @param <T> the type of the item
 */
public record Delivery<T>(T item, Throwable failure, Context context) {

  /**
   * @param delivered where to record the item
   * @param <T> the type of the item
   * @return a callback that records an item on the current context
   */
  public static <T> io.vertx.core.Handler<T> itemTo(Promise<Delivery<T>> delivered) {
    return item -> delivered.complete(new Delivery<>(item, null, Vertx.currentContext()));
  }

  /**
   * @param delivered where to record the failure
   * @param <T> the type of the item
   * @return a callback that records a failure on the current context
   */
  public static <T> io.vertx.core.Handler<Throwable> failureTo(Promise<Delivery<T>> delivered) {
    return failure -> delivered.complete(new Delivery<>(null, failure, Vertx.currentContext()));
  }

  /**
   * Waits (bounded) for every delivery and asserts that each arrived on the caller's context.
   *
   * @param caller the context the subscriptions were made on
   * @param deliveries what was delivered
   * @return the deliveries, in order
   */
  public static List<Delivery<?>> allOn(Context caller, List<Future<? extends Delivery<?>>> deliveries) {
    List<Delivery<?>> delivered = deliveries.stream().<Delivery<?>>map(d -> result(d)).toList();
    assertThat(delivered).allSatisfy(d -> assertThat(d.context()).isSameAs(caller));
    return delivered;
  }
}
