package dev.vertx.elasticsearch.transport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;

import java.util.List;

/**
 * The JSON form of Vert.x TLS options inside {@code TransportOptions}, under the keys Vert.x's own client options use
 * ({@code TCPSSLOptions}): JKS, PKCS#12 and PEM, trust and key/certificate. Other kinds (a key manager factory, say)
 * have no JSON form. Also hides their secrets, and the proxy password, for {@code toString()}.
 */
final class NetOptionsJson {

  private static final String PEM_TRUST = "pemTrustOptions";
  private static final String PFX_TRUST = "pfxTrustOptions";
  private static final String JKS_TRUST = "trustStoreOptions";
  private static final String PEM_KEY_CERT = "pemKeyCertOptions";
  private static final String PFX_KEY_CERT = "pfxKeyCertOptions";
  private static final String JKS_KEY_CERT = "keyStoreOptions";
  private static final List<String> KEYS = List.of(PEM_TRUST, PFX_TRUST, JKS_TRUST, PEM_KEY_CERT, PFX_KEY_CERT,
    JKS_KEY_CERT);
  /** Fields of those options that hold secrets or key material. */
  private static final List<String> SECRETS = List.of("password", "aliasPassword", "value", "keyValues", "certValues");

  private NetOptionsJson() {
  }

  /**
   * @param json a JSON form
   * @return the trust options it holds (PEM first, then PKCS#12, then JKS, as Vert.x reads them), or {@code null}
   */
  static TrustOptions readTrustOptions(JsonObject json) {
    if (json.containsKey(PEM_TRUST)) {
      return new PemTrustOptions(json.getJsonObject(PEM_TRUST));
    } else if (json.containsKey(PFX_TRUST)) {
      return new PfxOptions(json.getJsonObject(PFX_TRUST));
    } else if (json.containsKey(JKS_TRUST)) {
      return new JksOptions(json.getJsonObject(JKS_TRUST));
    }
    return null;
  }

  /**
   * @param json a JSON form
   * @return the key and certificate options it holds (PEM first, then JKS, then PKCS#12, as Vert.x reads them), or
   *     {@code null}
   */
  static KeyCertOptions readKeyCertOptions(JsonObject json) {
    if (json.containsKey(PEM_KEY_CERT)) {
      return new PemKeyCertOptions(json.getJsonObject(PEM_KEY_CERT));
    } else if (json.containsKey(JKS_KEY_CERT)) {
      return new JksOptions(json.getJsonObject(JKS_KEY_CERT));
    } else if (json.containsKey(PFX_KEY_CERT)) {
      return new PfxOptions(json.getJsonObject(PFX_KEY_CERT));
    }
    return null;
  }

  /**
   * Writes the options that have a JSON form.
   *
   * @param json the JSON form to add to
   * @param trust trust options, or {@code null}
   * @param keyCert key and certificate options, or {@code null}
   */
  static void write(JsonObject json, TrustOptions trust, KeyCertOptions keyCert) {
    if (trust instanceof PemTrustOptions pem) {
      json.put(PEM_TRUST, pem.toJson());
    } else if (trust instanceof PfxOptions pfx) {
      json.put(PFX_TRUST, pfx.toJson());
    } else if (trust instanceof JksOptions jks) {
      json.put(JKS_TRUST, jks.toJson());
    }
    if (keyCert instanceof PemKeyCertOptions pem) {
      json.put(PEM_KEY_CERT, pem.toJson());
    } else if (keyCert instanceof PfxOptions pfx) {
      json.put(PFX_KEY_CERT, pfx.toJson());
    } else if (keyCert instanceof JksOptions jks) {
      json.put(JKS_KEY_CERT, jks.toJson());
    }
  }

  /**
   * Replaces key store passwords, in-memory key material and the proxy password with {@code ***}.
   *
   * @param json a JSON form, changed in place
   */
  static void hideSecrets(JsonObject json) {
    for (String key : KEYS) {
      JsonObject options = json.getJsonObject(key);
      if (options != null) {
        JsonObject safe = options.copy();
        for (String secret : SECRETS) {
          Object v = safe.getValue(secret);
          if (v instanceof JsonArray values) {
            safe.put(secret, values.size() + " values hidden");
          } else if (v != null) {
            safe.put(secret, "***");
          }
        }
        json.put(key, safe);
      }
    }
    JsonObject proxy = json.getJsonObject("proxyOptions");
    if (proxy != null && proxy.getValue("password") != null) {
      json.put("proxyOptions", proxy.copy().put("password", "***"));
    }
  }
}
