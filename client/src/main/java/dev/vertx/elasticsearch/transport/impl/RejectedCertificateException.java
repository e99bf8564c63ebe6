package dev.vertx.elasticsearch.transport.impl;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import javax.security.auth.x500.X500Principal;

/**
 * The client refused the certificate a node presented, and says why in terms of the node's certificate and of the
 * options that fix it: not trusted (by the configured CA or trust store), issued for other host names, or not the
 * pinned one. It names the presented certificate by subject, issuer, names and fingerprint: public data, never
 * anything secret. Thrown from the trust managers inside the TLS handshake, and found again in the handshake
 * failure's cause chain.
 */
final class RejectedCertificateException extends CertificateException {

  /** Why the certificate was refused. */
  enum Reason {
    /** The chain does not lead to a trusted certificate (or the certificate is expired, revoked...). */
    NOT_TRUSTED,
    /** The chain is trusted but the certificate is for other host names than the one connected to. */
    HOST_NAME_MISMATCH,
    /** No certificate of the chain has the pinned fingerprint. */
    FINGERPRINT_MISMATCH
  }

  private final Reason reason;

  /**
   * @param reason why the certificate was refused
   * @param certificate the node's certificate (the first of the chain it presented)
   * @param host the host name or address the client connected to, or {@code null} when unknown
   * @param cause the trust manager's own failure, or {@code null}
   */
  RejectedCertificateException(Reason reason, X509Certificate certificate, String host, Throwable cause) {
    super(describe(reason, certificate, host, cause), cause);
    this.reason = reason;
  }

  /** @return why the certificate was refused */
  Reason reason() {
    return reason;
  }

  private static String describe(Reason reason, X509Certificate certificate, String host, Throwable cause) {
    String certificateText = "subject \"" + name(certificate.getSubjectX500Principal()) + "\", issuer \""
      + name(certificate.getIssuerX500Principal()) + "\"";
    switch (reason) {
      case HOST_NAME_MISMATCH: {
        List<String> names = names(certificate);
        String carried = names.isEmpty() ? "no subject alternative names, only its subject"
          : "the names " + String.join(", ", names);
        return "the host name \"" + host + "\" does not match the node's certificate (" + certificateText
          + "), which carries " + carried + ". Connect with a name the certificate carries, give the node a "
          + "certificate whose subject alternative names include \"" + host + "\", or pin the certificate with "
          + "setCertificateFingerprint (which checks no host name)";
      }
      case FINGERPRINT_MISMATCH:
        return "no certificate of the node's chain has the pinned SHA-256 fingerprint; the node presented "
          + certificateText + " with SHA-256 fingerprint " + fingerprint(certificate)
          + ". Check certificateFingerprint (the fingerprint Elasticsearch printed at its first start, of its HTTP "
          + "CA or certificate)";
      default:
        return "the node's certificate is not trusted (" + certificateText + "): " + whyNotTrusted(certificate, cause)
          + ". Trust the CA that issued it with setCaCertificatePath or setTrustOptions, or pin it with "
          + "setCertificateFingerprint";
    }
  }

  private static String whyNotTrusted(X509Certificate certificate, Throwable cause) {
    try {
      certificate.checkValidity();
    } catch (CertificateExpiredException e) {
      return "it expired on " + Instant.ofEpochMilli(certificate.getNotAfter().getTime());
    } catch (CertificateNotYetValidException e) {
      return "it is not valid before " + Instant.ofEpochMilli(certificate.getNotBefore().getTime());
    }
    String deepest = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        deepest = t.getMessage();
      }
    }
    return deepest == null ? "no trusted certificate issued it" : deepest;
  }

  private static String name(X500Principal principal) {
    return principal.getName(X500Principal.RFC2253);
  }

  /** @return the DNS names and IP addresses of the certificate's subject alternative names, e.g. {@code DNS:es01} */
  static List<String> names(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          Object type = alternative.get(0);
          if (Integer.valueOf(2).equals(type)) {
            names.add("DNS:" + alternative.get(1));
          } else if (Integer.valueOf(7).equals(type)) {
            names.add("IP:" + alternative.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      names.add("(unreadable subject alternative names)");
    }
    return names;
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(FingerprintTrustManager.sha256(certificate));
    } catch (CertificateEncodingException e) {
      return "(unreadable)";
    }
  }
}
