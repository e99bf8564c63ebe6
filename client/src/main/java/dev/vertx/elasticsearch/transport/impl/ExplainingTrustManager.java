package dev.vertx.elasticsearch.transport.impl;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Decides exactly as the trust manager it wraps, and when that refuses a node's certificate, throws a
 * {@link RejectedCertificateException} that tells whether the chain is not trusted or the host name does not match,
 * naming the certificate. The two are told apart after a refusal only: the chain is checked again without the host
 * name; if it passes, the host name was the problem.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {

  private final X509ExtendedTrustManager delegate;

  private ExplainingTrustManager(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  /**
   * @param managers trust managers, e.g. of a {@code TrustManagerFactory}
   * @return the same managers, those that check host names too ({@link X509ExtendedTrustManager}) wrapped
   */
  static TrustManager[] wrap(TrustManager[] managers) {
    if (managers == null) {
      return null;
    }
    TrustManager[] wrapped = managers.clone();
    for (int i = 0; i < wrapped.length; i++) {
      if (wrapped[i] instanceof X509ExtendedTrustManager extended && !(extended instanceof ExplainingTrustManager)) {
        wrapped[i] = new ExplainingTrustManager(extended);
      }
    }
    return wrapped;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
    throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      boolean checksHost = engine != null && engine.getSSLParameters().getEndpointIdentificationAlgorithm() != null;
      throw explain(chain, authType, checksHost ? peerHost(engine.getHandshakeSession(), engine.getPeerHost()) : null,
        e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
    throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      String host = null;
      if (socket instanceof SSLSocket ssl && ssl.getSSLParameters().getEndpointIdentificationAlgorithm() != null) {
        host = peerHost(ssl.getHandshakeSession(), socket.getInetAddress() == null ? null
          : socket.getInetAddress().getHostAddress());
      }
      throw explain(chain, authType, host, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw explain(chain, authType, null, e);
    }
  }

  private static String peerHost(SSLSession handshake, String orElse) {
    return handshake != null && handshake.getPeerHost() != null ? handshake.getPeerHost() : orElse;
  }

  /**
   * @param host the host name checked against the certificate, or {@code null} when none was checked
   * @return the refusal, explained
   */
  private CertificateException explain(X509Certificate[] chain, String authType, String host,
                                       CertificateException refusal) {
    if (refusal instanceof RejectedCertificateException || chain == null || chain.length == 0) {
      return refusal;
    }
    RejectedCertificateException.Reason reason = RejectedCertificateException.Reason.NOT_TRUSTED;
    if (host != null) {
      try {
        delegate.checkServerTrusted(chain, authType);
        reason = RejectedCertificateException.Reason.HOST_NAME_MISMATCH;
      } catch (CertificateException notTrusted) {
        // the chain itself is refused
      }
    }
    return new RejectedCertificateException(reason, chain[0], host, refusal);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
    throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
    throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
