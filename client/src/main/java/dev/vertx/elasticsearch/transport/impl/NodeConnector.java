package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * The seam between the request path and the sockets: the connections to the nodes, one HTTP exchange at a time.
 * {@link HttpNodeConnector} is the Vert.x {@code HttpClient}; unit tests put an in-memory node behind it. Everything
 * is called, and completes, on the call's context.
 */
public interface NodeConnector {

  /**
   * Waits for a connection to the node and opens an exchange on it; nothing of the request is written yet.
   *
   * @param node the node
   * @param method the method
   * @param uri the encoded path and query, with the node's path prefix
   * @param headers the request headers (not modified)
   * @return the exchange; fails with a {@code java.util.concurrent.TimeoutException} when no connection was free
   *     within the pool wait timeout, {@code io.vertx.core.http.ConnectionPoolTooBusyException} when the wait queue
   *     is full, or the connection's failure (refused, TLS, timeout)
   */
  Future<Exchange> open(PooledNode node, HttpMethod method, String uri, MultiMap headers);

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

    /** @return completes when the answer's head arrived; fails when the connection broke first */
    Future<Answer> answer();

    /** Aborts the exchange: the connection is closed, never reused. Idempotent. */
    void reset();
  }

  /** An answer: its head, and its body as a paused-on-demand stream. */
  interface Answer extends ReadStream<Buffer> {

    /** @return the status */
    int status();

    /** @return the headers */
    MultiMap headers();
  }
}
