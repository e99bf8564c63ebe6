package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.helpers.BulkItemResult;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkStats;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Where every operation's outcome is recorded, exactly once: the counters (readable from any thread), the
 * failures kept for the summary, the indices written (for the final refresh), the per-item result handler, and the
 * flush epochs, so that a flush completes once every operation accepted before it is recorded. Recording is confined
 * to the ingester's context.
 */
final class BulkLedger {

  private final BulkOptions options;
  private final Admission admission;
  private final long startNanos = System.nanoTime();
  private volatile long endNanos;

  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong successes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong noops = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong probablyApplied = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong rejections = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  private final TreeMap<Integer, int[]> outstandingByEpoch = new TreeMap<>();
  private final ArrayDeque<Map.Entry<Integer, Promise<Void>>> flushWaiters = new ArrayDeque<>();
  private final Set<String> writtenIndices = new LinkedHashSet<>();
  private final List<BulkItemResult> reported = new ArrayList<>();
  private int epoch;
  /** The outstanding count of {@link #epoch}, while it is in {@link #outstandingByEpoch}: one lookup per epoch. */
  private int[] currentOutstanding;
  /** The index {@link #wrote} added last: consecutive operations mostly write the same one. */
  private String lastWritten;
  private Handler<BulkItemResult> resultHandler;
  private final Handler<Throwable> errors;
  private final BiConsumer<PendingOperation, BulkItemResult> failed;

  /**
   * @param options the ingester's settings
   * @param admission the gate whose pending count drops as outcomes are recorded
   * @param errors gets the failures of the result handler
   * @param failed gets every operation finally failed (outcome {@code FAILED} or {@code UNKNOWN})
   */
  BulkLedger(BulkOptions options, Admission admission, Handler<Throwable> errors,
             BiConsumer<PendingOperation, BulkItemResult> failed) {
    this.options = options;
    this.admission = admission;
    this.errors = errors;
    this.failed = failed;
  }

  /** Counts an admitted operation; from any thread. */
  void admitted() {
    operations.incrementAndGet();
  }

  /** @return the flush epoch new operations belong to, counting one more in it */
  int enter() {
    int[] outstanding = currentOutstanding;
    if (outstanding == null) {
      outstanding = outstandingByEpoch.computeIfAbsent(epoch, k -> new int[1]);
      currentOutstanding = outstanding;
    }
    outstanding[0]++;
    return epoch;
  }

  /**
   * Starts a new epoch; the waiter completes once every operation of the epochs before is recorded.
   *
   * @param waiter completed then
   */
  void flush(Promise<Void> waiter) {
    int target = epoch++;
    currentOutstanding = null;
    if (outstandingByEpoch.isEmpty() || outstandingByEpoch.firstKey() > target) {
      waiter.complete();
    } else {
      flushWaiters.add(Map.entry(target, waiter));
    }
  }

  void resultHandler(Handler<BulkItemResult> handler) {
    this.resultHandler = handler;
  }

  /** @return whether somebody wants every item's result (so that answers must be read item by item) */
  boolean wantsItems() {
    return resultHandler != null;
  }

  void requestSent(int size) {
    requests.incrementAndGet();
    bytes.addAndGet(size);
  }

  void retried(int count) {
    retries.addAndGet(count);
  }

  /** Counts operations Elasticsearch rejected (they are retried). */
  void rejected(int count) {
    rejections.addAndGet(count);
  }

  /** Records the outcome of one operation. */
  void record(PendingOperation op, BulkItemResult result) {
    switch (result.outcome()) {
      case SUCCEEDED:
        successes.incrementAndGet();
        if (result.noop()) {
          noops.incrementAndGet();
        }
        wrote(result.index());
        break;
      case IGNORED:
        ignored.incrementAndGet();
        break;
      case PROBABLY_APPLIED:
        probablyApplied.incrementAndGet();
        keep(result);
        break;
      case UNKNOWN:
        unknown.incrementAndGet();
        failures.incrementAndGet();
        keep(result);
        failed.accept(op, result);
        break;
      default:
        failures.incrementAndGet();
        keep(result);
        failed.accept(op, result);
    }
    admission.settled(1);
    if (resultHandler != null) {
      try {
        resultHandler.handle(result);
      } catch (RuntimeException e) {
        errors.handle(e);
      }
    }
    // last: a flush this completes may be observed at once, from any thread, with every count already in place
    settle(op.epoch, 1);
  }

  /**
   * Records a whole chunk as applied, as {@link #record} would one by one, without a result per item: from the
   * chunk's summary of epochs and indices, without a pass over its operations.
   */
  void recordAllSucceeded(Batch batch) {
    successes.addAndGet(batch.size());
    admission.settled(batch.size());
    for (String index : batch.indices()) {
      wrote(index != null ? index : options.getIndex());
    }
    for (int i = 0; i < batch.epochRunCount(); i++) {
      settle(batch.epochOfRun(i), batch.sizeOfRun(i));
    }
  }

  private void wrote(String index) {
    if (options.isRefreshOnCompletion() && index != null && !index.equals(lastWritten)) {
      writtenIndices.add(index);
      lastWritten = index;
    }
  }

  private void keep(BulkItemResult result) {
    if (reported.size() < options.getMaxReportedFailures()) {
      reported.add(result);
    }
  }

  private void settle(int epoch, int count) {
    if (count == 0) {
      return;
    }
    int[] outstanding = outstandingByEpoch.get(epoch);
    if (outstanding != null && (outstanding[0] -= count) <= 0) {
      outstandingByEpoch.remove(epoch);
      if (outstanding == currentOutstanding) {
        currentOutstanding = null;
      }
    }
    while (!flushWaiters.isEmpty()
      && (outstandingByEpoch.isEmpty() || outstandingByEpoch.firstKey() > flushWaiters.peek().getKey())) {
      flushWaiters.poll().getValue().complete();
    }
  }

  /** @return the indices written, for the refresh at the end */
  Set<String> writtenIndices() {
    return writtenIndices;
  }

  /** @return the failed, unknown and probably applied results kept for the summary */
  List<BulkItemResult> reported() {
    return List.copyOf(reported);
  }

  void ended() {
    endNanos = System.nanoTime();
  }

  /**
   * @param buffered operations buffered now
   * @param deadLettered operations written to the dead-letter stream
   * @param inFlight requests in flight now
   * @param limit requests allowed in flight now
   * @return the counters now
   */
  BulkStats stats(long buffered, long deadLettered, int inFlight, int limit) {
    long end = endNanos;
    long elapsed = ((end != 0 ? end : System.nanoTime()) - startNanos) / 1_000_000;
    return new BulkStats(operations.get(), successes.get(), failures.get(), ignored.get(), noops.get(), unknown.get(),
      probablyApplied.get(), retries.get(), requests.get(), bytes.get(), buffered, admission.pending(),
      rejections.get(), deadLettered, inFlight, limit, elapsed);
  }
}
