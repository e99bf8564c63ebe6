package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.ConnectionTimeoutException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.PoolExhaustedException;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.ResponseTooLargeException;
import dev.vertx.elasticsearch.error.TlsException;
import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.error.UnsupportedProductException;
import dev.vertx.elasticsearch.transport.AttemptListener;
import dev.vertx.elasticsearch.transport.Cancellation;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.TransportStream;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * One logical request: its attempts, their timeouts and the backoff between them. Everything runs on the caller's
 * context, so no field needs synchronisation; only {@link #close()} and a cancel come from elsewhere and hop onto the
 * context.
 * <p>
 * Each attempt goes through three phases, and a failure is classified by the phase it ends:
 * <ol>
 *   <li>waiting for a pooled connection (bounded by {@code poolWaitTimeout} and the pool's wait queue): a failure
 *   there was <em>not sent</em>; only a connection that could not be opened marks the node dead;</li>
 *   <li>writing the request: the request timeout starts; a failure before the write completed was <em>not
 *   sent</em> (Elasticsearch never saw a whole request);</li>
 *   <li>waiting for and reading the answer: a failure there <em>may have been applied</em>. A timeout leaves the node
 *   in rotation (it accepted the connection, it is slow); a broken connection marks it dead.</li>
 * </ol>
 * {@link RetryPolicy} decides from that classification and the request's idempotency whether to retry.
 * <p>
 * A {@linkplain StreamedBody streamed body} is read once: an attempt that read it is never retried. While it is
 * written, and while a {@linkplain ResponseBodyStream streamed answer} is read, the request timeout bounds each gap
 * without progress rather than the whole exchange.
 */
final class RequestExecution {

  private final HttpTransport transport;
  private final ContextInternal context;
  private final HttpMethod method;
  private final String uri;
  private final Supplier<MultiMap> headerSource;
  private MultiMap headers;
  /** The compatibility version the current headers carry. */
  private int compatibility;
  /** Whether the request was sent again with another compatibility version (once at most; not a retry). */
  private boolean compatibilityResent;
  private final Buffer body;
  private final boolean idempotent;
  private final RetryPolicy retry;
  private final long timeout;
  private final long totalTimeout;
  private final PooledNode pinned;
  private final AttemptListener listener;
  private final AttemptObserver observer;
  private final PromiseInternal<TransportResponse> promise;

  private int attempt;
  /** When the first attempt failed ({@link System#nanoTime()}), or {@code 0} before. */
  private long firstFailureNanos;
  /** The last attempt whose outcome was handled; later events of it are ignored. */
  private int settled;
  /** Whether the current attempt's request was written whole: from then on its outcome is unknown until answered. */
  private boolean written;
  private List<ElasticsearchException> errors;
  private Set<PooledNode> tried;
  private HttpClientRequest current;
  private PooledNode currentNode;
  /** The request timeout of the current attempt, scheduled on the event loop directly (set and cancelled per request). */
  private ScheduledFuture<?> timeoutTask;
  private ScheduledFuture<?> totalTimeoutTask;
  private ScheduledFuture<?> backoffTask;
  private boolean done;
  /** The observation of the current attempt, from its connection until it ends; {@code null} otherwise. */
  private AttemptObserver.Attempt observed;
  /** A body read from a stream, sent once; or {@code null}. */
  private StreamedBody streamBody;
  /** Whether a 2xx answer's body is handed out as a stream instead of being read whole. */
  private boolean streamResponse;
  /** The handed-out body of a streamed answer, once there is one. */
  private ResponseBodyStream streamed;
  private PromiseInternal<Void> streamCompletion;
  /** The actions registered on the tokens that cancel this request, removed when it ends; or {@code null}. */
  private List<Cancellation.Registration> cancellations;
  /** Set, from any thread, by a token's cancel; the context then fails the request (and never sends it). */
  private volatile boolean cancelRequested;

  RequestExecution(HttpTransport transport, ContextInternal context, HttpMethod method, String uri,
                   Supplier<MultiMap> headers, Buffer body, boolean idempotent, RetryPolicy retry, long timeout,
                   long totalTimeout, PooledNode pinned, AttemptListener listener) {
    this.transport = transport;
    this.context = context;
    this.method = method;
    this.uri = uri;
    this.headerSource = headers;
    this.body = body;
    this.idempotent = idempotent;
    this.retry = retry;
    this.timeout = timeout;
    this.totalTimeout = totalTimeout;
    this.pinned = pinned;
    this.listener = listener;
    this.observer = transport.attemptObserver();
    this.promise = context.promise();
  }

  Future<TransportResponse> future() {
    return promise.future();
  }

  /** Sends this body, read from a stream, instead of a buffered one; before {@link #start()}. */
  RequestExecution streamBody(StreamedBody body) {
    this.streamBody = body;
    return this;
  }

  /** Hands a 2xx answer's body out as a stream; before {@link #start()}. */
  RequestExecution streamResponse() {
    this.streamResponse = true;
    this.streamCompletion = context.promise();
    return this;
  }

  /** @return the answer with its body as a stream: the handed-out one, or the whole body read, replayed */
  Future<TransportStream> streamFuture() {
    return promise.future().map(response -> {
      if (streamed != null) {
        ResponseBodyStream body = streamed;
        return new StreamedResponse(response, body, streamCompletion.future(), body::cancel);
      }
      BufferReadStream replay = new BufferReadStream(context, response.body(), streamCompletion);
      return new StreamedResponse(response, replay, streamCompletion.future(), () -> {
        replay.cancel();
        streamCompletion.tryFail(new CancellationException("The response body was cancelled"));
      });
    });
  }

  /** Fails the request when the token is cancelled; before {@link #start()}. */
  RequestExecution cancelledBy(Cancellation token) {
    if (cancellations == null) {
      cancellations = new ArrayList<>(2);
    }
    cancellations.add(token.onCancel(() -> {
      cancelRequested = true;
      context.runOnContext(v -> cancel());
    }));
    return this;
  }

  /** Starts the first attempt; must run on the context. */
  void start() {
    if (done) {
      return;
    }
    if (transport.isClosed()) {
      fail(closedError());
      return;
    }
    compatibility = transport.compatibilityVersion();
    headers = headerSource.get();
    if (totalTimeout > 0) {
      totalTimeoutTask = schedule(totalTimeout, this::onTotalTimeout);
    }
    attempt();
  }

  /** Fails the request because the transport closes; safe from any thread. */
  void close() {
    context.runOnContext(v -> {
      if (streamed != null) {
        streamed.fail(closedError());
      } else if (!done) {
        fail(closedError());
      }
    });
  }

  private void attempt() {
    backoffTask = null;
    if (done) {
      return;
    }
    if (cancelRequested) {
      cancel();
      return;
    }
    final int attemptNo = ++attempt;
    written = false;
    final PooledNode node = pinned != null ? pinned : transport.pool().select(tried);
    if (tried == null) {
      tried = new HashSet<>(4);
    }
    tried.add(node);
    currentNode = node;
    RequestOptions options = new RequestOptions()
      .setMethod(method)
      .setHost(node.host)
      .setPort(node.port)
      .setSsl(node.ssl)
      .setURI(node.pathPrefix.isEmpty() ? uri : node.pathPrefix + uri)
      .setHeaders(headers)
      .setConnectTimeout(transport.poolWaitTimeout());
    if (listener == null) {
      send(attemptNo, node, options);
    } else {
      // A context of its own per attempt: what the listener makes current there is seen by the HTTP client only.
      context.duplicate().dispatch(v -> listener.onAttempt(attemptNo, node, () -> send(attemptNo, node, options)));
    }
  }

  private void send(int attemptNo, PooledNode node, RequestOptions options) {
    transport.httpClient().request(options).onComplete(ar -> {
      if (ar.failed()) {
        onConnectionFailure(attemptNo, node, ar.cause());
        return;
      }
      HttpClientRequest request = ar.result();
      if (stale(attemptNo)) {
        request.reset();
        return;
      }
      current = request;
      observed = observer == null ? null : observer.begin(node, request);
      if (timeout > 0) {
        // Fires rarely: then hop onto the context properly, so that a retry sees it as the current context.
        timeoutTask = schedule(timeout, () -> onTimeout(attemptNo, node));
      }
      request.response().onComplete(rar -> {
        if (rar.failed()) {
          onAttemptFailure(attemptNo, node, mapFailure(rar.cause(), node, writtenBy(attemptNo)), true);
        } else {
          readBody(attemptNo, node, rar.result());
        }
      });
      Future<Void> end = streamBody != null ? streamBody.sendTo(request)
        : body == null ? request.end() : request.end(body);
      end.onSuccess(v -> {
        if (attemptNo == attempt) {
          written = true;
          if (observed != null) {
            observed.requestEnd();
          }
        }
      });
      if (streamBody != null) {
        // The body's own failures (too large, source failed); a broken connection fails the response too.
        end.onFailure(err -> {
          if (err instanceof ElasticsearchException e) {
            onAttemptFailure(attemptNo, node, e, false);
          }
        });
      }
    });
  }

  private boolean writtenBy(int attemptNo) {
    return attemptNo == attempt && written;
  }

  /** No connection could be had: nothing was sent. Only a node that does not accept connections is marked dead. */
  private void onConnectionFailure(int attemptNo, PooledNode node, Throwable cause) {
    if (cause instanceof TimeoutException) {
      onAttemptFailure(attemptNo, node, new PoolExhaustedException("No pooled connection to the node within the pool "
        + "wait timeout of " + transport.poolWaitTimeout() + " ms", node.url, cause), false);
    } else if (cause instanceof ConnectionPoolTooBusyException) {
      onAttemptFailure(attemptNo, node, new PoolExhaustedException("The node's connection pool has "
        + transport.maxPoolWaitQueueSize() + " requests waiting already (maxPoolWaitQueueSize)", node.url, cause),
        false);
    } else {
      onAttemptFailure(attemptNo, node, mapFailure(cause, node, false), true);
    }
  }

  private void readBody(int attemptNo, PooledNode node, HttpClientResponse response) {
    response.exceptionHandler(err -> onAttemptFailure(attemptNo, node, mapFailure(err, node, true), true));
    if (stale(attemptNo)) {
      return;
    }
    if (observed != null) {
      observed.responseBegin(response);
    }
    long max = transport.maxResponseSize();
    String length = response.getHeader("content-length");
    long declared = -1;
    // A HEAD answer announces the length of a body it does not send; a compressed one announces the wire length.
    if (length != null && method != HttpMethod.HEAD && response.getHeader("content-encoding") == null) {
      try {
        declared = Long.parseLong(length);
      } catch (NumberFormatException ignored) {
        // a broken header: count the bytes instead
      }
    }
    if (streamResponse && method != HttpMethod.HEAD && response.statusCode() >= 200 && response.statusCode() < 300) {
      handOut(attemptNo, node, response);
      return;
    }
    if (declared > max) {
      onAttemptFailure(attemptNo, node, tooLarge(node, max), false);
      return;
    }
    Buffer buffer = Buffer.buffer(declared > 0 ? (int) declared : 256);
    response.handler(chunk -> {
      if (stale(attemptNo)) {
        return;
      }
      if ((long) buffer.length() + chunk.length() > max) {
        onAttemptFailure(attemptNo, node, tooLarge(node, max), false);
      } else {
        buffer.appendBuffer(chunk);
      }
    });
    response.endHandler(v -> onResponse(attemptNo, node, response.statusCode(), response.headers(), buffer));
  }

  /** A streamed 2xx answer: its body goes to the caller as it arrives; the execution ends with the body. */
  private void handOut(int attemptNo, PooledNode node, HttpClientResponse response) {
    settled = attemptNo;
    if (listener != null) {
      listener.onAttemptEnd(attemptNo, node, response.statusCode(), response.headers(), null);
    }
    if (transport.productCheck() && !"Elasticsearch".equals(response.getHeader("X-Elastic-Product"))) {
      fail(new UnsupportedProductException("The server is not a supported Elasticsearch: the "
        + "X-Elastic-Product header is missing or wrong", node.url, null));
      return;
    }
    transport.pool().markLive(node);
    HttpClientRequest request = current;
    streamed = new ResponseBodyStream(response, request, node, () -> {
      current = null;
      observeEnd(true);
      finish();
    }, streamCompletion);
    complete(response.statusCode(), response.headers(), Buffer.buffer(), node);
  }

  private void onResponse(int attemptNo, PooledNode node, int status, MultiMap responseHeaders, Buffer buffer) {
    if (stale(attemptNo)) {
      return;
    }
    settled = attemptNo;
    cancelTimeout();
    if (streamBody != null && !written && current != null) {
      // Answered before the streamed body was sent whole (an early error status): the connection cannot be reused.
      current.reset();
    }
    current = null;
    observeEnd(true);
    if (listener != null) {
      listener.onAttemptEnd(attemptNo, node, status, responseHeaders, null);
    }
    if (status >= 200 && status < 300) {
      if (transport.productCheck() && !"Elasticsearch".equals(responseHeaders.get("X-Elastic-Product"))) {
        fail(new UnsupportedProductException("The server is not a supported Elasticsearch: the "
          + "X-Elastic-Product header is missing or wrong", node.url, null));
        return;
      }
      transport.pool().markLive(node);
      succeed(status, responseHeaders, buffer, node);
      return;
    }
    if (!compatibilityResent && (streamBody == null || !streamBody.consumed())
      && transport.learnCompatibility(compatibility, status, buffer)) {
      // The cluster refused the compatibility version: send the same request again with the one it accepts.
      compatibilityResent = true;
      compatibility = transport.compatibilityVersion();
      headers = headerSource.get();
      attempt();
      return;
    }
    boolean nodeFailure = status == 429 || status >= 500;
    if (nodeFailure) {
      transport.onNodeFailure(node);
    } else {
      transport.pool().markLive(node);
    }
    if (retry.retriesStatus(status) && mayRetry()
      && (streamBody == null || !streamBody.consumed())) {
      if (transport.isClosed()) {
        // the answer asks for a retry that a closed client cannot make
        fail(closedError());
      } else {
        retryAfter(ApiException.of(status, buffer.toString(), node.url));
      }
      return;
    }
    succeed(status, responseHeaders, buffer, node);
  }

  /**
   * @param nodeFailed whether the failure says the node is unwell (a connection that could not be opened or broke),
   *     which takes it out of rotation; local congestion, timeouts and oversized answers do not
   */
  private void onAttemptFailure(int attemptNo, PooledNode node, ElasticsearchException error, boolean nodeFailed) {
    if (stale(attemptNo)) {
      return;
    }
    settled = attemptNo;
    observeEnd(false);
    if (listener != null) {
      listener.onAttemptEnd(attemptNo, node, 0, null, error);
    }
    cancelTimeout();
    if (current != null) {
      current.reset();
      current = null;
    }
    if (nodeFailed) {
      transport.onNodeFailure(node);
    }
    boolean retries = mayRetry() && retry.retries(error, idempotent) && !transport.isClosed();
    if (retries && streamBody != null) {
      streamBody.stop();
      if (streamBody.consumed()) {
        retries = false;
        error = StreamedBody.notRetried(error);
      }
    }
    if (retries) {
      retryAfter(error);
    } else {
      fail(error);
    }
  }

  private void retryAfter(ElasticsearchException error) {
    if (errors == null) {
      errors = new ArrayList<>(4);
    }
    errors.add(error);
    boolean fresh = pinned == null && transport.pool().hasUntried(tried);
    long delay = fresh ? 0 : retry.backoff(attempt);
    if (delay == 0) {
      attempt();
    } else {
      // Not a Vert.x timer: those die with the caller's verticle, while a shared transport must finish the request.
      backoffTask = schedule(delay, this::attempt);
    }
  }

  private void succeed(int status, MultiMap responseHeaders, Buffer buffer, PooledNode node) {
    finish();
    complete(status, responseHeaders, buffer, node);
  }

  private void complete(int status, MultiMap responseHeaders, Buffer buffer, PooledNode node) {
    // Most answers carry no Warning header: look before building a list.
    List<String> warnings = responseHeaders.contains("Warning") ? responseHeaders.getAll("Warning") : List.of();
    TransportResponse response = new TransportResponse(status, responseHeaders, buffer, node.url,
      warnings.isEmpty() ? List.of() : List.copyOf(warnings), errors == null ? List.of() : List.copyOf(errors));
    if (!warnings.isEmpty()) {
      transport.onWarnings(response.warnings());
    }
    promise.complete(response);
  }

  /** @return the retries made so far (the re-send with another compatibility version is not one) */
  private int retriesMade() {
    return attempt - 1 - (compatibilityResent ? 1 : 0);
  }

  /** @return whether the retry policy's count and time budget (from the first failure) allow one more retry */
  private boolean mayRetry() {
    long now = System.nanoTime();
    if (firstFailureNanos == 0) {
      firstFailureNanos = now;
    }
    return retry.allowsRetry(retriesMade(), (now - firstFailureNanos) / 1_000_000);
  }

  /** Ends the observation of the current attempt, if any: answered whole, or not. */
  private void observeEnd(boolean answered) {
    AttemptObserver.Attempt a = observed;
    if (a != null) {
      observed = null;
      if (answered) {
        a.responseEnd();
      } else {
        a.reset();
      }
    }
  }

  private boolean stale(int attemptNo) {
    return done || attemptNo != attempt || attemptNo <= settled;
  }

  private void fail(ElasticsearchException error) {
    boolean inFlight = attempt > settled;
    finish();
    observeEnd(false);
    if (inFlight && listener != null) {
      listener.onAttemptEnd(attempt, currentNode, 0, null, error);
    }
    if (current != null) {
      current.reset();
      current = null;
    }
    if (errors != null) {
      error.withAttemptErrors(errors);
    }
    if (error instanceof TransportException && attempt > 0) {
      error.withAttempts(attempt, tried.size());
    }
    promise.fail(error);
  }

  private void finish() {
    if (streamBody != null) {
      streamBody.stop();
    }
    done = true;
    settled = attempt;
    cancelTimeout();
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
    transport.finished(this);
  }

  /**
   * The caller cancelled: a request in flight is reset (its connection closed, never pooled half-read), one waiting
   * for a connection or a retry is not sent, a streamed answer fails. Runs on the context.
   */
  private void cancel() {
    if (streamed != null) {
      streamed.fail(new RequestCancelledException("The streamed answer of " + method + " " + uri + " was cancelled",
        currentNode.url, true));
      return;
    }
    if (done) {
      return;
    }
    boolean inFlight = attempt > settled;
    fail(new RequestCancelledException("The request " + method + " " + uri + " was cancelled",
      inFlight ? currentNode.url : null, inFlight && written));
  }

  private void onTimeout(int attemptNo, PooledNode node) {
    if (attemptNo == attempt) {
      timeoutTask = null;
      long idle = idleNanos();
      long limit = TimeUnit.MILLISECONDS.toNanos(timeout);
      if (idle >= 0 && idle < limit) {
        // Progress within the timeout: it bounds each gap, not the whole exchange.
        long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(limit - idle));
        timeoutTask = schedule(remaining, () -> onTimeout(attemptNo, node));
        return;
      }
      if (streamed != null) {
        streamed.fail(new RequestTimeoutException("No data of the streamed answer within the request timeout of "
          + timeout + " ms", node.url, null, true));
        return;
      }
    }
    // The node accepted the connection: it is slow, not gone. It stays in rotation.
    onAttemptFailure(attemptNo, node, new RequestTimeoutException("No answer within the request timeout of "
      + timeout + " ms", node.url, null, writtenBy(attemptNo)), false);
  }

  private void onTotalTimeout() {
    totalTimeoutTask = null;
    if (streamed != null) {
      streamed.fail(new RequestTimeoutException("The streamed answer did not end within the total timeout of "
        + totalTimeout + " ms", currentNode.url, null, true));
      return;
    }
    if (done) {
      return;
    }
    boolean inFlight = attempt > settled;
    fail(new RequestTimeoutException("No answer within the total timeout of " + totalTimeout + " ms",
      inFlight ? currentNode.url : null, null, inFlight && written));
  }

  /**
   * @return nanoseconds since the last progress while a streamed body is written or a streamed answer read (the
   *     request timeout then bounds each gap), {@code -1} otherwise
   */
  private long idleNanos() {
    long now = System.nanoTime();
    if (streamed != null) {
      return streamed.idleNanos(now);
    }
    if (streamBody != null && current != null) {
      return now - streamBody.lastProgress();
    }
    return -1;
  }

  private ScheduledFuture<?> schedule(long delay, Runnable action) {
    return context.nettyEventLoop().schedule(() -> context.runOnContext(v -> action.run()), delay,
      TimeUnit.MILLISECONDS);
  }

  private void cancelTimeout() {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
      timeoutTask = null;
    }
  }

  private ClientClosedException closedError() {
    return new ClientClosedException("The client is closed; the request " + method + " " + uri + " was not completed",
      null, null);
  }

  private static ResponseTooLargeException tooLarge(PooledNode node, long max) {
    return new ResponseTooLargeException("The response body exceeds the maximum response size of " + max + " bytes",
      node.url, null);
  }

  /**
   * Maps a Vert.x / Netty failure to the client's error types, keeping the cause.
   *
   * @param written whether the whole request had been written, so that it may have been applied
   */
  static ElasticsearchException mapFailure(Throwable cause, PooledNode node, boolean written) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ElasticsearchException) {
        return (ElasticsearchException) t;
      }
      if (t instanceof SSLException) {
        return new TlsException("TLS with the node failed: " + TlsFailures.describe(t), node.url, cause);
      }
      if (t instanceof ConnectTimeoutException) {
        return new ConnectionTimeoutException("Connecting to the node timed out", node.url, cause);
      }
      if (t instanceof ConnectException) {
        return new ConnectionException("The node refused the connection", node.url, cause);
      }
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ConnectionException("The connection to the node failed: " + message, node.url, cause, written);
  }
}
