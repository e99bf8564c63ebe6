package dev.vertx.elasticsearch.transport;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with equal jitter, the one the transport and the helpers use between retries: for retry
 * {@code n} (from 1), {@code d = min(max, initial * 2^(n-1))}, then a uniform pick in {@code [d/2, d]}. The jitter
 * keeps many clients that failed together from retrying together.
 */
public final class Backoff {

  private Backoff() {
  }

  /**
   * @param initial the first delay in milliseconds; {@code 0} or less means no wait
   * @param max the longest delay in milliseconds
   * @param retry the retry about to be made, from 1
   * @return the delay in milliseconds, {@code 0} when {@code initial} or {@code max} is not positive
   */
  public static long delay(long initial, long max, int retry) {
    if (initial <= 0 || max <= 0) {
      return 0;
    }
    long d = initial << Math.min(Math.max(retry - 1, 0), 30);
    if (d <= 0 || d > max) {
      d = max;
    }
    long half = d / 2;
    return half + ThreadLocalRandom.current().nextLong(d - half + 1);
  }
}
