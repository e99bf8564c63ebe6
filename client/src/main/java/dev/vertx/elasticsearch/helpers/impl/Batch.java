package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.helpers.BulkOperation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The operations of one bulk request, in order, with its body and what the request needs to know of them, added up
 * as they join: its size, whether one is an update or may already be applied, the flush epochs and the indices
 * written. Sending the request and recording an all-successful answer then need no pass over the operations.
 * Confined to the ingester's context.
 */
final class Batch {

  private final ArrayList<PendingOperation> ops;
  private final BulkBody body;
  /** Operations before it were taken out again to join a request of retries (see {@link #removeFirst}). */
  private int head;
  private long bytes;
  private boolean hasUpdates;
  private boolean maybeApplied;
  /** Whether {@link #epochRuns} and {@link #indices} hold: no operation was taken out. */
  private boolean summarized = true;
  /** Runs of operations of one flush epoch, in order: {@code [epoch, count, epoch, count, ...]}. */
  private int[] epochRuns = new int[4];
  private int epochRunCount;
  /** The target indices in order of first use, without repeating the last one ({@code null}: the default index). */
  private final List<String> indices = new ArrayList<>(1);
  private String lastIndex;

  /**
   * @param capacity the operations expected, to size the list
   * @param bodyCapacity the bytes expected, to size the body
   */
  Batch(int capacity, int bodyCapacity) {
    this.ops = new ArrayList<>(capacity);
    this.body = new BulkBody(bodyCapacity);
  }

  /**
   * Adds an operation at the end. Its lines join the body unless it was written there (as the last lines) already.
   */
  void add(PendingOperation op) {
    if (op.body != body) {
      op.moveTo(body);
    }
    ops.add(op);
    bytes += op.length;
    hasUpdates |= op.operation.type() == BulkOperation.Type.UPDATE;
    maybeApplied |= op.maybeApplied;
    if (summarized) {
      summarize(op);
    }
  }

  private void summarize(PendingOperation op) {
    int last = 2 * (epochRunCount - 1);
    if (epochRunCount > 0 && epochRuns[last] == op.epoch) {
      epochRuns[last + 1]++;
    } else {
      if (2 * epochRunCount == epochRuns.length) {
        epochRuns = Arrays.copyOf(epochRuns, epochRuns.length * 2);
      }
      epochRuns[2 * epochRunCount] = op.epoch;
      epochRuns[2 * epochRunCount + 1] = 1;
      epochRunCount++;
    }
    String index = op.operation.targetIndex();
    if (indices.isEmpty() || (index != lastIndex && !Objects.equals(index, lastIndex))) {
      indices.add(index);
      lastIndex = index;
    }
  }

  /**
   * Takes the first operation out (to join another chunk). The totals stay exact, but the epochs and indices are
   * unknown from then on: such a batch is never sent as it is (see {@link #summarized()}).
   *
   * @return the operation
   */
  PendingOperation removeFirst() {
    PendingOperation first = ops.get(head);
    ops.set(head++, null);
    bytes -= first.length;
    summarized = false;
    return first;
  }

  /** @return the first operation, or {@code null} when empty */
  PendingOperation first() {
    return head < ops.size() ? ops.get(head) : null;
  }

  /** @return the operations, in order */
  List<PendingOperation> ops() {
    return head == 0 ? ops : ops.subList(head, ops.size());
  }

  int size() {
    return ops.size() - head;
  }

  boolean isEmpty() {
    return head == ops.size();
  }

  /**
   * @return the body: the operations' lines, in order, when {@link #summarized()}; operations taken out leave theirs
   *     behind
   */
  BulkBody body() {
    return body;
  }

  /** @return the bytes of the operations' NDJSON lines */
  long bytes() {
    return bytes;
  }

  /** @return whether an operation is an update, which may come back as a noop (counted): then items are read */
  boolean hasUpdates() {
    return hasUpdates;
  }

  /** @return whether a request that carried an operation before may have been applied (its answer was lost) */
  boolean maybeApplied() {
    return maybeApplied;
  }

  /** @return whether the epochs and indices are known: no operation was taken out; only such a batch is sent */
  boolean summarized() {
    return summarized;
  }

  /** @return how many runs of one epoch there are; only when {@link #summarized()} */
  int epochRunCount() {
    return epochRunCount;
  }

  /** @return the epoch of run {@code i} */
  int epochOfRun(int i) {
    return epochRuns[2 * i];
  }

  /** @return the operations in run {@code i} */
  int sizeOfRun(int i) {
    return epochRuns[2 * i + 1];
  }

  /**
   * @return the indices the operations name, each once in a row ({@code null} for the ingester's default); only when
   *     {@link #summarized()}
   */
  List<String> indices() {
    return indices;
  }
}
