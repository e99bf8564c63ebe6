package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.helpers.BulkItemResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes the operations finally reported failed to the dead-letter stream, as the NDJSON lines that were sent, the
 * action line carrying one more member, {@code "_failure"}: {@code {"status":..,"type":..,"reason":..}}. It tells
 * the ingester when the stream is full (hold new requests back) and when it drained, and completes {@link #idle()}
 * once every write completed. Confined to the ingester's context.
 */
final class DeadLetters {

  private final WriteStream<Buffer> stream;
  private final Consumer<Runnable> onContext;
  private final Handler<Throwable> errors;
  private final AtomicLong written = new AtomicLong();
  private int pending;
  private Promise<Void> idle;

  /**
   * @param stream where the failed operations go, or {@code null} for nowhere
   * @param onContext runs an action on the ingester's context (the stream completes its writes on its own)
   * @param errors gets the failures of writing to it
   */
  DeadLetters(WriteStream<Buffer> stream, Consumer<Runnable> onContext, Handler<Throwable> errors) {
    this.stream = stream;
    this.onContext = onContext;
    this.errors = errors;
  }

  /** @return operations written to the stream so far; readable from any thread */
  long written() {
    return written.get();
  }

  /**
   * Writes one failed operation.
   *
   * @param op the operation, with the lines that were sent; one that could not be written as NDJSON has none and is
   *     left to the results and the summary
   * @param result why it failed
   */
  void write(PendingOperation op, BulkItemResult result) {
    Buffer sent = stream == null ? null : op.bytes();
    if (sent == null) {
      return;
    }
    Buffer lines = withFailure(sent, failure(result));
    pending++;
    written.incrementAndGet();
    Future<Void> done;
    try {
      done = stream.write(lines);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> onContext.accept(() -> {
      if (ar.failed()) {
        errors.handle(new IllegalStateException("The dead-letter stream refused the failed operation "
          + op.operation + ": " + ar.cause().getMessage(), ar.cause()));
      }
      if (--pending == 0 && idle != null) {
        Promise<Void> p = idle;
        idle = null;
        p.complete();
      }
    }));
  }

  /** @return whether the stream asks writers to wait */
  boolean full() {
    return stream != null && stream.writeQueueFull();
  }

  /** @param handler called once when the stream can take more */
  void onDrained(Handler<Void> handler) {
    stream.drainHandler(handler);
  }

  /** @return completes once every write made so far completed */
  Future<Void> idle() {
    if (pending == 0) {
      return Future.succeededFuture();
    }
    if (idle == null) {
      idle = Promise.promise();
    }
    return idle.future();
  }

  /** @return the {@code _failure} member of a failed operation */
  static JsonObject failure(BulkItemResult result) {
    JsonObject failure = new JsonObject().put("status", result.status());
    JsonObject error = result.error();
    if (error != null) {
      failure.put("type", error.getString("type")).put("reason", error.getString("reason"));
    } else if (result.cause() != null) {
      failure.put("type", result.cause().getClass().getSimpleName()).put("reason", result.cause().getMessage());
    }
    return failure.put("outcome", result.outcome().name());
  }

  /**
   * @param lines the action line and, but for deletes, the source line, as sent
   * @param failure the member to add to the action line
   * @return the same lines with {@code "_failure"} as the action line's last member
   */
  static Buffer withFailure(Buffer lines, JsonObject failure) {
    int end = 0;
    while (end < lines.length() && lines.getByte(end) != '\n') {
      end++;
    }
    int close = end - 1;
    while (close > 0 && lines.getByte(close) != '}') {
      close--;
    }
    Buffer out = Buffer.buffer(lines.length() + 128);
    out.appendBuffer(lines, 0, close).appendString(",\"_failure\":").appendString(failure.encode());
    return out.appendBuffer(lines, close, lines.length() - close);
  }
}
