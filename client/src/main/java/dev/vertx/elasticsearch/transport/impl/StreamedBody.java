package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.RequestTooLargeException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.error.TransportException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * A request body read from a {@link ReadStream}, written into the HTTP request as it is read, never held whole:
 * back-pressure from the connection pauses the source ({@code writeQueueFull} / drain), its bytes are counted against
 * the maximum request size as they pass, and each chunk is gzip-compressed on its way when asked. It can be sent
 * once: after its first byte (or its end) was read it cannot be sent again, and the attempt that read it is the only
 * one ({@link #consumed()}). Until then an attempt that never reached the writing phase leaves it untouched.
 */
final class StreamedBody {

  private final ReadStream<Buffer> source;
  private final long maxSize;
  private final boolean gzip;
  private volatile long bytesRead;
  private volatile boolean ended;
  private volatile long lastProgress;
  /** The request being written, {@code null} when detached; with the encoder, guarded by {@code this}. */
  private WriteStream<Buffer> target;
  private GzipEncoder encoder;
  private Promise<Void> sent;

  /**
   * Pauses the source at once, so that nothing is read before a connection is ready.
   *
   * @param source the body
   * @param maxSize the largest body in bytes, before compression
   * @param gzip whether to compress it
   */
  StreamedBody(ReadStream<Buffer> source, long maxSize, boolean gzip) {
    this.source = source;
    this.maxSize = maxSize;
    this.gzip = gzip;
    source.pause();
  }

  /** @return whether a byte or the end of the source was read, so that it cannot be sent again */
  boolean consumed() {
    return bytesRead > 0 || ended;
  }

  /** @return {@link System#nanoTime()} when a chunk was last read or the connection last drained */
  long lastProgress() {
    return lastProgress;
  }

  /**
   * Writes the body into a request (chunked) and ends it. The source may emit on another thread than the caller's:
   * the state is guarded, and no lock is held while the source or the request is called.
   *
   * @param request the request as a chunked stream, its headers set
   * @return completes when the request was ended; fails with {@link RequestTooLargeException} when the body passes
   *     the maximum size, or {@link SerializationException} when the source fails (the caller resets the request)
   */
  Future<Void> sendTo(WriteStream<Buffer> request) {
    if (consumed()) {
      return Future.failedFuture(new IllegalStateException("The streamed body was read already"));
    }
    Promise<Void> promise = Promise.promise();
    synchronized (this) {
      target = request;
      sent = promise;
      encoder = gzip ? new GzipEncoder() : null;
    }
    lastProgress = System.nanoTime();
    source.handler(this::onChunk);
    source.endHandler(v -> onEnd());
    source.exceptionHandler(err -> fail(new SerializationException("The request body stream failed: " + err, err)));
    source.resume();
    return promise.future();
  }

  private void onChunk(Buffer chunk) {
    bytesRead += chunk.length();
    lastProgress = System.nanoTime();
    if (bytesRead > maxSize) {
      fail(new RequestTooLargeException("The streamed request body passed the maximum request size of " + maxSize
        + " bytes; the request was aborted before its end"));
      return;
    }
    WriteStream<Buffer> request;
    Buffer out;
    synchronized (this) {
      request = target;
      if (request == null) {
        return;
      }
      out = encoder == null ? chunk : encoder.encode(chunk);
    }
    if (out.length() > 0) {
      request.write(out);
    }
    if (request.writeQueueFull()) {
      source.pause();
      request.drainHandler(v -> {
        lastProgress = System.nanoTime();
        if (attached()) {
          source.resume();
        }
      });
    }
  }

  private void onEnd() {
    ended = true;
    lastProgress = System.nanoTime();
    WriteStream<Buffer> request;
    Buffer tail;
    Promise<Void> done;
    synchronized (this) {
      request = target;
      if (request == null) {
        return;
      }
      tail = encoder == null ? null : encoder.finish();
      encoder = null;
      done = sent;
    }
    detach();
    (tail == null ? request.end() : request.end(tail)).onComplete(ar -> {
      // The wait for the answer starts now: the request timeout bounds it from here.
      lastProgress = System.nanoTime();
      done.handle(ar);
    });
  }

  private void fail(ElasticsearchException error) {
    Promise<Void> done;
    synchronized (this) {
      done = sent;
    }
    stop();
    if (done != null) {
      done.tryFail(error);
    }
  }

  private synchronized boolean attached() {
    return target != null;
  }

  /** Stops reading (the attempt ended early); the source stays paused. Idempotent. */
  void stop() {
    if (attached()) {
      source.pause();
      detach();
    }
  }

  private void detach() {
    synchronized (this) {
      target = null;
      if (encoder != null) {
        encoder.release();
        encoder = null;
      }
    }
    source.handler(null);
    source.endHandler(null);
    source.exceptionHandler(null);
  }

  /**
   * The error of an attempt that would have been retried, but whose streamed body was read already: the same kind of
   * error (with the same maybe-applied flag and node), saying why it was not retried.
   *
   * @param error the attempt's error
   * @return the error to report
   */
  static ElasticsearchException notRetried(ElasticsearchException error) {
    String note = "; not retried: the request body is a stream, read by this attempt, and cannot be sent again";
    if (error instanceof RequestTimeoutException t) {
      return new RequestTimeoutException(base(t) + note, t.node(), t, t.maybeApplied());
    }
    if (error instanceof ConnectionException c) {
      return new ConnectionException(base(c) + note, c.node(), c, c.maybeApplied());
    }
    return error;
  }

  /** The message without the node and maybe-applied suffixes that the constructor adds again. */
  private static String base(TransportException e) {
    String m = e.getMessage();
    String node = " [node " + e.node() + "]";
    if (e.node() != null && m.endsWith(node)) {
      m = m.substring(0, m.length() - node.length());
    }
    String maybe = " after the whole request was sent: it may have been applied";
    return m.endsWith(maybe) ? m.substring(0, m.length() - maybe.length()) : m;
  }
}
