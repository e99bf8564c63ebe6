package dev.vertx.elasticsearch.error;

/** The TLS handshake with a node failed: an untrusted certificate, a fingerprint mismatch or a protocol error. */
public class TlsException extends TransportException {

  /**
   * @param message what went wrong, without credentials
   * @param node the URL of the node involved (without credentials), or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public TlsException(String message, String node, Throwable cause) {
    super(message, node, cause);
  }
}
