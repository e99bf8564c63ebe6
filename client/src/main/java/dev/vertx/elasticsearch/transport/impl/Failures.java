package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.ConnectionTimeoutException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.ResponseTooLargeException;
import dev.vertx.elasticsearch.error.TlsException;
import io.netty.channel.ConnectTimeoutException;

import java.net.ConnectException;
import javax.net.ssl.SSLException;

/** Turns Vert.x and Netty failures into the client's error types, keeping the cause. */
final class Failures {

  private Failures() {
  }

  /**
   * @param cause what failed
   * @param node the node of the attempt
   * @param written whether the whole request had been written, so that it may have been applied
   * @return the client's error for it
   */
  static ElasticsearchException map(Throwable cause, PooledNode node, boolean written) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ElasticsearchException) {
        return (ElasticsearchException) t;
      }
      if (t instanceof SSLException) {
        return new TlsException("TLS with the node failed: " + TlsFailures.describe(t), node.url, cause);
      }
      if (t instanceof ConnectTimeoutException) {
        return new ConnectionTimeoutException("Connecting to the node timed out", node.url, cause);
      }
      if (t instanceof ConnectException) {
        return new ConnectionException("The node refused the connection", node.url, cause);
      }
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ConnectionException("The connection to the node failed: " + message, node.url, cause, written);
  }

  static ResponseTooLargeException tooLarge(PooledNode node, long max) {
    return new ResponseTooLargeException("The response body exceeds the maximum response size of " + max + " bytes",
      node.url, null);
  }
}
