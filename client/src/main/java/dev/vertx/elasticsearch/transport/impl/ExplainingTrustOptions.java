package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import java.security.KeyStore;
import java.util.Objects;
import java.util.function.Function;

/**
 * Vert.x trust options that trust what the configured ones trust (or, with none, the JVM's default trust store) and
 * explain a refused certificate: their trust managers are wrapped in {@link ExplainingTrustManager}s. Vert.x reads
 * them when it builds its TLS context, off the event loop.
 */
final class ExplainingTrustOptions implements TrustOptions {

  private final TrustOptions configured;

  /** @param configured the configured trust options, or {@code null} for the JVM's default trust store */
  ExplainingTrustOptions(TrustOptions configured) {
    this.configured = configured;
  }

  @Override
  public TrustOptions copy() {
    return new ExplainingTrustOptions(configured == null ? null : configured.copy());
  }

  @Override
  public TrustManagerFactory getTrustManagerFactory(Vertx vertx) throws Exception {
    TrustManagerFactory factory;
    if (configured == null) {
      factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
    } else {
      factory = configured.getTrustManagerFactory(vertx);
    }
    return factory == null ? null : factoryOf(ExplainingTrustManager.wrap(factory.getTrustManagers()));
  }

  @Override
  public Function<String, TrustManager[]> trustManagerMapper(Vertx vertx) throws Exception {
    Function<String, TrustManager[]> mapper = configured == null ? null : configured.trustManagerMapper(vertx);
    return mapper == null ? null : serverName -> ExplainingTrustManager.wrap(mapper.apply(serverName));
  }

  /**
   * @param managers the trust managers to hand out
   * @return a factory that hands them out, and needs no initialisation
   */
  static TrustManagerFactory factoryOf(TrustManager[] managers) {
    return new TrustManagerFactory(new TrustManagerFactorySpi() {
      @Override
      protected void engineInit(KeyStore ks) {
      }

      @Override
      protected void engineInit(ManagerFactoryParameters spec) {
      }

      @Override
      protected TrustManager[] engineGetTrustManagers() {
        return managers.clone();
      }
    }, null, "explaining") {
    };
  }

  /** Equal when the configured options are: Vert.x may then share one TLS context between clients. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ExplainingTrustOptions other && Objects.equals(configured, other.configured);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(configured) + 1;
  }
}
