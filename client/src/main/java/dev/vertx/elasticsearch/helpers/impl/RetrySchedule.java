package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operations waiting for a retry, by the time they are due, behind one timer for the whole ingester: the timer
 * is armed for the earliest due time and, when it fires, hands over everything due by then. Confined to the
 * ingester's context.
 */
final class RetrySchedule {

  private final ContextInternal context;
  private final Handler<List<PendingOperation>> due;
  private final TreeMap<Long, List<PendingOperation>> byDueTime = new TreeMap<>();
  private long timer = -1;
  private long timerDue;
  private int size;

  /**
   * @param context the ingester's context, whose timer is used
   * @param due gets the operations that are due, oldest first
   */
  RetrySchedule(ContextInternal context, Handler<List<PendingOperation>> due) {
    this.context = context;
    this.due = due;
  }

  /**
   * @param ops operations to retry together
   * @param delayMillis how long they wait, at least 1 ms
   */
  void add(List<PendingOperation> ops, long delayMillis) {
    long at = System.nanoTime() + Math.max(1, delayMillis) * 1_000_000;
    byDueTime.computeIfAbsent(at, k -> new ArrayList<>(ops.size())).addAll(ops);
    size += ops.size();
    arm();
  }

  /** @return the operations waiting */
  int size() {
    return size;
  }

  /** Empties the schedule and stops its timer. @return what it held */
  List<PendingOperation> clear() {
    cancelTimer();
    List<PendingOperation> all = new ArrayList<>(size);
    byDueTime.values().forEach(all::addAll);
    byDueTime.clear();
    size = 0;
    return all;
  }

  private void arm() {
    if (byDueTime.isEmpty()) {
      cancelTimer();
      return;
    }
    long first = byDueTime.firstKey();
    if (timer != -1 && timerDue <= first) {
      return;
    }
    cancelTimer();
    timerDue = first;
    long delay = Math.max(1, (first - System.nanoTime() + 999_999) / 1_000_000);
    timer = context.setTimer(delay, id -> onTimer());
  }

  private void cancelTimer() {
    if (timer != -1) {
      context.owner().cancelTimer(timer);
      timer = -1;
    }
  }

  private void onTimer() {
    timer = -1;
    long now = System.nanoTime();
    List<PendingOperation> ready = new ArrayList<>();
    while (!byDueTime.isEmpty() && byDueTime.firstKey() <= now) {
      Map.Entry<Long, List<PendingOperation>> e = byDueTime.pollFirstEntry();
      ready.addAll(e.getValue());
    }
    size -= ready.size();
    arm();
    if (!ready.isEmpty()) {
      due.handle(ready);
    }
  }
}
