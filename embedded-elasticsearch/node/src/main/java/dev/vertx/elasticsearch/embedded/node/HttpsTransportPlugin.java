package dev.vertx.elasticsearch.embedded.node;

import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

import org.elasticsearch.common.network.NetworkService;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.ssl.EmptyKeyConfig;
import org.elasticsearch.common.ssl.SslClientAuthenticationMode;
import org.elasticsearch.common.ssl.SslConfiguration;
import org.elasticsearch.common.ssl.SslVerificationMode;
import org.elasticsearch.common.ssl.TrustEverythingConfig;
import org.elasticsearch.common.util.BigArrays;
import org.elasticsearch.common.util.PageCacheRecycler;
import org.elasticsearch.common.util.concurrent.ThreadContext;
import org.elasticsearch.http.HttpPreRequest;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.http.netty4.Netty4HttpServerTransport;
import org.elasticsearch.indices.breaker.CircuitBreakerService;
import org.elasticsearch.plugins.NetworkPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.telemetry.TelemetryProvider;
import org.elasticsearch.telemetry.tracing.Tracer;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.netty4.SharedGroupFactory;
import org.elasticsearch.transport.netty4.TLSConfig;
import org.elasticsearch.xcontent.NamedXContentRegistry;

/**
 * HTTPS for the embedded node without x-pack security (which is not published): the transport-netty4 HTTP server
 * with a TLS configuration of its own, selected with {@code http.type: }{@value #HTTP_TYPE}. The key material is a
 * PKCS#12 key store given by the launcher ({@link #configure}); with a client certificate, the node requires it.
 * <p>
 * The HTTP transport's constructor and {@code TLSConfig} differ between 8.19 and 9.x (a tracer or a telemetry
 * provider; an SSL configuration or not), so both are called reflectively, and both {@code getHttpTransports}
 * signatures are declared: the 8.19 one overrides there, the 9.x one there.
 */
public final class HttpsTransportPlugin extends Plugin implements NetworkPlugin {

    /** The {@code http.type} that selects this transport. */
    public static final String HTTP_TYPE = "embedded-https";

    private static volatile SSLContext context;
    private static volatile boolean clientAuth;

    /**
     * Loads the key material; call before the first node starts.
     *
     * @param keyStore PKCS#12 store with the node's key and certificate
     * @param password its password (also the key's)
     * @param clientCertificate PEM certificate a client must present, or {@code null} for no client authentication
     */
    static void configure(Path keyStore, char[] password, Path clientCertificate) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = null;
        if (clientCertificate != null) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(clientCertificate)) {
                int i = 0;
                for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("client-" + i++, cert);
                }
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        clientAuth = clientCertificate != null;
        context = ssl;
    }

    /** @return whether {@link #configure} was called */
    public static boolean isConfigured() {
        return context != null;
    }

    /** The 8.19 signature. */
    @Override
    public Map<String, Supplier<HttpServerTransport>> getHttpTransports(Settings settings, ThreadPool threadPool,
        BigArrays bigArrays, PageCacheRecycler pageCacheRecycler, CircuitBreakerService circuitBreakerService,
        NamedXContentRegistry xContentRegistry, NetworkService networkService, HttpServerTransport.Dispatcher dispatcher,
        BiConsumer<HttpPreRequest, ThreadContext> perRequestThreadContext, ClusterSettings clusterSettings,
        Tracer tracer) {
        return transport(settings, networkService, threadPool, xContentRegistry, dispatcher, clusterSettings, tracer);
    }

    /**
     * The 9.x signature (an override there, an unused overload on 8.19).
     *
     * @param settings the node settings
     * @param threadPool the node's thread pool
     * @param bigArrays unused
     * @param pageCacheRecycler unused
     * @param circuitBreakerService unused
     * @param xContentRegistry the node's content registry
     * @param networkService the node's network service
     * @param dispatcher the REST dispatcher
     * @param perRequestThreadContext unused
     * @param clusterSettings the cluster settings
     * @param telemetryProvider the node's telemetry
     * @return the TLS-enabled HTTP transport under this plugin's type name
     */
    public Map<String, Supplier<HttpServerTransport>> getHttpTransports(Settings settings, ThreadPool threadPool,
        BigArrays bigArrays, PageCacheRecycler pageCacheRecycler, CircuitBreakerService circuitBreakerService,
        NamedXContentRegistry xContentRegistry, NetworkService networkService, HttpServerTransport.Dispatcher dispatcher,
        BiConsumer<HttpPreRequest, ThreadContext> perRequestThreadContext, ClusterSettings clusterSettings,
        TelemetryProvider telemetryProvider) {
        return transport(settings, networkService, threadPool, xContentRegistry, dispatcher, clusterSettings,
            telemetryProvider);
    }

    private static Map<String, Supplier<HttpServerTransport>> transport(Settings settings, NetworkService network,
        ThreadPool threadPool, NamedXContentRegistry xContent, HttpServerTransport.Dispatcher dispatcher,
        ClusterSettings clusterSettings, Object telemetry) {
        return Map.of(HTTP_TYPE, () -> {
            try {
                for (Constructor<?> c : Netty4HttpServerTransport.class.getConstructors()) {
                    if (c.getParameterCount() == 11 && c.getParameterTypes()[7].isInstance(telemetry)) {
                        return (HttpServerTransport) c.newInstance(settings, network, threadPool, xContent, dispatcher,
                            clusterSettings, new SharedGroupFactory(settings), telemetry, tlsConfig(), null, null);
                    }
                }
                throw new IllegalStateException("No known constructor of Netty4HttpServerTransport");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot create the HTTPS transport", e);
            }
        });
    }

    /** A {@code TLSConfig} whose engines come from the configured context, on 8.19 and 9.x. */
    private static TLSConfig tlsConfig() throws ReflectiveOperationException {
        SSLContext ssl = context;
        if (ssl == null) {
            throw new IllegalStateException("http.type " + HTTP_TYPE + " needs the launcher's key store");
        }
        Object provider = Proxy.newProxyInstance(HttpsTransportPlugin.class.getClassLoader(),
            new Class<?>[] {TLSConfig.EngineProvider.class}, (proxy, method, args) -> switch (method.getName()) {
                case "create" -> {
                    SSLEngine engine = ssl.createSSLEngine();
                    engine.setUseClientMode(false);
                    engine.setNeedClientAuth(clientAuth);
                    yield engine;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "HttpsEngineProvider";
            });
        for (Constructor<?> c : TLSConfig.class.getConstructors()) {
            if (c.getParameterCount() == 1) {
                return (TLSConfig) c.newInstance(provider);
            }
            if (c.getParameterCount() == 2) {
                // 8.19 tells TLS on from a non-null SSL configuration, which this engine provider does not read.
                SslConfiguration unused = new SslConfiguration("embedded.https.", true,
                    TrustEverythingConfig.TRUST_EVERYTHING, EmptyKeyConfig.INSTANCE, SslVerificationMode.NONE,
                    SslClientAuthenticationMode.NONE, List.of("TLS_AES_128_GCM_SHA256"), List.of("TLSv1.3"));
                return (TLSConfig) c.newInstance(unused, provider);
            }
        }
        throw new IllegalStateException("No known constructor of TLSConfig");
    }
}
