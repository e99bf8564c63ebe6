package dev.vertx.elasticsearch.transport;

import io.vertx.core.MultiMap;

/**
 * Sees every attempt of one request, e.g. to trace it. Called on the request's Vert.x context; must not block.
 */
public interface AttemptListener {

  /**
   * Called for each attempt, on a duplicated Vert.x context of its own; the listener must run {@code send}
   * synchronously, and may make a tracing context current around it so that the HTTP client sees it.
   *
   * @param attempt the attempt number, from 1
   * @param node the node the attempt goes to
   * @param send issues the HTTP request
   */
  void onAttempt(int attempt, Node node, Runnable send);

  /**
   * Called once when an attempt ends.
   *
   * @param attempt the attempt number, from 1
   * @param node the node it went to
   * @param status the HTTP status, or {@code 0} when no answer came
   * @param headers the response headers, or {@code null} when no answer came
   * @param error the failure, or {@code null} when an answer came
   */
  void onAttemptEnd(int attempt, Node node, int status, MultiMap headers, Throwable error);
}
