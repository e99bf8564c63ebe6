package dev.vertx.elasticsearch.testing;

import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.vertx.core.Future;

import java.util.List;

/**
 * A transport that sends nothing and answers every request at once: with a canned response, or what a subclass's
 * {@link #answer} makes. It has no nodes; sniffing finds none.
 */
public class CannedTransport implements Transport {

  private final TransportResponse canned;

  /** @param canned the answer to every request, {@code null} when a subclass makes its answers */
  public CannedTransport(TransportResponse canned) {
    this.canned = canned;
  }

  /**
   * @param request the request
   * @return the answer to it; by default the canned response
   */
  protected TransportResponse answer(TransportRequest request) {
    return canned;
  }

  @Override
  public Future<TransportResponse> perform(TransportRequest request, CallOptions options) {
    return Future.succeededFuture(answer(request));
  }

  @Override
  public List<Node> nodes() {
    return List.of();
  }

  @Override
  public Future<List<Node>> sniff() {
    return Future.succeededFuture(List.of());
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
