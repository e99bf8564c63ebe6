package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ElasticsearchException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The body of a streamed 2xx answer: the HTTP response, held paused until a data handler is set, with the demand
 * the reader expressed tracked so that the request timeout bounds only the gaps in which the reader waits for data
 * ({@link #idleNanos}). Its end, its failure or a cancel settles the execution ({@code done}); a failure reaches the
 * exception handler even when it is set afterwards. Runs on the execution's context.
 */
final class ResponseBodyStream implements ReadStream<Buffer> {

  private final NodeConnector.Answer response;
  private final NodeConnector.Exchange request;
  private final Consumer<Throwable> done;
  private final Promise<Void> completion;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  /** Items asked for: {@code Long.MAX_VALUE} when flowing. */
  private long demand = Long.MAX_VALUE;
  private long lastProgress = System.nanoTime();
  private boolean finished;
  /** Whether the body was read to its end (an end handler set afterwards is called at once). */
  private boolean ended;
  private Throwable failure;

  /**
   * @param response the answer, its body not read yet
   * @param request its exchange, reset when the body fails or is cancelled
   * @param node the node that answers
   * @param done settles the call, once: with {@code null} when the body ended, else the failure
   * @param completion completes when the body ended, fails when it failed or was cancelled
   */
  ResponseBodyStream(NodeConnector.Answer response, NodeConnector.Exchange request, PooledNode node,
                     Consumer<Throwable> done,
                     Promise<Void> completion) {
    this.response = response;
    this.request = request;
    this.done = done;
    this.completion = completion;
    response.pause();
    response.handler(this::onChunk);
    response.endHandler(v -> onEnd());
    response.exceptionHandler(err -> fail(Failures.map(err, node, true)));
  }

  /** @return completes when the body ended, fails when it failed or was cancelled */
  Future<Void> completion() {
    return completion.future();
  }

  @Override
  public synchronized ReadStream<Buffer> handler(Handler<Buffer> handler) {
    boolean first = this.handler == null && handler != null;
    this.handler = handler;
    if (first && !finished) {
      lastProgress = System.nanoTime();
      if (demand == Long.MAX_VALUE) {
        response.resume();
      } else if (demand > 0) {
        response.fetch(demand);
      }
    }
    return this;
  }

  @Override
  public synchronized ReadStream<Buffer> pause() {
    demand = 0;
    response.pause();
    return this;
  }

  @Override
  public synchronized ReadStream<Buffer> resume() {
    demand = Long.MAX_VALUE;
    lastProgress = System.nanoTime();
    if (handler != null) {
      response.resume();
    }
    return this;
  }

  @Override
  public synchronized ReadStream<Buffer> fetch(long amount) {
    if (amount > 0) {
      boolean wasWaiting = demand == 0;
      demand = demand == Long.MAX_VALUE || Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
      if (wasWaiting) {
        lastProgress = System.nanoTime();
      }
      if (handler != null) {
        response.fetch(amount);
      }
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    boolean now;
    synchronized (this) {
      this.endHandler = endHandler;
      now = ended && endHandler != null;
    }
    if (now) {
      endHandler.handle(null);
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    Throwable pending;
    synchronized (this) {
      this.exceptionHandler = handler;
      pending = failure;
      failure = null;
    }
    if (pending != null && handler != null) {
      handler.handle(pending);
    }
    return this;
  }

  /**
   * @param now {@link System#nanoTime()}
   * @return how long the reader has waited for data it asked for, {@code 0} when it asks for none, {@code -1} once
   *     the body ended
   */
  synchronized long idleNanos(long now) {
    if (finished) {
      return -1;
    }
    return handler == null || demand == 0 ? 0 : now - lastProgress;
  }

  private void onChunk(Buffer chunk) {
    Handler<Buffer> h;
    synchronized (this) {
      if (finished) {
        return;
      }
      lastProgress = System.nanoTime();
      if (demand != Long.MAX_VALUE && demand > 0) {
        demand--;
      }
      h = handler;
    }
    if (h != null) {
      h.handle(chunk);
    }
  }

  private void onEnd() {
    Handler<Void> h;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      ended = true;
      h = endHandler;
    }
    done.accept(null);
    completion.tryComplete();
    if (h != null) {
      h.handle(null);
    }
  }

  /**
   * Fails the body (timeout, broken connection, client closed) and resets the connection.
   *
   * @param error the error the reader gets
   */
  void fail(ElasticsearchException error) {
    Handler<Throwable> h;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      h = exceptionHandler;
      if (h == null) {
        failure = error;
      }
    }
    request.reset();
    done.accept(error);
    completion.tryFail(error);
    if (h != null) {
      h.handle(error);
    }
  }

  /** The reader abandons the body. */
  void cancel() {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
    }
    request.reset();
    CancellationException cancelled = new CancellationException("The response body was cancelled");
    done.accept(cancelled);
    completion.tryFail(cancelled);
  }
}
