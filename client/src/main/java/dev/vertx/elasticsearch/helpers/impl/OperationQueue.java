package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.helpers.BulkOptions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operations waiting to be sent: those accepted (in order) and those due for a retry (sent first), cut into
 * chunks of at most {@code maxOperations} operations and {@code maxBytes} bytes. A partial chunk leaves only when it is
 * forced: by a flush, the end, the flush timer, a full buffer, or retries. The back-pressure counters are reserved
 * by writers on any thread; everything else is confined to the ingester's context.
 */
final class OperationQueue {

  private final BulkOptions options;
  private final AtomicLong bufferedOps = new AtomicLong();
  private final AtomicLong bufferedBytes = new AtomicLong();
  private volatile int maxBufferedOps;

  private final ArrayDeque<PendingOperation> accepted = new ArrayDeque<>();
  private final ArrayDeque<PendingOperation> retries = new ArrayDeque<>();
  private long acceptedBytes;
  private long retryBytes;
  private long lastSeq = -1;
  private long forceUpTo = -1;

  OperationQueue(BulkOptions options) {
    this.options = options;
    this.maxBufferedOps = options.getMaxBufferedOperations();
  }

  // ------------------------------------------------------------------------------------------- any thread

  /** Counts an operation that is about to be buffered, for back-pressure. */
  void reserve(int bytes) {
    bufferedOps.incrementAndGet();
    bufferedBytes.addAndGet(bytes);
  }

  /** Gives back a reservation whose operation was never buffered (the ingester was aborted meanwhile). */
  void release(int bytes) {
    bufferedOps.decrementAndGet();
    bufferedBytes.addAndGet(-bytes);
  }

  /** @return whether writers should wait: the buffer holds its maximum of operations or bytes */
  boolean isFull() {
    return bufferedOps.get() >= maxBufferedOps || bufferedBytes.get() >= options.getMaxBufferedBytes();
  }

  /** @return whether the buffer is half empty, so that waiting writers may go on */
  boolean isDrained() {
    return bufferedOps.get() <= maxBufferedOps / 2 && bufferedBytes.get() <= options.getMaxBufferedBytes() / 2;
  }

  void maxBufferedOps(int max) {
    this.maxBufferedOps = max;
  }

  long bufferedOps() {
    return bufferedOps.get();
  }

  // ------------------------------------------------------------------------------------------- on the context

  void add(PendingOperation op) {
    accepted.add(op);
    acceptedBytes += op.bytes.length();
    lastSeq = op.seq;
  }

  void addRetry(PendingOperation op) {
    retries.add(op);
    retryBytes += op.bytes.length();
  }

  /** Forces out, as partial chunks if need be, everything accepted so far. */
  void forceAccepted() {
    forceUpTo = Math.max(forceUpTo, lastSeq);
  }

  /** Forces out everything, now and later (the end). */
  void forceAll() {
    forceUpTo = Long.MAX_VALUE;
  }

  boolean hasAccepted() {
    return !accepted.isEmpty();
  }

  /** @return whether a chunk is due: a full one is waiting, or a partial one is forced out */
  boolean chunkDue() {
    int available = retries.size() + accepted.size();
    if (available == 0) {
      return false;
    }
    return available >= options.getMaxOperations() || retryBytes + acceptedBytes >= options.getMaxBytes()
      || !retries.isEmpty() || accepted.peek().seq <= forceUpTo
      || accepted.size() >= maxBufferedOps || acceptedBytes >= options.getMaxBufferedBytes();
  }

  /** @return the next chunk to send, or {@code null} when nothing is due */
  List<PendingOperation> nextChunk() {
    if (!chunkDue()) {
      return null;
    }
    int available = retries.size() + accepted.size();
    List<PendingOperation> chunk = new ArrayList<>(Math.min(available, options.getMaxOperations()));
    long size = 0;
    int fromAccepted = 0;
    long fromAcceptedBytes = 0;
    while (chunk.size() < options.getMaxOperations()) {
      boolean retry = !retries.isEmpty();
      PendingOperation next = retry ? retries.peek() : accepted.peek();
      if (next == null || (!chunk.isEmpty() && size + next.bytes.length() > options.getMaxBytes())) {
        break;
      }
      int length = next.bytes.length();
      if (retry) {
        retries.poll();
        retryBytes -= length;
      } else {
        accepted.poll();
        acceptedBytes -= length;
        fromAccepted++;
        fromAcceptedBytes += length;
      }
      size += length;
      chunk.add(next);
    }
    // once per chunk, not per operation: writers on other threads read these counters
    bufferedOps.addAndGet(-fromAccepted);
    bufferedBytes.addAndGet(-fromAcceptedBytes);
    return chunk;
  }

  /** Empties the queue (abort). @return what it held: accepted operations first, then those due for a retry */
  List<PendingOperation> clear() {
    List<PendingOperation> all = new ArrayList<>(accepted);
    bufferedOps.addAndGet(-accepted.size());
    bufferedBytes.addAndGet(-acceptedBytes);
    all.addAll(retries);
    accepted.clear();
    retries.clear();
    acceptedBytes = 0;
    retryBytes = 0;
    return all;
  }
}
