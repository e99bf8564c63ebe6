package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;

/**
 * Trusts a server whose certificate chain contains a certificate with the pinned SHA-256 fingerprint (the leaf or
 * the CA, as Elasticsearch prints at first start), and nothing else.
 */
final class FingerprintTrustManager implements X509TrustManager {

  private final byte[] expected;

  /**
   * @param fingerprint hex SHA-256, with or without colons
   * @throws IllegalArgumentException when it is not 32 bytes of hex
   */
  FingerprintTrustManager(String fingerprint) {
    String hex = fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
    try {
      this.expected = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("certificateFingerprint must be a hex SHA-256 fingerprint");
    }
    if (expected.length != 32) {
      throw new IllegalArgumentException("certificateFingerprint must be a SHA-256 fingerprint (32 bytes), got "
        + expected.length + " bytes");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain != null) {
      for (X509Certificate cert : chain) {
        if (MessageDigest.isEqual(expected, sha256(cert))) {
          return;
        }
      }
    }
    if (chain == null || chain.length == 0) {
      throw new CertificateException("The node presented no certificate");
    }
    throw new RejectedCertificateException(RejectedCertificateException.Reason.FINGERPRINT_MISMATCH, chain[0], null,
      null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("A client transport does not trust client certificates");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  /** @return Vert.x trust options that trust exactly what this manager trusts */
  TrustOptions asTrustOptions() {
    FingerprintTrustManager manager = this;
    return new TrustOptions() {
      @Override
      public TrustOptions copy() {
        return this;
      }

      @Override
      public TrustManagerFactory getTrustManagerFactory(Vertx vertx) {
        return ExplainingTrustOptions.factoryOf(new TrustManager[] {manager});
      }

      @Override
      public Function<String, TrustManager[]> trustManagerMapper(Vertx vertx) {
        return serverName -> new TrustManager[] {manager};
      }
    };
  }

  static byte[] sha256(X509Certificate cert) throws CertificateEncodingException {
    try {
      return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
