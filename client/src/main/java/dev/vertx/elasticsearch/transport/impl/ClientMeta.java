package dev.vertx.elasticsearch.transport.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The client's identity on the wire: the {@code user-agent} and the {@code x-elastic-client-meta} header in the
 * format Elastic's clients share ({@code es=<client>,jv=<java>,t=<transport>,vx=<vert.x>}, with {@code p} marking
 * pre-releases).
 */
public final class ClientMeta {

  static final String VERSION;
  static final String VERTX_VERSION;

  static {
    Properties p = new Properties();
    try (InputStream in = ClientMeta.class.getResourceAsStream("/META-INF/vertx-elasticsearch-client.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    VERSION = p.getProperty("version", "0.0.0");
    VERTX_VERSION = p.getProperty("vertx", "5");
  }

  private ClientMeta() {
  }

  /** @return this client's version, e.g. {@code 0.1.0-SNAPSHOT} */
  public static String version() {
    return VERSION;
  }

  static String userAgent() {
    return "vertx-elasticsearch/" + VERSION + " (Java " + Runtime.version().feature() + "; Vert.x " + VERTX_VERSION + ")";
  }

  static String header() {
    String v = metaVersion(VERSION);
    return "es=" + v + ",jv=" + Runtime.version().feature() + ",t=" + v + ",vx=" + metaVersion(VERTX_VERSION);
  }

  /** {@code 0.1.0-SNAPSHOT} becomes {@code 0.1.0p}, as the meta header format wants. */
  static String metaVersion(String version) {
    int dash = version.indexOf('-');
    return dash < 0 ? version : version.substring(0, dash) + "p";
  }
}
