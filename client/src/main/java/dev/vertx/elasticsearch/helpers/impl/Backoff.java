package dev.vertx.elasticsearch.helpers.impl;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with equal jitter: {@code d = min(max, initial * 2^(retry-1))}, then a pick in {@code [d/2, d]}. */
public final class Backoff {

  private Backoff() {
  }

  /**
   * @param initial the first delay in ms
   * @param max the longest delay in ms
   * @param retry the retry number, from 1
   * @return the delay in ms, at least 1 (Vert.x timers need a positive delay)
   */
  public static long delay(long initial, long max, int retry) {
    if (initial <= 0) {
      return 1;
    }
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long d = initial << shift;
    if (d <= 0 || d > max) {
      d = max;
    }
    long half = d / 2;
    return Math.max(1, half + ThreadLocalRandom.current().nextLong(d - half + 1));
  }
}
