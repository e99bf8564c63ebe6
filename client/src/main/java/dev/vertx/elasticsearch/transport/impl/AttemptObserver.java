package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * Sees each attempt of a request once it has a connection to its node, e.g. to report it to the Vert.x metrics SPI.
 * Called on the request's context; must not block.
 */
interface AttemptObserver {

  /**
   * An attempt has a connection and its request is about to be written.
   *
   * @param node the node it goes to
   * @param request the HTTP request
   * @return the attempt's observation, or {@code null} to observe nothing more of it
   */
  Attempt begin(PooledNode node, HttpClientRequest request);

  /** Releases what the observer holds; called once, when the transport is closed. */
  void close();

  /** One attempt: {@link #responseEnd()} or {@link #reset()} ends it, once. */
  interface Attempt {

    /** The request was written whole. */
    void requestEnd();

    /** @param response the answer, whose headers arrived */
    void responseBegin(HttpClientResponse response);

    /** The whole answer was read. */
    void responseEnd();

    /** The attempt failed before a whole answer was read: reset, timeout, answer too large, close. */
    void reset();
  }
}
