package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.error.TlsException;
import dev.vertx.elasticsearch.testing.FaultyServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.FileInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** TLS: verification on by default, a custom CA, fingerprint pinning, mutual TLS. */
@ExtendWith(VertxExtension.class)
class TransportTlsTest {

  private Vertx vertx;
  private SelfSignedCertificate serverCert;
  private FaultyServer server;
  private ElasticsearchClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    serverCert = SelfSignedCertificate.create("localhost");
    server = FaultyServer.start(vertx, new HttpServerOptions().setSsl(true).setKeyCertOptions(serverCert.keyCertOptions()));
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      result(client.close());
    }
    server.close();
    serverCert.delete();
  }

  private String httpsUrl() {
    return "https://localhost:" + server.port();
  }

  @Test
  void anUntrustedCertificateFailsByDefault() {
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(httpsUrl()).setCredentials(Credentials.basic("elastic", "tls-test-secret"))
        .setRetry(RetryConfig.NONE)));
    Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(error).isInstanceOf(TlsException.class);
    // says what is wrong, with which certificate, and what to set; never a credential
    assertThat(error.getMessage()).contains("certificate is not trusted")
      .contains("subject \"CN=localhost\"").contains("issuer \"CN=localhost\"")
      .contains("setCaCertificatePath").contains("setCertificateFingerprint")
      .doesNotContain("Failed to create SSL connection").doesNotContain("tls-test-secret");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aCertificateForAnotherHostNameSaysWhichNamesItCarries() {
    SelfSignedCertificate other = SelfSignedCertificate.create("search.internal");
    try (FaultyServer elsewhere = FaultyServer.start(vertx, new HttpServerOptions().setSsl(true)
      .setKeyCertOptions(other.keyCertOptions()))) {
      // trusted (its own CA), but issued for search.internal, not for the name connected to
      client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
        .setHosts("https://localhost:" + elsewhere.port()).setCaCertificatePath(other.certificatePath())
        .setRetry(RetryConfig.NONE)));
      Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
      assertThat(error).isInstanceOf(TlsException.class);
      assertThat(error.getMessage()).contains("host name \"localhost\" does not match")
        .contains("search.internal").contains("subject \"CN=search.internal\"").doesNotContain("not trusted");
      assertThat(elsewhere.requests()).isEmpty();
    } finally {
      other.delete();
    }
  }

  @Test
  void anAddressTheCertificateDoesNotCarryIsAHostNameMismatch() {
    // the certificate is for localhost; connecting to 127.0.0.1 is checked against its IP names
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts("https://127.0.0.1:" + server.port()).setCaCertificatePath(serverCert.certificatePath())
      .setRetry(RetryConfig.NONE)));
    Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(error).isInstanceOf(TlsException.class);
    assertThat(error.getMessage()).contains("host name \"127.0.0.1\" does not match").contains("localhost")
      .contains("setCertificateFingerprint (which checks no host name)");
  }

  @Test
  void theCaCertificateMakesItTrusted() {
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(httpsUrl()).setCaCertificatePath(serverCert.certificatePath())));
    assertThat(result(client.perform(HttpMethod.GET, "/", null, null)).status()).isEqualTo(200);
  }

  @Test
  void thePinnedFingerprintMakesItTrustedAndAWrongOneFails() throws Exception {
    String fingerprint = fingerprint(serverCert.certificatePath());
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts("https://127.0.0.1:" + server.port()).setCertificateFingerprint(fingerprint)));
    assertThat(result(client.perform(HttpMethod.GET, "/", null, null)).status()).isEqualTo(200);
    result(client.close());

    String wrong = (fingerprint.startsWith("00") ? "11" : "00") + fingerprint.substring(2);
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(httpsUrl()).setCertificateFingerprint(wrong).setRetry(RetryConfig.NONE)));
    Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(error).isInstanceOf(TlsException.class);
    // names the certificate the node presented, with its fingerprint to compare with the pinned one
    assertThat(error.getMessage()).contains("pinned SHA-256 fingerprint").contains("subject \"CN=localhost\"")
      .contains(fingerprint);
  }

  @Test
  void verificationCanBeTurnedOff() {
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(httpsUrl()).setVerifyCertificates(false)));
    assertThat(result(client.perform(HttpMethod.GET, "/", null, null)).status()).isEqualTo(200);
  }

  @Test
  void aClientCertificateIsPresentedForMutualTls() {
    SelfSignedCertificate clientCert = SelfSignedCertificate.create("client");
    try (FaultyServer mutual = FaultyServer.start(vertx, new HttpServerOptions().setSsl(true)
      .setKeyCertOptions(serverCert.keyCertOptions()).setClientAuth(ClientAuth.REQUIRED)
      .setTrustOptions(clientCert.trustOptions()))) {
      TransportOptions withoutCert = new TransportOptions().setHosts("https://localhost:" + mutual.port())
        .setCaCertificatePath(serverCert.certificatePath()).setRetry(RetryConfig.NONE);
      client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(withoutCert));
      assertThat(failure(client.perform(HttpMethod.GET, "/", null, null))).isInstanceOf(
        dev.vertx.elasticsearch.error.TransportException.class);
      result(client.close());

      client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
        new TransportOptions(withoutCert).setClientCertificatePath(clientCert.certificatePath())
          .setClientKeyPath(clientCert.privateKeyPath())));
      assertThat(result(client.perform(HttpMethod.GET, "/", null, null)).status()).isEqualTo(200);
    } finally {
      clientCert.delete();
    }
  }

  static String fingerprint(String pemPath) throws Exception {
    try (InputStream in = new FileInputStream(pemPath)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
  }
}
