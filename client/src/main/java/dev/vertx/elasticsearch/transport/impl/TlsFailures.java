package dev.vertx.elasticsearch.transport.impl;

/**
 * Words for a failed TLS handshake: what the client's trust manager found wrong with the node's certificate (see
 * {@link RejectedCertificateException}), else the innermost cause, which says more than the wrappers above it (Vert.x
 * reports every handshake failure as "Failed to create SSL connection").
 */
final class TlsFailures {

  /** Bounds the walk down a cause chain. */
  private static final int MAX_DEPTH = 32;

  private TlsFailures() {
  }

  /**
   * @param failure the handshake failure, as the HTTP client reported it
   * @return what went wrong, for an error message
   */
  static String describe(Throwable failure) {
    String innermost = null;
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof RejectedCertificateException) {
        return t.getMessage();
      }
      if (t.getMessage() != null) {
        innermost = t.getMessage();
      }
    }
    return innermost == null ? failure.getClass().getSimpleName() : innermost;
  }
}
