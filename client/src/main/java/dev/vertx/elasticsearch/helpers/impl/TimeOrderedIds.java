package dev.vertx.elasticsearch.helpers.impl;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Document ids made on the client, so that a bulk operation without id can be retried without being indexed twice.
 * Each id is 128 bits: a 48-bit millisecond timestamp and a 16-bit counter (a logical clock that never goes back,
 * even when the wall clock does), then 64 random bits drawn once per process. Ids are unique within a process by the
 * clock and across processes by the random part; they are written as 22 URL-safe characters from an alphabet in
 * ASCII order, so that their text sorts like their time (nearby ids share prefixes, which Lucene's term dictionary
 * likes).
 */
final class TimeOrderedIds {

  /** 64 URL-safe characters in ASCII order: {@code -}, digits, upper case, {@code _}, lower case. */
  private static final char[] ALPHABET =
    "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final long PROCESS = new SecureRandom().nextLong();
  /** The last (millis << 16 | counter) handed out. */
  private static final AtomicLong CLOCK = new AtomicLong();

  private TimeOrderedIds() {
  }

  /** @return a new id, 22 characters */
  static String next() {
    long now = System.currentTimeMillis() << 16;
    long clock = CLOCK.updateAndGet(last -> Math.max(now, last + 1));
    return encode(clock, PROCESS);
  }

  /** Writes the 128 bits {@code high:low} as 22 symbols of 6 bits, most significant first (4 zero bits at the end). */
  static String encode(long high, long low) {
    char[] out = new char[22];
    for (int i = 0; i < 10; i++) { // bits 0..59 of high
      out[i] = ALPHABET[(int) (high >>> (58 - 6 * i)) & 63];
    }
    out[10] = ALPHABET[(int) (((high & 0xF) << 2) | (low >>> 62))]; // bits 60..65
    for (int i = 11; i < 21; i++) { // bits 66..125, i.e. bits 2..61 of low
      out[i] = ALPHABET[(int) (low >>> (58 - 6 * (i - 11) - 2)) & 63];
    }
    out[21] = ALPHABET[(int) ((low & 3) << 4)]; // bits 126..127 and 4 zero bits
    return new String(out);
  }
}
