package dev.vertx.elasticsearch.benchmarks;

import org.HdrHistogram.Histogram;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A closed loop: {@code inflight} lanes, each starting its next operation when the previous one completes. */
final class LoadDriver {

  /** One asynchronous operation; {@code n} is its sequence number. */
  interface Op {
    void start(long n, Callback done);
  }

  interface Callback {
    void done(Throwable failure);
  }

  private final Op op;
  private final long total;
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);

  LoadDriver(Op op, long total) {
    this.op = op;
    this.total = total;
  }

  /** Starts the lanes on the calling thread (an event loop for the Vert.x candidates). */
  void startLanes(int inflight) {
    if (total == 0) {
      finished.countDown();
    }
    for (int i = 0; i < inflight; i++) {
      next();
    }
  }

  private void next() {
    long n = issued.getAndIncrement();
    if (n >= total) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      op.start(n, failure -> complete(t0, failure));
    } catch (RuntimeException e) {
      complete(t0, e);
    }
  }

  private void complete(long t0, Throwable failure) {
    long micros = (System.nanoTime() - t0) / 1000;
    synchronized (latencyMicros) {
      latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
    }
    if (failure != null) {
      failures.incrementAndGet();
      firstFailure.compareAndSet(null, failure);
    }
    if (completed.incrementAndGet() == total) {
      finished.countDown();
    } else {
      next();
    }
  }

  /** Waits for every operation; fails when any failed. */
  void await(long timeoutSeconds) throws InterruptedException {
    if (!finished.await(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Timed out after " + timeoutSeconds + " s: " + completed.get() + "/" + total
        + " done", firstFailure.get());
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + total + " operations failed", firstFailure.get());
    }
  }
}
