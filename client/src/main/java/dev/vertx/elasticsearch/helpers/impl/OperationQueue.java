package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.helpers.BulkOptions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operations waiting to be sent: those accepted (in order) and those due for a retry (sent first), in chunks of
 * at most {@code maxOperations} operations and {@code maxBytes} bytes. Accepted operations are cut into chunks as
 * they come, so that a chunk leaves without a pass over its operations. A partial chunk leaves only when it is
 * forced: by a flush, the end, the flush timer, a full buffer, or retries. The back-pressure counters are reserved
 * by writers on any thread; everything else is confined to the ingester's context.
 */
final class OperationQueue {

  /** The body capacity of the first request, before any was cut. */
  private static final int INITIAL_BODY_BYTES = 16 * 1024;

  private final BulkOptions options;
  private final AtomicLong bufferedOps = new AtomicLong();
  private final AtomicLong bufferedBytes = new AtomicLong();
  private volatile int maxBufferedOps;

  /** Accepted operations cut into full requests as they come, oldest first. */
  private final ArrayDeque<Batch> sealed = new ArrayDeque<>();
  /** The accepted operations after those, filling the next request; {@code null} when there are none. */
  private Batch open;
  private final ArrayDeque<PendingOperation> retries = new ArrayDeque<>();
  private int acceptedOps;
  private long acceptedBytes;
  private long retryBytes;
  private long lastSeq = -1;
  private long forceUpTo = -1;
  /** The body size of the last request cut, to size the next one's. */
  private int lastBatchBytes;

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

  /**
   * @return the body of the request that accepted operations are joining, to write the next one straight into; the
   *     operation is then {@link #add added} at once, or its lines {@link BulkBody#truncate taken back out}
   */
  BulkBody openBody() {
    if (open == null) {
      open = newBatch();
    }
    return open.body();
  }

  /**
   * Accepts an operation: it joins the request being filled, or starts the next one when it would make that one too
   * large (its lines move along if they were written into the full one).
   */
  void add(PendingOperation op) {
    int length = op.length;
    if (open != null && !open.isEmpty() && open.bytes() + length > options.getMaxBytes()) {
      Batch full = open;
      open = newBatch();
      if (op.body == full.body()) {
        int writtenAt = op.offset;
        op.moveTo(open.body());
        full.body().truncate(writtenAt);
      }
      seal(full);
    }
    if (open == null) {
      open = newBatch();
    }
    open.add(op);
    acceptedOps++;
    acceptedBytes += length;
    lastSeq = op.seq;
    if (open.size() >= options.getMaxOperations() || open.bytes() >= options.getMaxBytes()) {
      seal(open);
      open = null;
    }
  }

  /** @return a batch with room for a full request; its body sized after the last request cut */
  private Batch newBatch() {
    int bodyCapacity = (int) Math.min(options.getMaxBytes(),
      lastBatchBytes == 0 ? INITIAL_BODY_BYTES : lastBatchBytes + lastBatchBytes / 8 + 1024);
    return new Batch(Math.min(options.getMaxOperations(), 1024), bodyCapacity);
  }

  private void seal(Batch batch) {
    lastBatchBytes = batch.body().length();
    sealed.add(batch);
  }

  /** Queues an operation for a retry; its lines get a body of their own rather than keep a sent request's alive. */
  void addRetry(PendingOperation op) {
    op.moveTo(new BulkBody(op.length));
    retries.add(op);
    retryBytes += op.length;
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
    return acceptedOps > 0;
  }

  /** @return whether a chunk is due: retries are waiting, a full chunk is, or a partial one is forced out */
  boolean chunkDue() {
    if (!retries.isEmpty()) {
      return true;
    }
    Batch head = head();
    if (head == null) {
      return false;
    }
    boolean full = head.summarized() ? head != open
      : acceptedOps >= options.getMaxOperations() || acceptedBytes >= options.getMaxBytes();
    return full || head.first().seq <= forceUpTo || acceptedOps >= maxBufferedOps
      || acceptedBytes >= options.getMaxBufferedBytes();
  }

  /** @return the batch holding the oldest accepted operation, or {@code null} */
  private Batch head() {
    Batch head = sealed.isEmpty() ? open : sealed.peek();
    return head == null || head.isEmpty() ? null : head;
  }

  /**
   * @return the next chunk to send, or {@code null} when nothing is due: the operations due for a retry first,
   *     topped up with the oldest accepted ones, else the oldest batch of accepted operations as it was cut. Once
   *     retries took accepted operations out of a batch, chunks are cut again one operation at a time until the
   *     accepted operations run out.
   */
  Batch nextChunk() {
    if (!chunkDue()) {
      return null;
    }
    Batch head = head();
    if (retries.isEmpty() && head.summarized()) {
      if (head == open) {
        open = null;
      } else {
        sealed.poll();
      }
      taken(head.size(), head.bytes());
      return head;
    }
    Batch chunk = newBatch();
    int fromAccepted = 0;
    long fromAcceptedBytes = 0;
    while (chunk.size() < options.getMaxOperations()) {
      boolean retry = !retries.isEmpty();
      Batch from = retry ? null : head();
      PendingOperation next = retry ? retries.peek() : from == null ? null : from.first();
      if (next == null || (!chunk.isEmpty() && chunk.bytes() + next.length > options.getMaxBytes())) {
        break;
      }
      int length = next.length;
      if (retry) {
        retries.poll();
        retryBytes -= length;
      } else {
        from.removeFirst();
        if (from.isEmpty()) {
          if (from == open) {
            open = null;
          } else {
            sealed.poll();
          }
        }
        fromAccepted++;
        fromAcceptedBytes += length;
      }
      chunk.add(next);
    }
    taken(fromAccepted, fromAcceptedBytes);
    return chunk;
  }

  /** Accepted operations left the queue: once per chunk, not per operation, as writers on other threads read these. */
  private void taken(int ops, long bytes) {
    acceptedOps -= ops;
    acceptedBytes -= bytes;
    bufferedOps.addAndGet(-ops);
    bufferedBytes.addAndGet(-bytes);
  }

  /** Empties the queue (abort). @return what it held: accepted operations first, then those due for a retry */
  List<PendingOperation> clear() {
    List<PendingOperation> all = new ArrayList<>(acceptedOps + retries.size());
    for (Batch batch : sealed) {
      all.addAll(batch.ops());
    }
    if (open != null) {
      all.addAll(open.ops());
    }
    taken(acceptedOps, acceptedBytes);
    all.addAll(retries);
    sealed.clear();
    open = null;
    retries.clear();
    retryBytes = 0;
    return all;
  }
}
