package dev.vertx.elasticsearch.testing;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeoutException;

/** Bounded waits for futures from a test thread. */
public final class Await {

  /** The longest any single wait in the tests may take. */
  public static final long SECONDS = 30;

  private Await() {
  }

  /**
   * @return the future's value
   * @throws AssertionError when it fails or does not complete within {@link #SECONDS}
   */
  public static <T> T result(Future<T> future) {
    try {
      return future.await(SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("The future did not complete within " + SECONDS + " s", e);
    }
  }

  /**
   * @return the future's failure
   * @throws AssertionError when it succeeds or does not complete within {@link #SECONDS}
   */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = future.await(SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("Expected a failure, got " + value);
    } catch (TimeoutException e) {
      throw new AssertionError("The future did not complete within " + SECONDS + " s", e);
    } catch (RuntimeException e) {
      return future.cause() != null ? future.cause() : e;
    }
  }

  /**
   * Polls a condition every 10 ms until it holds.
   *
   * @throws AssertionError when it does not hold within {@link #SECONDS}
   */
  public static void until(BooleanSupplier condition) {
    long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Condition not met within " + SECONDS + " s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
