package dev.vertx.elasticsearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

/** A node that serves HTTPS and requires a client certificate (the default engine version). */
class HttpsTest {

    @Test
    void servesHttpsAndRequiresTheClientCertificate() throws Exception {
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions()
            .setHttpsClientAuth(true))) {
            assertThat(es.isHttps()).isTrue();
            assertThat(es.httpUrl()).matches("https://127\\.0\\.0\\.1:\\d+");
            assertThat(es.httpsCertificate()).isRegularFile();
            assertThat(Files.readString(es.httpsCertificate())).startsWith("-----BEGIN CERTIFICATE-----");

            HttpResponse<String> root = client(es, true).send(HttpRequest.newBuilder(URI.create(es.httpUrl() + "/"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");

            assertThatThrownBy(() -> client(es, false).send(HttpRequest.newBuilder(URI.create(es.httpUrl() + "/"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        }
    }

    private static HttpClient client(EmbeddedElasticsearch es, boolean withClientCertificate) throws Exception {
        char[] password = es.httpsKeyStorePassword().toCharArray();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(es.httpsCertificate())) {
            trusted.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        KeyManagerFactory kmf = null;
        if (withClientCertificate) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(es.httpsClientKeyStore().toString()))) {
                keys.load(in, password);
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
