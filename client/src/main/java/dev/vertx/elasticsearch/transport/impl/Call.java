package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Cancellation;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.TransportCall;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.TransportStream;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One call: its {@link Attempt}s one after the other, what {@link FollowUp} decides after each, the backoff between
 * them, its total timeout and its cancellation, in an explicit {@link State}. It runs on the caller's context (only
 * {@link #close()} and a cancel come from elsewhere and hop onto it). Its request is frozen; what belongs to this call
 * (headers added by an instrumentation, attempts, deadline, observer) lives here.
 */
final class Call implements TransportCall, Attempt.Caller {

  /** Where a call is. */
  enum State {
    /** Created, waiting to start (for the first sniff, or the context). */
    PENDING,
    /** An attempt is in flight. */
    ATTEMPTING,
    /** Waiting before the next attempt. */
    BACKING_OFF,
    /** Answered; the body is handed out as a stream and has not ended. */
    STREAMING,
    /** Ended: the future is complete. */
    DONE
  }

  private final CallEnvironment env;
  private final ContextInternal context;
  private final TransportRequest request;
  private final CallOptions options;
  private final RetryPolicy retry;
  private final FollowUp followUp;
  private final long totalTimeout;
  private final PooledNode pinned;
  private final PromiseInternal<TransportResponse> promise;
  private final CallObserver observer;
  private AttemptPlan plan;
  private Map<String, String> addedHeaders;

  private State state = State.PENDING;
  private Attempt current;
  private int attempts;
  private int compatibility; // the compatibility version the current headers carry
  private boolean compatibilityResent; // sent again with another compatibility version (once at most; not a retry)
  private long startNanos;
  private List<ElasticsearchException> errors;
  private Set<PooledNode> tried; // see NodePool.with
  private ScheduledFuture<?> totalTimeoutTask;
  private ScheduledFuture<?> backoffTask;
  private List<Cancellation.Registration> cancellations;

  /**
   * Prepares the call and lets the instrumentations see it (on the caller's thread).
   *
   * @param plan what each attempt sends, with the headers at {@code compatibility}
   * @param compatibility the compatibility version the plan's headers carry
   * @param pinned the only node to try (a sniff), or {@code null}
   */
  Call(CallEnvironment env, ContextInternal context, TransportRequest request, CallOptions options,
       AttemptPlan plan, int compatibility, RetryPolicy retry, long totalTimeout, PooledNode pinned,
       Instrumentation instrumentation) {
    this.env = env;
    this.context = context;
    this.request = request;
    this.options = options;
    this.plan = plan;
    this.compatibility = compatibility;
    this.retry = retry;
    this.followUp = new FollowUp(env, retry, request.idempotent(), plan.streamBody());
    this.totalTimeout = totalTimeout;
    this.pinned = pinned;
    this.promise = context.promise();
    this.observer = CompositeInstrumentation.observe(this, env.instrumentation(), instrumentation);
  }

  /** Fails the call when the token is cancelled; before {@link #start()}. */
  void cancelledBy(Cancellation token) {
    if (cancellations == null) {
      cancellations = new ArrayList<>(2);
    }
    cancellations.add(token.onCancel(() -> context.runOnContext(v -> cancel())));
  }

  /** Starts the first attempt; runs on the context. */
  void start() {
    if (state != State.PENDING) {
      return;
    }
    if (env.isClosed()) {
      fail(closedError());
      return;
    }
    startNanos = System.nanoTime();
    if (addedHeaders != null || compatibility != env.compatibilityVersion()) {
      useCurrentHeaders();
    }
    if (totalTimeout > 0) {
      totalTimeoutTask = schedule(totalTimeout, this::onTotalTimeout);
    }
    attempt();
  }

  private void useCurrentHeaders() {
    compatibility = env.compatibilityVersion();
    MultiMap headers = env.headers(request, options);
    if (addedHeaders != null) {
      headers = HttpHeaders.headers().addAll(headers);
      addedHeaders.forEach(headers::set);
    }
    plan = plan.withHeaders(headers);
  }

  /** Fails the call because the transport closes; safe from any thread. */
  void close() {
    context.runOnContext(v -> {
      if (state == State.STREAMING) {
        current.abort(closedError());
      } else if (state != State.DONE) {
        fail(closedError());
      }
    });
  }

  private void attempt() {
    backoffTask = null;
    if (state == State.DONE) {
      return;
    }
    if (cancelRequested()) {
      cancel();
      return;
    }
    PooledNode node = pinned != null ? pinned : env.pool().select(tried);
    tried = NodePool.with(tried, node);
    state = State.ATTEMPTING;
    current = new Attempt(++attempts, node, plan, env.connector(), context, observer, this);
    current.start();
  }

  @Override
  public boolean cancelRequested() {
    // the tokens themselves: one cancels its calls one by one, and a later one must not take the connection an
    // earlier one freed before its own action ran
    List<Cancellation> tokens = options == null ? List.of() : options.getCancellations();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).isCancelled()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onSettled(Attempt attempt) {
    if (attempt != current || state != State.ATTEMPTING) {
      return;
    }
    int retriesMade = attempts - 1 - (compatibilityResent ? 1 : 0);
    FollowUp.Step step = followUp.after(attempt, retriesMade,
      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), compatibility, !compatibilityResent);
    switch (step.next()) {
      case SUCCEED -> {
        if (attempt.stream() != null) {
          // a 2xx answer whose body goes to the caller as it arrives: the call ends with the body
          state = State.STREAMING;
          promise.complete(attempt.response(errors));
        } else {
          succeed(attempt.response(errors));
        }
      }
      case RESEND -> {
        // the cluster refused the compatibility version: the same request again, with the one it accepts
        compatibilityResent = true;
        useCurrentHeaders();
        attempt();
      }
      case RETRY -> retryAfter(step.error());
      default -> fail(step.error());
    }
  }

  @Override
  public void onStreamEnd(Throwable failure) {
    if (state == State.STREAMING) {
      finish();
      if (observer != null) {
        observer.onEnd(current.response(errors), failure);
      }
    }
  }

  private void retryAfter(ElasticsearchException error) {
    if (errors == null) {
      errors = new ArrayList<>(4);
    }
    errors.add(error);
    boolean fresh = pinned == null && env.pool().hasUntried(tried);
    long delay = fresh ? 0 : retry.backoff(attempts);
    if (delay == 0) {
      attempt();
    } else {
      state = State.BACKING_OFF;
      backoffTask = schedule(delay, this::attempt);
    }
  }

  private void succeed(TransportResponse response) {
    finish();
    if (!response.warnings().isEmpty()) {
      env.warnings(response.warnings());
    }
    if (observer != null) {
      observer.onEnd(response, null); // before the caller sees the answer, as it would see the span and metric
    }
    promise.complete(response);
  }

  private void fail(ElasticsearchException error) {
    if (current != null) {
      current.abort(error);
    }
    finish();
    if (errors != null) {
      error.withAttemptErrors(errors);
    }
    if (error instanceof TransportException && attempts > 0) {
      error.withAttempts(attempts, tried.size());
    }
    if (observer != null) {
      observer.onEnd(null, error);
    }
    promise.fail(error);
  }

  private void finish() {
    state = State.DONE;
    if (plan.streamBody() != null) {
      plan.streamBody().stop();
    }
    if (totalTimeoutTask != null) {
      totalTimeoutTask.cancel(false);
      totalTimeoutTask = null;
    }
    if (backoffTask != null) {
      backoffTask.cancel(false);
      backoffTask = null;
    }
    if (cancellations != null) {
      cancellations.forEach(Cancellation.Registration::remove);
      cancellations = null;
    }
    env.finished(this);
  }

  /** The caller cancelled: an exchange in flight is reset, a call not yet sent is never sent, a stream fails. */
  private void cancel() {
    String what = "The request " + request.method() + " " + request.path();
    if (state == State.STREAMING) {
      current.abort(new RequestCancelledException("The streamed answer of " + request.method() + " "
        + request.path() + " was cancelled", current.pooledNode().url, true));
    } else if (state != State.DONE) {
      boolean inFlight = state == State.ATTEMPTING;
      fail(new RequestCancelledException(what + " was cancelled", inFlight ? current.pooledNode().url : null,
        inFlight && current.written()));
    }
  }

  private void onTotalTimeout() {
    totalTimeoutTask = null;
    if (state == State.STREAMING) {
      current.abort(new RequestTimeoutException("The streamed answer did not end within the total timeout of "
        + totalTimeout + " ms", current.pooledNode().url, null, true));
    } else if (state != State.DONE) {
      boolean inFlight = state == State.ATTEMPTING;
      fail(new RequestTimeoutException("No answer within the total timeout of " + totalTimeout + " ms",
        inFlight ? current.pooledNode().url : null, null, inFlight && current.written()));
    }
  }

  private ScheduledFuture<?> schedule(long delay, Runnable action) {
    return context.nettyEventLoop().schedule(() -> context.runOnContext(v -> action.run()), delay,
      TimeUnit.MILLISECONDS);
  }

  private ClientClosedException closedError() {
    return new ClientClosedException("The client is closed; the request " + request + " was not completed", null,
      null);
  }

  /** @return the answer */
  Future<TransportResponse> future() {
    return promise.future();
  }

  /** @return the answer with its body as a stream: the handed-out one, or the whole body read, replayed */
  Future<TransportStream> streamFuture() {
    return promise.future().map(response -> StreamedResponse.of(context, response, current.stream()));
  }

  @Override
  public TransportRequest request() {
    return request;
  }

  @Override
  public CallOptions options() {
    return options;
  }

  @Override
  public boolean streamed() {
    return plan.streamResponse();
  }

  @Override
  public void putHeader(String name, String value) {
    if (state != State.PENDING) {
      throw new IllegalStateException("Headers are added when the call starts");
    }
    if (addedHeaders == null) {
      addedHeaders = new LinkedHashMap<>(4);
    }
    addedHeaders.put(name, value);
  }
}
