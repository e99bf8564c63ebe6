package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.PoolExhaustedException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.TransportAttempt;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.ContextInternal;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One attempt of a call on one node, as a state machine: {@code ACQUIRING} a connection, {@code WRITING}, {@code
 * AWAITING} the answer, {@code READING} it or {@code STREAMING} it to the caller, {@code DONE} with one {@link
 * Outcome}: <em>not sent</em>, <em>maybe applied</em> (written whole, no whole answer) or <em>answered</em>. The call
 * is told once; later events are ignored. Runs on the call's context. The request timeout runs from the connection
 * to the answer; while a streamed body or answer moves, it bounds each gap without progress.
 */
final class Attempt implements TransportAttempt {

  /** What an attempt tells its call, and asks it. */
  interface Caller {
    /** Told once, when the outcome is known (for a streamed answer: when it is handed out). */
    void onSettled(Attempt attempt);
    /** Told once when a handed-out body ended ({@code null}) or failed. */
    void onStreamEnd(Throwable failure);
    /** @return whether the call was cancelled, from any thread: a connection that comes after is not written to */
    boolean cancelRequested();
  }

  private final int number;
  private final PooledNode node;
  private final AttemptPlan plan;
  private final NodeConnector connector;
  private final ContextInternal context;
  private final CallObserver observer;
  private final Caller caller;

  private Phase phase = Phase.ACQUIRING;
  private Outcome outcome;
  private NodeConnector.Exchange exchange;
  /** Whether the request was written whole: from then on the outcome is unknown until answered. */
  private boolean written;
  private ScheduledFuture<?> timeoutTask;
  private int status;
  private MultiMap headers;
  private Buffer body;
  private ResponseBodyStream stream;
  private ElasticsearchException error;
  private boolean nodeFailed; // the failure says the node is unwell (it refused or broke the connection)

  /** @param caller the call, told of the outcome */
  Attempt(int number, PooledNode node, AttemptPlan plan, NodeConnector connector, ContextInternal context,
          CallObserver observer, Caller caller) {
    this.number = number;
    this.node = node;
    this.plan = plan;
    this.connector = connector;
    this.context = context;
    this.observer = observer;
    this.caller = caller;
  }

  /** Issues the attempt, on the call's context; an observer may wrap it (and isolate it on a context of its own). */
  void start() {
    if (observer == null) {
      issue();
    } else {
      context.dispatch(v -> observer.onAttempt(this, this::issue)); // the call's context is current for it
    }
  }

  private void issue() {
    String uri = node.pathPrefix.isEmpty() ? plan.uri() : node.pathPrefix + plan.uri();
    connector.open(node, plan.method(), uri, plan.headers(), (opened, failure) -> {
      if (failure != null) { // nothing was sent: only a node refusing connections is unwell, not local congestion
        fail(Failures.map(failure, node, false), !(failure instanceof PoolExhaustedException));
      } else {
        onConnection(opened);
      }
    });
  }

  private void onConnection(NodeConnector.Exchange exchange) {
    if (phase == Phase.DONE || caller.cancelRequested()) {
      exchange.reset(); // nothing was written: a cancelled call is never sent, even before its context heard of it
      return;
    }
    this.exchange = exchange;
    enter(Phase.WRITING);
    if (plan.timeout() > 0) {
      timeoutTask = schedule(plan.timeout());
    }
    exchange.answer((answer, failure) -> {
      if (failure != null) {
        fail(Failures.map(failure, node, written), true);
      } else {
        onAnswer(answer);
      }
    });
    StreamedBody streamBody = plan.streamBody();
    Future<Void> end = streamBody != null ? streamBody.sendTo(exchange.bodyStream()) : exchange.end(plan.body());
    end.onComplete(ar -> {
      if (ar.succeeded()) {
        written = true;
        if (phase == Phase.WRITING) {
          enter(Phase.AWAITING);
        }
      } else if (streamBody != null && ar.cause() instanceof ElasticsearchException e) {
        // the body's own failures (too large, source failed); a broken connection fails the answer too
        fail(e, false);
      }
    });
  }

  private void onAnswer(NodeConnector.Answer answer) {
    if (phase == Phase.DONE) {
      return;
    }
    status = answer.status();
    headers = answer.headers();
    answer.exceptionHandler(err -> fail(Failures.map(err, node, true), true));
    if (plan.streamResponse() && plan.method() != HttpMethod.HEAD && status >= 200 && status < 300) {
      outcome = Outcome.ANSWERED;
      stream = new ResponseBodyStream(answer, exchange, node, this::onStreamEnd, context.promise());
      enter(Phase.STREAMING);
      caller.onSettled(this);
      return;
    }
    enter(Phase.READING);
    long max = plan.maxResponseSize();
    long declared = plan.method() == HttpMethod.HEAD ? -1 : answer.declaredLength();
    if (declared > max) {
      fail(Failures.tooLarge(node, max), false);
      return;
    }
    Buffer buffer = Buffer.buffer(declared > 0 ? (int) declared : 256);
    answer.handler(chunk -> {
      if (phase != Phase.READING) {
        return;
      }
      if ((long) buffer.length() + chunk.length() > max) {
        fail(Failures.tooLarge(node, max), false);
      } else {
        buffer.appendBuffer(chunk);
      }
    });
    answer.endHandler(v -> onAnswered(buffer));
  }

  private void onAnswered(Buffer buffer) {
    if (phase != Phase.READING) {
      return;
    }
    cancelTimeout();
    if (plan.streamBody() != null && !written) {
      // answered before the streamed body was sent whole (an early error status): the connection cannot be reused
      exchange.reset();
    }
    body = buffer;
    outcome = Outcome.ANSWERED;
    enter(Phase.DONE);
    caller.onSettled(this);
  }

  /**
   * Ends the attempt with a failure, unless it ended already; a handed-out body fails instead.
   *
   * @param nodeFailed whether the failure says the node is unwell, which takes it out of rotation
   */
  private void fail(ElasticsearchException failure, boolean nodeFailed) {
    if (phase == Phase.STREAMING) {
      stream.fail(failure);
    } else if (phase != Phase.DONE) {
      end(failure, nodeFailed);
      caller.onSettled(this);
    }
  }

  /**
   * Ends the attempt because its call ends (cancelled, closed, out of time), without telling the call: an exchange
   * in flight is reset, a handed-out body fails with the error.
   *
   * @param failure the call's error
   */
  void abort(ElasticsearchException failure) {
    if (phase == Phase.STREAMING) {
      stream.fail(failure);
    } else if (phase != Phase.DONE) {
      end(failure, false);
    }
  }

  private void end(ElasticsearchException failure, boolean unwell) {
    cancelTimeout();
    error = failure;
    nodeFailed = unwell;
    outcome = written || status != 0 ? Outcome.MAYBE_APPLIED : Outcome.NOT_SENT;
    phase = Phase.DONE; // before the reset, whose own failure events are then ignored
    if (exchange != null) {
      exchange.reset();
    }
    if (plan.streamBody() != null) {
      plan.streamBody().stop();
    }
    enter(Phase.DONE);
  }

  private void onStreamEnd(Throwable failure) {
    cancelTimeout();
    if (failure instanceof ElasticsearchException e) {
      error = e;
    }
    enter(Phase.DONE);
    caller.onStreamEnd(failure);
  }

  private void enter(Phase next) {
    phase = next;
    if (observer != null) {
      observer.onPhase(this);
    }
  }

  private void onTimeout() {
    timeoutTask = null;
    if (phase == Phase.DONE) {
      return;
    }
    long idle = idleNanos();
    long limit = TimeUnit.MILLISECONDS.toNanos(plan.timeout());
    if (idle >= 0 && idle < limit) {
      // progress within the timeout: it bounds each gap, not the whole exchange
      timeoutTask = schedule(Math.max(1, TimeUnit.NANOSECONDS.toMillis(limit - idle)));
      return;
    }
    if (phase == Phase.STREAMING) {
      stream.fail(new RequestTimeoutException("No data of the streamed answer within the request timeout of "
        + plan.timeout() + " ms", node.url, null, true));
      return;
    }
    // The node accepted the connection: it is slow, not gone. It stays in rotation.
    fail(new RequestTimeoutException("No answer within the request timeout of " + plan.timeout() + " ms", node.url,
      null, written), false);
  }

  /** @return nanoseconds since the last progress of a streamed body or answer, {@code -1} when neither moves */
  private long idleNanos() {
    long now = System.nanoTime();
    if (phase == Phase.STREAMING) {
      return stream.idleNanos(now);
    }
    if (phase == Phase.WRITING && plan.streamBody() != null) {
      return now - plan.streamBody().lastProgress();
    }
    return -1;
  }

  /** Not a Vert.x timer: those die with the caller's verticle, while a shared transport must finish the request. */
  private ScheduledFuture<?> schedule(long delay) {
    return context.nettyEventLoop().schedule(() -> context.runOnContext(v -> onTimeout()), delay,
      TimeUnit.MILLISECONDS);
  }

  private void cancelTimeout() {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
      timeoutTask = null;
    }
  }

  /**
   * @param errors the call's failed attempts before this one, or {@code null}
   * @return the answer as the call's response, with the body read whole or none (a handed-out body)
   */
  TransportResponse response(List<ElasticsearchException> errors) {
    List<String> warnings = headers.contains("Warning") ? List.copyOf(headers.getAll("Warning")) : List.of();
    return new TransportResponse(status, headers, body != null ? body : Buffer.buffer(), node.url, warnings,
      errors == null ? List.of() : List.copyOf(errors));
  }

  /** @return the handed-out body, or {@code null} */
  ResponseBodyStream stream() {
    return stream;
  }

  /** @return the whole body read, or {@code null} */
  Buffer body() {
    return body;
  }

  boolean written() {
    return written;
  }

  boolean nodeFailed() {
    return nodeFailed;
  }

  PooledNode pooledNode() {
    return node;
  }

  @Override
  public int number() {
    return number;
  }

  @Override
  public Node node() {
    return node;
  }

  @Override
  public Phase phase() {
    return phase;
  }

  @Override
  public Outcome outcome() {
    return outcome;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public ElasticsearchException error() {
    return error;
  }
}
