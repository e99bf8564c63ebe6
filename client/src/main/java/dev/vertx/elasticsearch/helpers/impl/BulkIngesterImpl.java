package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.ConnectionTimeoutException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.helpers.BulkAbortedException;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkItemResult;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkStats;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.transport.RequestOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link BulkIngester}. All state except the counters read by {@link #stats()} and {@link #writeQueueFull()}
 * is confined to the ingester's context; calls from other threads hop onto it.
 */
public final class BulkIngesterImpl implements BulkIngester {

  /** An accepted operation with its serialised form. */
  private static final class Op {
    final BulkOperation operation;
    final Buffer bytes;
    final long seq;
    final int epoch;
    int retries;

    Op(BulkOperation operation, Buffer bytes, long seq, int epoch) {
      this.operation = operation;
      this.bytes = bytes;
      this.seq = seq;
      this.epoch = epoch;
    }
  }

  /** A bulk request in flight. */
  private static final class Chunk {
    final List<Op> ops;
    /** Whether an operation is an update, which may come back as a noop (counted): then every item is read. */
    final boolean hasUpdates;
    boolean settled;

    Chunk(List<Op> ops, boolean hasUpdates) {
      this.ops = ops;
      this.hasUpdates = hasUpdates;
    }
  }

  private static final String NDJSON = "application/x-ndjson";

  private final Vertx vertx;
  private final Context context;
  private final ElasticsearchClient http;
  private final ElasticsearchClient plain;
  private final BulkOptions options;
  private final long startNanos = System.nanoTime();

  // Counters, readable from any thread.
  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong successes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong noops = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bufferedOps = new AtomicLong();
  private final AtomicLong bufferedBytes = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private volatile int maxBufferedOps;
  private volatile boolean closedForWrites;
  private volatile boolean wasFull;
  /** The context of the writer that found the buffer full: the drain handler runs there (a pipe resumes its source). */
  private volatile Context writerContext;
  private volatile long endNanos;

  // Context-confined state.
  private final ArrayDeque<Op> buffer = new ArrayDeque<>();
  private final ArrayDeque<Op> ready = new ArrayDeque<>();
  private long readyBytes;
  private long queuedBytes;
  private final Map<Long, List<Op>> retryTimers = new HashMap<>();
  private final List<Chunk> inFlight = new ArrayList<>();
  private final TreeMap<Integer, int[]> outstandingByEpoch = new TreeMap<>();
  private final ArrayDeque<Map.Entry<Integer, Promise<Void>>> flushWaiters = new ArrayDeque<>();
  private final Set<String> writtenIndices = new LinkedHashSet<>();
  private final List<BulkItemResult> reportedFailures = new ArrayList<>();
  private int epoch;
  private long nextSeq;
  private long lastSeq = -1;
  private long forceSendUpTo = -1;
  private long flushTimer = -1;
  private boolean ending;
  private boolean completing;
  private boolean aborted;
  private boolean dispatchPaused;
  private final Promise<Void> endPromise = Promise.promise();
  private final Promise<BulkSummary> summaryPromise = Promise.promise();
  private final HelperSpan span;
  private Handler<BulkItemResult> resultHandler;
  private Handler<BulkStats> progressHandler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> drainHandler;

  /**
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the settings, copied
   */
  public BulkIngesterImpl(Vertx vertx, ElasticsearchClient client, BulkOptions options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = new BulkOptions(options);
    this.maxBufferedOps = this.options.getMaxBufferedOperations();
    this.http = client.withOptions(new RequestOptions().setMaxRetries(0).setHelper("bp"));
    this.plain = client;
    this.span = HelperSpan.start(client, "helpers.bulk");
    summaryPromise.future().onComplete(ar -> {
      if (ar.succeeded()) {
        BulkStats s = ar.result().stats();
        span.count("elasticsearch.bulk.operations", s.operations()).count("elasticsearch.bulk.successes", s.successes())
          .count("elasticsearch.bulk.failures", s.failures()).count("elasticsearch.bulk.retries", s.retries())
          .count("elasticsearch.bulk.requests", s.requests());
        span.end(ar.result().aborted() ? new BulkAbortedException("The bulk ingester was aborted") : null);
      } else {
        span.end(ar.cause());
      }
    });
  }

  /** @return the context the ingester runs on */
  public Context context() {
    return context;
  }

  private void onContext(Runnable action) {
    Contexts.run(context, action);
  }

  // ------------------------------------------------------------------------------------------------ WriteStream

  @Override
  public Future<Void> write(BulkOperation operation) {
    if (operation == null) {
      return Future.failedFuture(new NullPointerException("operation"));
    }
    if (closedForWrites) {
      return Future.failedFuture(new IllegalStateException(aborted ? "The bulk ingester was aborted"
        : "The bulk ingester has ended"));
    }
    Buffer bytes = null;
    RuntimeException error = null;
    try {
      bytes = operation.toNdjson();
    } catch (SerializationException e) {
      error = e;
    } catch (RuntimeException e) {
      error = new SerializationException("The " + operation.type().action() + " operation cannot be serialised: "
        + e.getMessage(), e);
    }
    operations.incrementAndGet();
    pending.incrementAndGet();
    if (bytes != null) {
      bufferedOps.incrementAndGet();
      bufferedBytes.addAndGet(bytes.length());
      if (isFull()) {
        markFull();
      }
    }
    Buffer b = bytes;
    RuntimeException e = error;
    onContext(() -> enqueue(operation, b, e));
    return Future.succeededFuture();
  }

  private void enqueue(BulkOperation operation, Buffer bytes, RuntimeException error) {
    Op op = new Op(operation, bytes, nextSeq++, epoch);
    outstandingByEpoch.computeIfAbsent(op.epoch, k -> new int[1])[0]++;
    if (error != null) {
      account(op, failure(op, 0, null, error));
      afterAccounting();
      return;
    }
    if (aborted) {
      bufferedOps.decrementAndGet();
      bufferedBytes.addAndGet(-bytes.length());
      account(op, failure(op, 0, null, new BulkAbortedException("The bulk ingester was aborted")));
      afterAccounting();
      return;
    }
    buffer.add(op);
    queuedBytes += bytes.length();
    lastSeq = op.seq;
    armFlushTimer();
    pump();
  }

  private boolean isFull() {
    return bufferedOps.get() >= maxBufferedOps || bufferedBytes.get() >= options.getMaxBufferedBytes();
  }

  private void markFull() {
    wasFull = true;
    writerContext = Vertx.currentContext(); // null off Vert.x threads: then the ingester's own context
  }

  @Override
  public boolean writeQueueFull() {
    boolean full = isFull();
    if (full) {
      markFull();
    }
    return full;
  }

  @Override
  public BulkIngester setWriteQueueMaxSize(int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1, got " + maxSize);
    }
    maxBufferedOps = maxSize;
    return this;
  }

  @Override
  public BulkIngester drainHandler(Handler<Void> handler) {
    onContext(() -> {
      drainHandler = handler;
      checkDrain();
    });
    return this;
  }

  @Override
  public BulkIngester exceptionHandler(Handler<Throwable> handler) {
    onContext(() -> exceptionHandler = handler);
    return this;
  }

  @Override
  public BulkIngester resultHandler(Handler<BulkItemResult> handler) {
    onContext(() -> resultHandler = handler);
    return this;
  }

  @Override
  public BulkIngester progressHandler(Handler<BulkStats> handler) {
    onContext(() -> progressHandler = handler);
    return this;
  }

  @Override
  public Future<Void> flush() {
    Promise<Void> promise = Promise.promise();
    onContext(() -> {
      int target = epoch++;
      forceSendUpTo = lastSeq;
      if (outstandingByEpoch.isEmpty() || outstandingByEpoch.firstKey() > target) {
        promise.complete();
      } else {
        flushWaiters.add(Map.entry(target, promise));
      }
      pump();
    });
    return promise.future();
  }

  @Override
  public Future<Void> end() {
    closedForWrites = true;
    onContext(() -> {
      if (!ending && !aborted) {
        ending = true;
        forceSendUpTo = Long.MAX_VALUE;
        pump();
      }
    });
    return endPromise.future();
  }

  @Override
  public void abort() {
    closedForWrites = true;
    onContext(this::doAbort);
  }

  @Override
  public Future<BulkSummary> summary() {
    return summaryPromise.future();
  }

  @Override
  public BulkStats stats() {
    long end = endNanos;
    long elapsed = ((end != 0 ? end : System.nanoTime()) - startNanos) / 1_000_000;
    return new BulkStats(operations.get(), successes.get(), failures.get(), ignored.get(), noops.get(), retries.get(),
      requests.get(), bytesSent.get(), bufferedOps.get(), pending.get(), elapsed);
  }

  /**
   * Stops or restarts sending new requests, for consumers that cannot take more results; requests in flight
   * complete. Call on the ingester's context.
   *
   * @param paused whether new requests are held back
   */
  public void dispatchPaused(boolean paused) {
    if (dispatchPaused != paused) {
      dispatchPaused = paused;
      if (!paused) {
        pump();
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ dispatching

  /** Arms the timer that sends what is buffered at the latest {@code flushInterval} after it was buffered. */
  private void armFlushTimer() {
    long interval = options.getFlushInterval();
    if (interval > 0 && flushTimer == -1 && !ending && !aborted) {
      flushTimer = vertx.setTimer(interval, this::onFlushTimer);
    }
  }

  private void onFlushTimer(long id) {
    flushTimer = -1;
    if (buffer.isEmpty() || aborted) {
      return;
    }
    forceSendUpTo = Math.max(forceSendUpTo, lastSeq);
    pump();
  }

  private void pump() {
    if (aborted) {
      return;
    }
    while (!dispatchPaused && inFlight.size() < options.getConcurrency()) {
      List<Op> chunk = takeChunk();
      if (chunk == null) {
        break;
      }
      send(chunk);
    }
    if (!buffer.isEmpty()) {
      armFlushTimer();
    }
    checkDrain();
    checkCompletion();
  }

  private List<Op> takeChunk() {
    int available = ready.size() + buffer.size();
    if (available == 0) {
      return null;
    }
    boolean fullChunk = available >= options.getMaxOperations()
      || readyBytes + queuedBytes >= options.getMaxBytes();
    boolean force = !ready.isEmpty()
      || (!buffer.isEmpty() && buffer.peek().seq <= forceSendUpTo)
      || buffer.size() >= maxBufferedOps || queuedBytes >= options.getMaxBufferedBytes();
    if (!fullChunk && !force) {
      return null;
    }
    List<Op> chunk = new ArrayList<>(Math.min(available, options.getMaxOperations()));
    long size = 0;
    int fromBuffer = 0;
    long fromBufferBytes = 0;
    while (chunk.size() < options.getMaxOperations()) {
      boolean fromReady = !ready.isEmpty();
      Op next = fromReady ? ready.peek() : buffer.peek();
      if (next == null || (!chunk.isEmpty() && size + next.bytes.length() > options.getMaxBytes())) {
        break;
      }
      if (fromReady) {
        ready.poll();
        readyBytes -= next.bytes.length();
      } else {
        buffer.poll();
        queuedBytes -= next.bytes.length();
        fromBuffer++;
        fromBufferBytes += next.bytes.length();
      }
      size += next.bytes.length();
      chunk.add(next);
    }
    // once per chunk, not per operation: other threads read these counters
    bufferedOps.addAndGet(-fromBuffer);
    bufferedBytes.addAndGet(-fromBufferBytes);
    return chunk;
  }

  private void send(List<Op> ops) {
    int size = 0;
    boolean hasUpdates = false;
    for (Op op : ops) {
      size += op.bytes.length();
      hasUpdates |= op.operation.type() == BulkOperation.Type.UPDATE;
    }
    Chunk chunk = new Chunk(ops, hasUpdates);
    inFlight.add(chunk);
    Buffer body = Buffer.buffer(size);
    for (Op op : ops) {
      body.appendBuffer(op.bytes);
    }
    requests.incrementAndGet();
    bytesSent.addAndGet(size);
    String path = options.getIndex() == null ? "/_bulk" : "/" + Paths.segment(options.getIndex()) + "/_bulk";
    TransportRequest request = TransportRequest.of(HttpMethod.POST, path).body(body, NDJSON).endpoint("bulk");
    if (options.getIndex() != null) {
      request.pathParts(Map.of("index", options.getIndex()));
    }
    request.param("pipeline", options.getPipeline()).param("routing", options.getRouting())
      .param("refresh", options.getRefresh());
    options.getParams().forEach(request::param);
    Future<ElasticsearchResponse> response;
    try {
      response = span.call(() -> http.perform(request));
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    response.onComplete(ar -> onContext(() -> onResponse(chunk, ar)));
  }

  private void onResponse(Chunk chunk, AsyncResult<ElasticsearchResponse> ar) {
    inFlight.remove(chunk);
    if (chunk.settled) {
      pump();
      return;
    }
    chunk.settled = true;
    List<Op> retry = new ArrayList<>();
    if (ar.succeeded()) {
      onItems(chunk, ar.result(), retry);
    } else {
      onRequestFailure(chunk.ops, ar.cause(), retry);
    }
    scheduleRetry(retry);
    afterAccounting();
    if (progressHandler != null) {
      try {
        progressHandler.handle(stats());
      } catch (RuntimeException e) {
        reportError(e);
      }
    }
    pump();
  }

  private void onItems(Chunk chunk, ElasticsearchResponse response, List<Op> retry) {
    List<Op> ops = chunk.ops;
    Buffer body = response.bodyAsBuffer();
    if (resultHandler == null && !chunk.hasUpdates && BulkResponseReader.allSucceeded(body)) {
      // "errors":false and nobody asked for per-item results: no item to read (updates may be noops, to count)
      accountSucceeded(ops);
      return;
    }
    List<BulkResponseReader.Item> items;
    SerializationException error;
    try {
      items = BulkResponseReader.items(body);
      error = items.size() == ops.size() ? null : new SerializationException("The bulk response has " + items.size()
        + " items for " + ops.size() + " operations", null);
    } catch (SerializationException e) {
      items = null;
      error = e;
    }
    if (error != null) {
      for (Op op : ops) {
        account(op, failure(op, response.status(), null, error));
      }
      return;
    }
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      BulkResponseReader.Item r = items.get(i);
      String id = r.id != null ? r.id : op.operation.id();
      String index = r.index != null ? r.index : op.operation.index();
      if (r.status >= 200 && r.status < 300) {
        account(op, new BulkItemResult(op.operation, BulkItemResult.Outcome.SUCCEEDED, r.status, r.result, id, index,
          r.version, r.seqNo, r.primaryTerm, null, null, op.retries));
      } else if (options.getRetryOnStatus().contains(r.status) && op.retries < options.getMaxRetries()) {
        retry.add(op);
      } else {
        BulkItemResult.Outcome outcome = options.getIgnoreStatus().contains(r.status)
          ? BulkItemResult.Outcome.IGNORED : BulkItemResult.Outcome.FAILED;
        account(op, new BulkItemResult(op.operation, outcome, r.status, r.result, id, index, r.version, -1, -1,
          r.error, null, op.retries));
      }
    }
  }

  /** Accounts a whole chunk as succeeded, as {@link #account} would one by one, without a result per item. */
  private void accountSucceeded(List<Op> ops) {
    int epochRun = Integer.MIN_VALUE;
    int run = 0;
    for (Op op : ops) {
      if (op.epoch != epochRun) {
        settleEpoch(epochRun, run);
        epochRun = op.epoch;
        run = 0;
      }
      run++;
      if (options.isRefreshOnCompletion()) {
        String index = op.operation.index() != null ? op.operation.index() : options.getIndex();
        if (index != null) {
          writtenIndices.add(index);
        }
      }
    }
    settleEpoch(epochRun, run);
    successes.addAndGet(ops.size());
    pending.addAndGet(-ops.size());
  }

  private void settleEpoch(int epoch, int settled) {
    if (settled == 0) {
      return;
    }
    int[] count = outstandingByEpoch.get(epoch);
    if (count != null && (count[0] -= settled) <= 0) {
      outstandingByEpoch.remove(epoch);
    }
  }

  private void onRequestFailure(List<Op> ops, Throwable cause, List<Op> retry) {
    int status = cause instanceof ApiException ? ((ApiException) cause).status() : 0;
    boolean retryable;
    if (cause instanceof ApiException) {
      retryable = options.getRetryOnStatus().contains(status) || (options.isRetryOnServerError() && status >= 500);
    } else if (cause instanceof ConnectionTimeoutException) {
      retryable = options.isRetryOnTimeout();
    } else {
      retryable = cause instanceof ConnectionException && options.isRetryOnConnectionError();
    }
    for (Op op : ops) {
      if (retryable && op.retries < options.getMaxRetries()) {
        retry.add(op);
      } else {
        account(op, failure(op, status, null, cause));
      }
    }
  }

  private void scheduleRetry(List<Op> ops) {
    if (ops.isEmpty()) {
      return;
    }
    int attempt = 0;
    for (Op op : ops) {
      op.retries++;
      attempt = Math.max(attempt, op.retries);
    }
    retries.addAndGet(ops.size());
    long delay = Backoff.delay(options.getInitialBackoff(), options.getMaxBackoff(), attempt);
    long id = vertx.setTimer(delay, this::onRetryTimer);
    retryTimers.put(id, ops);
  }

  private void onRetryTimer(long id) {
    List<Op> ops = retryTimers.remove(id);
    if (ops == null || aborted) {
      return;
    }
    for (Op op : ops) {
      ready.add(op);
      readyBytes += op.bytes.length();
    }
    pump();
  }

  // ------------------------------------------------------------------------------------------------ accounting

  private BulkItemResult failure(Op op, int status, JsonObject error, Throwable cause) {
    BulkItemResult.Outcome outcome = status != 0 && options.getIgnoreStatus().contains(status)
      ? BulkItemResult.Outcome.IGNORED : BulkItemResult.Outcome.FAILED;
    return new BulkItemResult(op.operation, outcome, status, null, op.operation.id(), op.operation.index(), -1, -1,
      -1, error, cause, op.retries);
  }

  private void account(Op op, BulkItemResult result) {
    pending.decrementAndGet();
    switch (result.outcome()) {
      case SUCCEEDED:
        successes.incrementAndGet();
        if (result.noop()) {
          noops.incrementAndGet();
        }
        if (options.isRefreshOnCompletion() && result.index() != null) {
          writtenIndices.add(result.index());
        }
        break;
      case IGNORED:
        ignored.incrementAndGet();
        break;
      default:
        failures.incrementAndGet();
        if (reportedFailures.size() < options.getMaxReportedFailures()) {
          reportedFailures.add(result);
        }
    }
    settleEpoch(op.epoch, 1);
    if (resultHandler != null) {
      try {
        resultHandler.handle(result);
      } catch (RuntimeException e) {
        reportError(e);
      }
    }
  }

  private void afterAccounting() {
    while (!flushWaiters.isEmpty()
      && (outstandingByEpoch.isEmpty() || outstandingByEpoch.firstKey() > flushWaiters.peek().getKey())) {
      flushWaiters.poll().getValue().complete();
    }
    checkCompletion();
  }

  private void reportError(Throwable error) {
    Handler<Throwable> handler = exceptionHandler;
    if (handler != null) {
      handler.handle(error);
    } else {
      Contexts.report(context, error);
    }
  }

  private void checkDrain() {
    Handler<Void> handler = drainHandler;
    if (wasFull && handler != null && bufferedOps.get() <= maxBufferedOps / 2
      && bufferedBytes.get() <= options.getMaxBufferedBytes() / 2) {
      // stays set while nobody listens, so that a drain handler set late (from another context) still fires
      wasFull = false;
      Context writer = writerContext;
      if (writer == null || writer == context) {
        handler.handle(null);
      } else {
        // on the writer's context: a pipe resumes its source there, never racing with the source's own pause
        writer.runOnContext(v -> handler.handle(null));
      }
    }
  }


  private void checkCompletion() {
    if (!ending || completing || aborted || pending.get() != 0) {
      return;
    }
    completing = true;
    cancelFlushTimer();
    Future<?> refresh = Future.succeededFuture();
    if (options.isRefreshOnCompletion() && (!writtenIndices.isEmpty() || options.getIndex() != null)) {
      Set<String> indices = new LinkedHashSet<>(writtenIndices);
      if (indices.isEmpty()) {
        indices.add(options.getIndex());
      }
      String path = indices.size() > 64 ? "/_refresh"
        : "/" + String.join(",", indices.stream().map(Paths::segment).toList()) + "/_refresh";
      refresh = span.call(() -> plain.withOptions(new RequestOptions().setHelper("bp").setIgnoreStatus(Set.of(404)))
        .perform(TransportRequest.of(HttpMethod.POST, path).endpoint("indices.refresh")));
    }
    refresh.onComplete(ar -> onContext(() -> {
      if (ar.failed()) {
        reportError(ar.cause());
      }
      endNanos = System.nanoTime();
      endPromise.tryComplete();
      summaryPromise.tryComplete(new BulkSummary(stats(), List.copyOf(reportedFailures), false));
    }));
  }

  private void cancelFlushTimer() {
    if (flushTimer != -1) {
      vertx.cancelTimer(flushTimer);
      flushTimer = -1;
    }
  }

  private void doAbort() {
    if (aborted || (completing && pending.get() == 0)) {
      return;
    }
    aborted = true;
    cancelFlushTimer();
    BulkAbortedException pendingError = new BulkAbortedException("The bulk ingester was aborted before the operation "
      + "was sent");
    for (Op op : buffer) {
      bufferedOps.decrementAndGet();
      bufferedBytes.addAndGet(-op.bytes.length());
      account(op, failure(op, 0, null, pendingError));
    }
    buffer.clear();
    queuedBytes = 0;
    for (Op op : ready) {
      account(op, failure(op, 0, null, pendingError));
    }
    ready.clear();
    readyBytes = 0;
    BulkAbortedException retryError = new BulkAbortedException("The bulk ingester was aborted while the operation "
      + "waited for a retry");
    for (Map.Entry<Long, List<Op>> e : retryTimers.entrySet()) {
      vertx.cancelTimer(e.getKey());
      for (Op op : e.getValue()) {
        account(op, failure(op, 0, null, retryError));
      }
    }
    retryTimers.clear();
    BulkAbortedException inFlightError = new BulkAbortedException("The bulk ingester was aborted while the "
      + "operation's request was in flight; the server may have applied it");
    for (Chunk chunk : inFlight) {
      chunk.settled = true;
      for (Op op : chunk.ops) {
        account(op, failure(op, 0, null, inFlightError));
      }
    }
    afterAccounting();
    endNanos = System.nanoTime();
    endPromise.tryFail(new BulkAbortedException("The bulk ingester was aborted"));
    summaryPromise.tryComplete(new BulkSummary(stats(), List.copyOf(reportedFailures), true));
    checkDrain();
  }
}
