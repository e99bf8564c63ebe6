package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * What every attempt of a call sends, and the limits it works within.
 *
 * @param method the method
 * @param uri the encoded path and query, without the node's path prefix
 * @param headers the headers, or {@code null} until the call starts
 * @param body the buffered body (gzipped when asked), or {@code null}
 * @param streamBody the streamed body, or {@code null}
 * @param timeout the request timeout in ms, {@code 0} for none
 * @param maxResponseSize the largest body read whole
 * @param streamResponse whether a 2xx answer's body is handed out as a stream
 */
record AttemptPlan(HttpMethod method, String uri, MultiMap headers, Buffer body, StreamedBody streamBody,
                   long timeout, long maxResponseSize, boolean streamResponse) {

  /** @return the same plan with these headers */
  AttemptPlan withHeaders(MultiMap headers) {
    return new AttemptPlan(method, uri, headers, body, streamBody, timeout, maxResponseSize, streamResponse);
  }
}
