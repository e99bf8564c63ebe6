package dev.vertx.elasticsearch.error;

/**
 * The caller cancelled the call: through a {@code dev.vertx.elasticsearch.transport.Cancellation} token, or by
 * cancelling the {@code CompletableFuture} of a typed call. The request in flight, if any, was reset; none is retried.
 * <p>
 * {@link #maybeApplied()} is {@code true} when the whole request had been written before the cancel, or an earlier
 * attempt's failure came after that: Elasticsearch may then have applied it (outcome unknown). It is {@code false}
 * when the request was not sent, or only in part.
 */
public class RequestCancelledException extends TransportException {

  /**
   * @param message what was cancelled, without credentials
   * @param node the URL of the node the request was sent to (without credentials), or {@code null} when none
   * @param maybeApplied whether the whole request had been written when it was cancelled
   */
  public RequestCancelledException(String message, String node, boolean maybeApplied) {
    super(message, node, null, maybeApplied);
  }
}
