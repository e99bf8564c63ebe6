package dev.vertx.elasticsearch.error;

/**
 * No usable answer came back from Elasticsearch: the connection failed, timed out, TLS failed, no pooled connection
 * was free, the body could not be read or written, the server is not Elasticsearch, or the client is closed.
 * <p>
 * {@link #maybeApplied()} tells whether Elasticsearch may have applied the request anyway: {@code true} when the
 * failure came after the whole request was written (a reset or a timeout while waiting for the answer). Such a
 * request is retried only when repeating it cannot change the result (reads, writes by id) or when the caller opted
 * in; otherwise the error reaches the caller with that flag set and says so in its message.
 */
public class TransportException extends ElasticsearchException {

  /** The URL of the node involved, without credentials, or {@code null}. */
  private final String node;
  /** Whether Elasticsearch may have applied the request. */
  private final boolean maybeApplied;

  /**
   * An error for a request that was not applied (or never reached a node).
   *
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public TransportException(String message, String node, Throwable cause) {
    this(message, node, cause, false);
  }

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   * @param maybeApplied whether the whole request had been written when the failure came, so that Elasticsearch may
   *     have applied it
   */
  public TransportException(String message, String node, Throwable cause, boolean maybeApplied) {
    super((maybeApplied ? message + " after the whole request was sent: it may have been applied" : message)
      + (node == null ? "" : " [node " + node + "]"), cause);
    this.node = node;
    this.maybeApplied = maybeApplied;
  }

  /** @return the URL of the node involved, without credentials, or {@code null} when no node was involved */
  public String node() {
    return node;
  }

  /**
   * @return {@code true} when this failure, or that of an earlier attempt of the same request, came after the whole
   *     request was written, so that Elasticsearch may have applied it (outcome unknown); {@code false} when it was
   *     certainly not applied
   */
  public boolean maybeApplied() {
    if (maybeApplied) {
      return true;
    }
    for (ElasticsearchException earlier : attemptErrors()) {
      if (earlier instanceof TransportException t && t.maybeApplied) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String getMessage() {
    String message = super.getMessage();
    return maybeApplied || !maybeApplied() ? message : message + "; an earlier attempt may have been applied";
  }
}
