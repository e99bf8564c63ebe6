package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.net.ProxyOptions;

/** Refuses TLS settings that contradict each other, before a transport is built from them. */
final class ConnectionSettings {

  private ConnectionSettings() {
  }

  /**
   * @param o the options
   * @throws IllegalArgumentException when Vert.x trust options are combined with another way of trusting the server
   *     (a CA path, a pinned fingerprint, no verification), or Vert.x key/certificate options with PEM paths
   */
  static void checkExclusive(TransportOptions o) {
    if (o.getTrustOptions() != null) {
      if (o.getCaCertificatePath() != null) {
        throw conflict("trustOptions and caCertificatePath");
      }
      if (o.getCertificateFingerprint() != null) {
        throw conflict("trustOptions and certificateFingerprint");
      }
      if (!o.isVerifyCertificates()) {
        throw conflict("trustOptions and verifyCertificates=false");
      }
    }
    if (o.getKeyCertOptions() != null && (o.getClientCertificatePath() != null || o.getClientKeyPath() != null)) {
      throw conflict("keyCertOptions and clientCertificatePath/clientKeyPath");
    }
    ProxyOptions proxy = o.getProxyOptions();
    if (proxy != null && (proxy.getHost() == null || proxy.getType() == null)) {
      throw new IllegalArgumentException("proxyOptions need a host and a type");
    }
  }

  private static IllegalArgumentException conflict(String what) {
    return new IllegalArgumentException(what + " are both set: they are two ways of configuring the same thing, use one");
  }
}
