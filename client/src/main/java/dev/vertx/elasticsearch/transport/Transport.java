package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.transport.impl.HttpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Sends HTTP requests to a pool of Elasticsearch nodes: picks a live node, retries on another one with backoff,
 * marks failing nodes dead for a while, sniffs the cluster, authenticates, compresses and checks the product.
 * It knows nothing of endpoints. Thread-safe; futures complete on the caller's Vert.x context (a new event-loop
 * context when called from a non-Vert.x thread).
 */
public interface Transport {

  /**
   * Creates a transport. It opens no connection until the first request (or the first sniff, with
   * {@code sniffOnStart}).
   *
   * @param vertx the Vert.x instance whose event loops run the transport
   * @param options the settings, copied
   * @return the transport
   * @throws IllegalArgumentException for an invalid host URL or conflicting credentials
   */
  static Transport create(Vertx vertx, TransportOptions options) {
    return new HttpTransport(vertx, options);
  }

  /**
   * Runs a request with retries and failover.
   *
   * @param request the request
   * @param options per-request settings laid over the transport's, or {@code null}
   * @return the response for any status the node answered with (mapping error statuses to exceptions is the
   *     caller's job); fails with a {@code TransportException} when no answer could be had, with the errors of
   *     earlier attempts attached
   */
  Future<TransportResponse> perform(TransportRequest request, CallOptions options);

  /**
   * Runs a request as {@link #perform(TransportRequest, CallOptions)} does, observed by an instrumentation besides
   * the transport's own: the client passes its tracing and metrics this way. This default ignores the
   * instrumentation; the Vert.x transport calls it for the call and every attempt.
   *
   * @param request the request; frozen by the transport
   * @param options per-request settings laid over the transport's, or {@code null}
   * @param instrumentation observes this call, or {@code null}
   * @return as {@link #perform(TransportRequest, CallOptions)}
   */
  default Future<TransportResponse> perform(TransportRequest request, CallOptions options,
                                            Instrumentation instrumentation) {
    return perform(request, options);
  }

  /**
   * Runs a request as {@link #perform} does, but hands a 2xx answer's body out as a back-pressured stream instead of
   * reading it whole: for answers too large to hold or that never end on their own (server-sent events, {@code _cat}
   * text, CSV or Arrow exports). Retries happen only before the answer's head arrives. The product check applies to
   * 2xx answers; other statuses come with their body read whole ({@code maxResponseSize}), replayed by the stream.
   * The request timeout bounds the wait for the answer's head and then each gap in which the stream waits for data;
   * {@code maxResponseSize} does not apply to a streamed body.
   *
   * @param request the request
   * @param options per-request settings laid over the transport's, or {@code null}
   * @return the answer with its body as a stream; fails as {@link #perform} does. This default fails with
   *     {@code UnsupportedOperationException}
   */
  default Future<TransportStream> performStream(TransportRequest request, CallOptions options) {
    return Future.failedFuture(new UnsupportedOperationException(getClass().getName() + " does not stream answers"));
  }

  /**
   * Runs a request as {@link #performStream(TransportRequest, CallOptions)} does, observed by an instrumentation
   * besides the transport's own until the streamed body ends. This default ignores the instrumentation.
   *
   * @param request the request; frozen by the transport
   * @param options per-request settings laid over the transport's, or {@code null}
   * @param instrumentation observes this call, or {@code null}
   * @return as {@link #performStream(TransportRequest, CallOptions)}
   */
  default Future<TransportStream> performStream(TransportRequest request, CallOptions options,
                                                Instrumentation instrumentation) {
    return performStream(request, options);
  }

  /** @return a snapshot of the pool's nodes with their state */
  List<Node> nodes();

  /**
   * Asks the cluster for its nodes ({@code GET /_nodes/_all/http}) and makes the pool match: new nodes are added,
   * nodes that left are removed, known nodes keep their state.
   *
   * @return the pool after the sniff; fails with a {@code TransportException} when no node answered
   */
  Future<List<Node>> sniff();

  /**
   * Closes the transport: cancels its timers, fails pending requests with {@code ClientClosedException} and closes
   * its connections. Idempotent; later requests fail fast.
   *
   * @return completes when the connections are closed
   */
  Future<Void> close();
}
