package dev.vertx.elasticsearch.helpers.impl;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The gate operations pass to enter an ingester, and the count of those not yet accounted for. Admitting and closing
 * are one atomic word, so an operation is either admitted before the gate closes (and counted, so that the end waits
 * for it) or refused; never admitted and then forgotten. Lock-free; callable from any thread.
 */
final class Admission {

  private static final long CLOSED = 1L << 62;
  private static final long COUNT = CLOSED - 1;

  /** The closed bit and the number of admitted operations not yet accounted for. */
  private final AtomicLong state = new AtomicLong();

  /** @return {@code true} when the operation is admitted (and counted as pending), {@code false} once closed */
  boolean tryAdmit() {
    while (true) {
      long s = state.get();
      if ((s & CLOSED) != 0) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  /** Closes the gate: later {@link #tryAdmit()} calls fail. Idempotent. */
  void close() {
    state.getAndUpdate(s -> s | CLOSED);
  }

  /** @return whether the gate is closed */
  boolean isClosed() {
    return (state.get() & CLOSED) != 0;
  }

  /** @param count admitted operations now accounted for */
  void settled(long count) {
    state.addAndGet(-count);
  }

  /** @return admitted operations not yet accounted for */
  long pending() {
    return state.get() & COUNT;
  }
}
