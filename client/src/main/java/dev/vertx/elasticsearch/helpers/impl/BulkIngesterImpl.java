package dev.vertx.elasticsearch.helpers.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.BulkRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesRefreshRequest;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.helpers.BulkAbortedException;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkItemResult.Outcome;
import dev.vertx.elasticsearch.helpers.BulkItemResult;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkProgress;
import dev.vertx.elasticsearch.helpers.BulkStats;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.tracing.BatchTrace;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.RetryConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link BulkIngester}: a small state machine ({@link State}) that admits operations ({@link Admission}), queues
 * and cuts them into requests ({@link OperationQueue}), sends them, decides each operation's fate from the answer
 * ({@link BulkItemOutcomes}) and records it exactly once ({@link BulkLedger}). All state but the gate, the queue's
 * back-pressure counters and the ledger's counters is confined to the ingester's context; calls from other threads
 * hop onto it. Futures complete on the caller's context.
 */
public final class BulkIngesterImpl implements BulkIngester {

  /** The life of an ingester. */
  private enum State {
    /** Taking operations. */
    OPEN,
    /** {@link #end()} was called: everything is sent, the ingester completes once every operation is recorded. */
    ENDING,
    /** Everything was recorded (and refreshed): the summary is out. */
    ENDED,
    /** {@link #abort()} was called: whatever was pending is recorded as aborted. */
    ABORTED
  }

  /** A bulk request in flight. */
  private static final class Chunk {
    final Batch batch;
    /** Requests in flight when it was sent, itself included. */
    final int inFlightAtSend;
    boolean settled;

    Chunk(Batch batch, int inFlightAtSend) {
      this.batch = batch;
      this.inFlightAtSend = inFlightAtSend;
    }
  }

  private final VertxInternal vertx;
  private final ContextInternal context;
  private final ElasticsearchClient http;
  private final ElasticsearchClient plain;
  private final ObjectMapper mapper;
  private final BulkOptions options;
  private final Admission admission = new Admission();
  private final OperationQueue queue;
  private final BulkLedger ledger;
  private final BulkItemOutcomes outcomes;
  private final DrainHandlers drainHandlers;
  private final ConcurrencyLimit limit;
  private final RetrySchedule retrySchedule;
  private final DeadLetters deadLetters;
  private final BulkGauges gauges;
  private final HelperSpan span;
  private final Promise<Void> endPromise = Promise.promise();
  private final Promise<BulkSummary> summaryPromise = Promise.promise();
  /** What holds new requests back besides the limit. */
  private enum Hold {
    NONE,
    /** The dead-letter stream is full: wait for its drain. */
    DEAD_LETTERS_FULL,
    /** The cluster pushed back with one request in flight: wait a backoff before the next. */
    PACING
  }

  /** Written on the context; read elsewhere only to word an error message. */
  private volatile State state = State.OPEN;

  // Context-confined.
  private final List<Chunk> inFlight = new ArrayList<>();
  private volatile int inFlightCount;
  private long nextSeq;
  /** Whether an operation is being written into the open request body (a serialiser may write one more meanwhile). */
  private boolean serialising;
  private long flushTimer = -1;
  private boolean dispatchPaused;
  /** Why new requests wait, beyond the limit: nothing, a full dead-letter stream, or a pause after a push-back. */
  private Hold hold = Hold.NONE;
  /**
   * Answers in a row that pushed back: the pressure the whole ingester is under. The backoff of retried operations
   * and, at one request in flight, the wait before the next request grow with it; a clean answer resets it, so that
   * rejections that do not depend on load (a few items here and there) are retried after the shortest wait.
   */
  private int pressure;
  private Handler<BulkProgress> progressHandler;
  private long progressTimer = -1;
  private BulkStats lastProgress;
  private Handler<Throwable> exceptionHandler;

  /**
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the settings, copied
   */
  public BulkIngesterImpl(Vertx vertx, ElasticsearchClient client, BulkOptions options) {
    this.vertx = (VertxInternal) vertx;
    this.context = this.vertx.getOrCreateContext();
    this.options = new BulkOptions(options);
    this.queue = new OperationQueue(this.options);
    this.deadLetters = new DeadLetters(this.options.getDeadLetterStream(), this::onContext, this::reportError);
    this.ledger = new BulkLedger(this.options, admission, this::reportError, deadLetters::write);
    this.outcomes = new BulkItemOutcomes(this.options);
    this.drainHandlers = new DrainHandlers(context, queue::isFull);
    this.limit = this.options.isAdaptiveConcurrency() ? ConcurrencyLimit.adaptive(this.options.getConcurrency())
      : ConcurrencyLimit.fixed(this.options.getConcurrency());
    this.retrySchedule = new RetrySchedule(context, this::onRetriesDue);
    this.http = client.withOptions(new CallOptions().setRetry(RetryConfig.NONE).setHelper("bp"));
    this.plain = client;
    this.mapper = client.objectMapper();
    this.span = HelperSpan.start(client, "helpers.bulk");
    this.gauges = BulkGauges.register(client.meter(), limit::limit, () -> inFlightCount);
    summaryPromise.future().onComplete(ar -> {
      if (ar.succeeded()) {
        BulkStats s = ar.result().stats();
        span.count("elasticsearch.bulk.operations", s.operations()).count("elasticsearch.bulk.successes", s.successes())
          .count("elasticsearch.bulk.failures", s.failures()).count("elasticsearch.bulk.retries", s.retries())
          .count("elasticsearch.bulk.requests", s.requests()).count("elasticsearch.bulk.rejections", s.rejections())
          .count("elasticsearch.bulk.dead_lettered", s.deadLettered());
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

  private <T> Future<T> onCaller(Future<T> future) {
    return Contexts.onCaller(vertx, future);
  }

  // ------------------------------------------------------------------------------------------------ WriteStream

  @Override
  public Future<Void> write(BulkOperation operation) {
    if (operation == null) {
      return Future.failedFuture(new NullPointerException("operation"));
    }
    if (!admission.tryAdmit()) {
      return Future.failedFuture(new IllegalStateException(state == State.ABORTED ? "The bulk ingester was aborted"
        : "The bulk ingester has ended"));
    }
    ledger.admitted();
    String generatedId = options.isGenerateIds() && operation.id() == null
      && (operation.type() == BulkOperation.Type.INDEX || operation.type() == BulkOperation.Type.CREATE)
      ? TimeOrderedIds.next() : null;
    // on the context, straight into the body of the request it will travel in; elsewhere, or when a serialiser of the
    // operation being written there writes one more, into a body of its own
    boolean inPlace = Vertx.currentContext() == context && !serialising;
    BulkBody body = inPlace ? queue.openBody() : new BulkBody(256);
    int offset = body.length();
    serialising |= inPlace;
    SerializationException error;
    try {
      error = writeLines(operation, body, generatedId);
    } finally {
      serialising &= !inPlace;
    }
    int length = body.length() - offset;
    if (error != null) {
      body = null;
    } else {
      queue.reserve(length);
      if (queue.isFull()) {
        drainHandlers.markFull();
      }
    }
    SpanContext caller = span.recording() ? Span.current().getSpanContext() : null;
    if (caller != null && !caller.isValid()) {
      caller = null;
    }
    PendingOperation op = new PendingOperation(operation, body, offset, length, generatedId);
    op.caller = caller;
    if (inPlace) {
      enqueue(op, error);
    } else {
      context.runOnContext(v -> enqueue(op, error));
    }
    return Future.succeededFuture();
  }

  /**
   * Writes an operation's lines at the end of a body.
   *
   * @return {@code null}, or why the operation cannot be written; the body is then as it was, whatever the failure
   */
  private SerializationException writeLines(BulkOperation operation, BulkBody body, String generatedId) {
    int offset = body.length();
    boolean written = false;
    try {
      operation.writeNdjson(body, mapper, generatedId);
      written = true;
      return null;
    } catch (SerializationException e) {
      return e;
    } catch (RuntimeException e) {
      return new SerializationException("The " + operation.type().action() + " operation cannot be serialised: "
        + e.getMessage(), e);
    } finally {
      if (!written) {
        body.truncate(offset);
      }
    }
  }

  private void enqueue(PendingOperation op, RuntimeException error) {
    op.accepted(nextSeq++, ledger.enter());
    if (error != null) {
      ledger.record(op, BulkItemOutcomes.failure(op, Outcome.FAILED, 0, null, error));
      checkCompletion();
      return;
    }
    if (state == State.ABORTED) {
      // the lines are the last of their body, whichever it is
      op.body.truncate(op.offset);
      queue.release(op.length);
      ledger.record(op, BulkItemOutcomes.failure(op, Outcome.FAILED, 0, null,
        new BulkAbortedException("The bulk ingester was aborted")));
      checkCompletion();
      return;
    }
    queue.add(op);
    // most operations only join the queue: the sending, drain and completion checks run once a chunk is due
    if (queue.chunkDue()) {
      pump();
    } else {
      armFlushTimer();
    }
  }

  @Override
  public boolean writeQueueFull() {
    boolean full = queue.isFull();
    if (full) {
      drainHandlers.markFull();
    }
    return full;
  }

  @Override
  public BulkIngester setWriteQueueMaxSize(int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1, got " + maxSize);
    }
    queue.maxBufferedOps(maxSize);
    return this;
  }

  @Override
  public BulkIngester drainHandler(Handler<Void> handler) {
    drainHandlers.register(handler);
    onContext(this::checkDrain);
    return this;
  }

  @Override
  public BulkIngester exceptionHandler(Handler<Throwable> handler) {
    onContext(() -> exceptionHandler = handler);
    return this;
  }

  @Override
  public BulkIngester resultHandler(Handler<BulkItemResult> handler) {
    onContext(() -> ledger.resultHandler(handler));
    return this;
  }

  @Override
  public BulkIngester progressHandler(Handler<BulkProgress> handler) {
    onContext(() -> {
      progressHandler = handler;
      if (handler != null && progressTimer == -1 && (state == State.OPEN || state == State.ENDING)) {
        lastProgress = stats();
        progressTimer = context.setPeriodic(options.getProgressInterval(), id -> reportProgress(false));
      }
    });
    return this;
  }

  @Override
  public Future<Void> flush() {
    Promise<Void> flushed = Promise.promise();
    onContext(() -> {
      ledger.flush(flushed);
      queue.forceAccepted();
      pump();
    });
    return onCaller(flushed.future());
  }

  @Override
  public Future<Void> end() {
    admission.close();
    onContext(() -> {
      if (state == State.OPEN) {
        state = State.ENDING;
        queue.forceAll();
        pump();
      }
    });
    return onCaller(endPromise.future());
  }

  @Override
  public void abort() {
    admission.close();
    onContext(this::doAbort);
  }

  @Override
  public Future<BulkSummary> summary() {
    return onCaller(summaryPromise.future());
  }

  @Override
  public BulkStats stats() {
    return ledger.stats(queue.bufferedOps(), deadLetters.written(), inFlightCount, limit.limit());
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

  // ------------------------------------------------------------------------------------------------ sending

  /** Arms the timer that sends what is buffered at the latest {@code flushInterval} after it was buffered. */
  private void armFlushTimer() {
    long interval = options.getFlushInterval();
    if (interval > 0 && flushTimer == -1 && state == State.OPEN) {
      flushTimer = context.setTimer(interval, this::onFlushTimer);
    }
  }

  private void onFlushTimer(long id) {
    flushTimer = -1;
    if (queue.hasAccepted() && state != State.ABORTED) {
      queue.forceAccepted();
      pump();
    }
  }

  private void cancelFlushTimer() {
    if (flushTimer != -1) {
      vertx.cancelTimer(flushTimer);
      flushTimer = -1;
    }
  }

  private void pump() {
    if (state == State.ABORTED) {
      return;
    }
    if (hold == Hold.NONE && deadLetters.full()) {
      hold = Hold.DEAD_LETTERS_FULL;
      deadLetters.onDrained(v -> onContext(this::release));
    }
    while (!dispatchPaused && hold == Hold.NONE && inFlight.size() < limit.limit()) {
      Batch batch = queue.nextChunk();
      if (batch == null) {
        break;
      }
      send(batch);
    }
    if (queue.hasAccepted()) {
      armFlushTimer();
    }
    checkDrain();
    checkCompletion();
  }

  private void send(Batch batch) {
    List<PendingOperation> ops = batch.ops();
    int size = (int) batch.bytes();
    if (batch.body().length() != size) {
      throw new IllegalStateException("A bulk request of " + size + " bytes of operations has a body of "
        + batch.body().length());
    }
    Chunk chunk = new Chunk(batch, inFlight.size() + 1);
    inFlight.add(chunk);
    inFlightCount = inFlight.size();
    Buffer body = batch.body().toBuffer();
    ledger.requestSent(size);
    BulkRequest request = bulkRequest(body);
    Future<ElasticsearchResponse> response;
    try {
      response = span.recording() ? span.call(new BatchTrace(ops.size(), callers(ops)), () -> http.bulk(request))
        : http.bulk(request);
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    response.onComplete(ar -> onContext(() -> onResponse(chunk, ar)));
  }

  /** @return the distinct spans of the callers whose operations the request carries, at most the links' bound */
  private static List<SpanContext> callers(List<PendingOperation> ops) {
    Set<SpanContext> callers = null;
    for (PendingOperation op : ops) {
      if (op.caller != null) {
        if (callers == null) {
          callers = new LinkedHashSet<>();
        }
        if (callers.add(op.caller) && callers.size() == BatchTrace.MAX_LINKS) {
          break;
        }
      }
    }
    return callers == null ? List.of() : List.copyOf(callers);
  }

  private BulkRequest bulkRequest(Buffer body) {
    BulkRequest request = new BulkRequest().body(body).pipeline(options.getPipeline()).refresh(options.getRefresh());
    if (options.getIndex() != null) {
      request.index(options.getIndex());
    }
    if (options.getRouting() != null) {
      request.routing(options.getRouting());
    }
    options.getParams().forEach(request::queryParam);
    return request;
  }

  private void onResponse(Chunk chunk, AsyncResult<ElasticsearchResponse> ar) {
    inFlight.remove(chunk);
    inFlightCount = inFlight.size();
    if (chunk.settled) {
      pump();
      return;
    }
    chunk.settled = true;
    List<PendingOperation> retry = new ArrayList<>();
    BulkItemOutcomes.Decisions decisions = new BulkItemOutcomes.Decisions() {
      @Override
      public void record(PendingOperation op, BulkItemResult result) {
        ledger.record(op, result);
      }

      @Override
      public void recordAllSucceeded(Batch batch) {
        ledger.recordAllSucceeded(batch);
      }

      @Override
      public void retry(PendingOperation op) {
        retry.add(op);
      }
    };
    int rejected;
    boolean pushedBack;
    if (ar.succeeded()) {
      rejected = outcomes.onAnswer(chunk.batch, ledger.wantsItems(), ar.result(), decisions);
      pushedBack = rejected > 0 && rejected * 2 >= chunk.batch.size();
    } else {
      rejected = outcomes.onFailure(chunk.batch.ops(), ar.cause(), decisions);
      pushedBack = rejected > 0 || ar.cause() instanceof RequestTimeoutException;
    }
    ledger.rejected(rejected);
    limit.onAnswer(pushedBack, chunk.inFlightAtSend);
    pressure = pushedBack ? pressure + 1 : 0;
    scheduleRetry(retry);
    pace(pushedBack, chunk.inFlightAtSend);
    checkCompletion();
    pump();
  }

  /**
   * Paces the whole ingester: when the cluster pushes back on a request that went out alone, fewer requests cannot
   * help, so the next one waits a backoff that grows with the pressure.
   */
  private void pace(boolean pushedBack, int inFlightAtSend) {
    if (!pushedBack || inFlightAtSend > 1 || limit.limit() > 1 || hold != Hold.NONE || state == State.ABORTED) {
      return;
    }
    long delay = options.getRetry().backoff(pressure);
    if (delay > 0) {
      hold = Hold.PACING;
      context.setTimer(delay, id -> release());
    }
  }

  /** Lifts a hold on new requests. */
  private void release() {
    hold = Hold.NONE;
    pump();
  }

  private void reportProgress(boolean ended) {
    BulkStats now = stats();
    BulkProgress progress = BulkProgress.between(lastProgress == null ? now : lastProgress, now, ended);
    lastProgress = now;
    Handler<BulkProgress> handler = progressHandler;
    if (handler != null) {
      try {
        handler.handle(progress);
      } catch (RuntimeException e) {
        reportError(e);
      }
    }
  }

  private void stopProgress() {
    if (progressTimer != -1) {
      vertx.cancelTimer(progressTimer);
      progressTimer = -1;
      reportProgress(true);
    }
  }

  private void scheduleRetry(List<PendingOperation> ops) {
    if (ops.isEmpty()) {
      return;
    }
    for (PendingOperation op : ops) {
      op.retries++;
    }
    ledger.retried(ops.size());
    // paced for the whole ingester: the wait grows with the pressure on it, not with each operation's misfortune
    retrySchedule.add(ops, options.getRetry().backoff(pressure + 1));
  }

  private void onRetriesDue(List<PendingOperation> ops) {
    if (state == State.ABORTED) {
      return;
    }
    ops.forEach(queue::addRetry);
    pump();
  }

  // ------------------------------------------------------------------------------------------------ completion

  private void reportError(Throwable error) {
    Handler<Throwable> handler = exceptionHandler;
    if (handler != null) {
      handler.handle(error);
    } else {
      Contexts.report(context, error);
    }
  }

  private void checkDrain() {
    if (queue.isDrained()) {
      drainHandlers.drained();
    }
  }

  private void checkCompletion() {
    if (state != State.ENDING || admission.pending() != 0) {
      return;
    }
    state = State.ENDED;
    cancelFlushTimer();
    Future<?> refresh = Future.succeededFuture();
    Set<String> indices = ledger.writtenIndices();
    if (options.isRefreshOnCompletion() && (!indices.isEmpty() || options.getIndex() != null)) {
      IndicesRefreshRequest request = new IndicesRefreshRequest();
      if (indices.isEmpty()) {
        request.index(options.getIndex());
      } else if (indices.size() <= 64) {
        request.index(List.copyOf(indices));
      }
      refresh = span.call(() -> plain.withOptions(new CallOptions().setHelper("bp").setIgnoreStatus(Set.of(404)))
        .indices().refresh(request));
    }
    refresh.onComplete(ar -> onContext(() -> {
      if (ar.failed()) {
        reportError(ar.cause());
      }
      // the summary waits until every finally failed operation is safe in the dead-letter stream
      deadLetters.idle().onComplete(written -> onContext(() -> {
        ledger.ended();
        gauges.close();
        stopProgress();
        endPromise.tryComplete();
        summaryPromise.tryComplete(new BulkSummary(stats(), ledger.reported(), false));
      }));
    }));
  }

  private void doAbort() {
    if (state == State.ABORTED || state == State.ENDED) {
      return;
    }
    state = State.ABORTED;
    cancelFlushTimer();
    for (PendingOperation op : queue.clear()) {
      ledger.record(op, BulkItemOutcomes.failure(op, Outcome.FAILED, 0, null, new BulkAbortedException(op.retries == 0
        ? "The bulk ingester was aborted before the operation was sent"
        : "The bulk ingester was aborted while the operation waited for a retry")));
    }
    BulkAbortedException waiting = new BulkAbortedException("The bulk ingester was aborted while the operation "
      + "waited for a retry");
    for (PendingOperation op : retrySchedule.clear()) {
      ledger.record(op, BulkItemOutcomes.failure(op, Outcome.FAILED, 0, null, waiting));
    }
    BulkAbortedException sent = new BulkAbortedException("The bulk ingester was aborted while the operation's "
      + "request was in flight; Elasticsearch may have applied it");
    for (Chunk chunk : inFlight) {
      chunk.settled = true;
      for (PendingOperation op : chunk.batch.ops()) {
        ledger.record(op, BulkItemOutcomes.failure(op, Outcome.UNKNOWN, 0, null, sent));
      }
    }
    ledger.ended();
    gauges.close();
    stopProgress();
    endPromise.tryFail(new BulkAbortedException("The bulk ingester was aborted"));
    summaryPromise.tryComplete(new BulkSummary(stats(), ledger.reported(), true));
    checkDrain();
  }
}
