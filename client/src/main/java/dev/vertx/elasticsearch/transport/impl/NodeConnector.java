package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * The seam between the request path and the sockets: the connections to the nodes, one HTTP exchange at a time.
 * {@link HttpNodeConnector} is the Vert.x {@code HttpClient}; unit tests put an in-memory node behind it. Everything
 * is called, and completes, on the call's context. The steps of an exchange report to callbacks rather than return
 * futures: every request passes here, and a mapped future costs allocations a callback does not.
 */
public interface NodeConnector {

  /**
   * Waits for a connection to the node and opens an exchange on it; nothing of the request is written yet.
   *
   * @param node the node
   * @param method the method
   * @param uri the encoded path and query, with the node's path prefix
   * @param headers the request headers (not modified)
   * @param opened told once of the exchange, or of a {@link dev.vertx.elasticsearch.error.PoolExhaustedException}
   *     when no connection was free within the pool wait timeout or the wait queue is full, or of the connection's
   *     failure (refused, TLS, timeout)
   */
  void open(PooledNode node, HttpMethod method, String uri, MultiMap headers, Completable<Exchange> opened);

  /** @return completes when every connection is closed */
  Future<Void> close();

  /** One request and its answer on one connection. */
  interface Exchange {

    /**
     * Writes the whole body and ends the request.
     *
     * @param body the body, or {@code null} for none
     * @return completes when the request was written whole
     */
    Future<Void> end(Buffer body);

    /** @return the request as a chunked stream, for a body written as it is read; its {@code end} ends the request */
    WriteStream<Buffer> bodyStream();

    /** @param answered told once, when the answer's head arrived, or of the failure when the connection broke first */
    void answer(Completable<Answer> answered);

    /** Aborts the exchange: the connection is closed, never reused. Idempotent. */
    void reset();
  }

  /** An answer: its head, and its body as a paused-on-demand stream. */
  interface Answer extends ReadStream<Buffer> {

    /** @return the status */
    int status();

    /** @return the headers */
    MultiMap headers();

    /** @return the body length the head announces, {@code -1} when unknown or not the body's (compressed) */
    default long declaredLength() {
      String length = headers().get("content-length");
      if (length == null || length.isEmpty() || length.length() >= 19 || headers().get("content-encoding") != null) {
        return -1; // count the bytes
      }
      for (int i = 0; i < length.length(); i++) {
        if (length.charAt(i) < '0' || length.charAt(i) > '9') {
          return -1;
        }
      }
      return Long.parseLong(length);
    }
  }
}
