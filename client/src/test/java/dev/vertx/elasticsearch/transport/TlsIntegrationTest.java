package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import dev.vertx.elasticsearch.error.TlsException;
import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.testing.HttpProxy;
import dev.vertx.elasticsearch.testing.Socks5Proxy;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.TrustOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vert.x TLS options against a real node that serves HTTPS and requires a client certificate (the embedded engine's
 * {@code httpsClientAuth}): trust and key material as JKS, PKCS#12 and in-memory PEM, failures without a client
 * certificate or with the wrong trust, and HTTPS through an HTTP {@code CONNECT} proxy and a SOCKS5 proxy.
 */
@ExtendWith(VertxExtension.class)
class TlsIntegrationTest {

  private static EmbeddedElasticsearch es;
  private static char[] password;
  private static Certificate nodeCertificate;
  private static Key clientKey;
  private static Certificate[] clientChain;
  private static boolean ipv6Loopback;

  @TempDir
  static Path dir;

  private Vertx vertx;
  private ElasticsearchClient client;

  @BeforeAll
  static void startHttpsNode() throws Exception {
    EmbeddedElasticsearchOptions options = new EmbeddedElasticsearchOptions().setHttpsClientAuth(true);
    ipv6Loopback = canListenOnIpv6Loopback();
    if (ipv6Loopback) {
      // also on [::1], an address the node's certificate (localhost, 127.0.0.1) does not carry
      options.putSetting("http.bind_host", "127.0.0.1,::1");
    }
    es = EmbeddedElasticsearch.start(options);
    password = es.httpsKeyStorePassword().toCharArray();
    try (InputStream in = Files.newInputStream(es.httpsCertificate())) {
      nodeCertificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(es.httpsClientKeyStore())) {
      p12.load(in, password);
    }
    clientKey = p12.getKey("client", password);
    clientChain = p12.getCertificateChain("client");
  }

  @AfterAll
  static void stopHttpsNode() {
    if (es != null) {
      es.close();
    }
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      result(client.close());
    }
  }

  private TransportOptions options(TrustOptions trust, KeyCertOptions keyCert) {
    return new TransportOptions().setHosts(es.httpUrls()).setCompatibilityVersion(es.majorVersion())
      .setTrustOptions(trust).setKeyCertOptions(keyCert).setRetry(RetryConfig.NONE);
  }

  private ElasticsearchResponse info(TransportOptions options) {
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(options));
    return result(client.perform(HttpMethod.GET, "/", null, null));
  }

  private static Buffer store(String type, boolean withKey) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    ks.load(null, null);
    if (withKey) {
      ks.setKeyEntry("client", clientKey, password, clientChain);
    } else {
      ks.setCertificateEntry("node", nodeCertificate);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ks.store(out, password);
    return Buffer.buffer(out.toByteArray());
  }

  private static Buffer pem(String type, byte[] der) {
    return Buffer.buffer("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
      .encodeToString(der) + "\n-----END " + type + "-----\n", StandardCharsets.US_ASCII.name());
  }

  private void assertServedByTheNode(ElasticsearchResponse response) {
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().getJsonObject("version").getString("number")).isEqualTo(es.version());
    assertThat(response.node()).startsWith("https://");
  }

  @Test
  void jksTrustStoreAndKeyStoreFromFiles() throws Exception {
    Path trust = Files.write(dir.resolve("trust.jks"), store("JKS", false).getBytes());
    Path keys = Files.write(dir.resolve("client.jks"), store("JKS", true).getBytes());
    assertServedByTheNode(info(options(new JksOptions().setPath(trust.toString()).setPassword(new String(password)),
      new JksOptions().setPath(keys.toString()).setPassword(new String(password)))));
  }

  @Test
  void pkcs12InMemoryAndTheEnginesKeyStoreFile() throws Exception {
    assertServedByTheNode(info(options(
      new PfxOptions().setValue(store("PKCS12", false)).setPassword(new String(password)),
      new PfxOptions().setPath(es.httpsClientKeyStore().toString()).setPassword(new String(password)))));
  }

  @Test
  void pemValuesInMemory() throws Exception {
    TransportOptions options = options(new PemTrustOptions().addCertValue(Buffer.buffer(Files.readAllBytes(
        es.httpsCertificate()))),
      new PemKeyCertOptions().addKeyValue(pem("PRIVATE KEY", clientKey.getEncoded()))
        .addCertValue(pem("CERTIFICATE", clientChain[0].getEncoded())));
    assertServedByTheNode(info(options));
    // The options survive their JSON form, in-memory values included.
    ElasticsearchClient fromJson = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(new TransportOptions(options.toJson())));
    try {
      assertServedByTheNode(result(fromJson.perform(HttpMethod.GET, "/", null, null)));
    } finally {
      result(fromJson.close());
    }
  }

  @Test
  void withoutTheClientCertificateTheNodeRefusesTheConnection() throws Exception {
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(options(
      new PfxOptions().setValue(store("PKCS12", false)).setPassword(new String(password)), null)));
    Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(error).isInstanceOf(TransportException.class);
  }

  @Test
  void aTrustStoreWithoutTheNodeCertificateFailsTheHandshake() {
    SelfSignedCertificate other = SelfSignedCertificate.create("localhost");
    try {
      client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(options(
        other.trustOptions(), new PfxOptions().setPath(es.httpsClientKeyStore().toString())
          .setPassword(new String(password)))));
      Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
      assertThat(error).isInstanceOf(TlsException.class);
      assertThat(error.getMessage()).contains("certificate is not trusted").contains(nodeSubject())
        .contains("setTrustOptions");
    } finally {
      other.delete();
    }
  }

  @Test
  void withoutTheNodesCaTheErrorSaysItsCertificateIsNotTrusted() {
    // the node's CA is neither configured nor in the JVM's trust store: what a first HTTPS connection often meets
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(es.httpUrls()).setCompatibilityVersion(es.majorVersion()).setRetry(RetryConfig.NONE)));
    Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(error).isInstanceOf(TlsException.class);
    assertThat(((TlsException) error).node()).isEqualTo(es.httpUrl());
    assertThat(error.getMessage()).contains("the node's certificate is not trusted").contains(nodeSubject())
      .contains("setCaCertificatePath").contains("setCertificateFingerprint")
      .doesNotContain("Failed to create SSL connection");
  }

  @Test
  void anAddressTheNodesCertificateDoesNotCarryIsAHostNameMismatch() throws Exception {
    Assumptions.assumeTrue(ipv6Loopback, "needs the IPv6 loopback address");
    int port = URI.create(es.httpUrl()).getPort();
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(options(
      new PfxOptions().setValue(store("PKCS12", false)).setPassword(new String(password)),
      new PfxOptions().setPath(es.httpsClientKeyStore().toString()).setPassword(new String(password)))
      .setHosts("https://[::1]:" + port)));
    Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(error).isInstanceOf(TlsException.class);
    // trusted, but not for this address: the message lists the names the certificate carries
    assertThat(error.getMessage()).contains("does not match the node's certificate")
      .contains("DNS:localhost").contains("IP:127.0.0.1").contains(nodeSubject()).doesNotContain("not trusted");
  }

  private static boolean canListenOnIpv6Loopback() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return socket.getLocalPort() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** @return how the error messages name the node's certificate */
  private static String nodeSubject() {
    return "subject \"" + ((X509Certificate) nodeCertificate).getSubjectX500Principal().getName() + "\"";
  }

  @Test
  void httpsThroughAnHttpConnectProxy() throws Exception {
    try (HttpProxy proxy = HttpProxy.start(vertx, "proxy-user", "proxy-secret")) {
      TransportOptions options = options(new PfxOptions().setValue(store("PKCS12", false))
          .setPassword(new String(password)),
        new PfxOptions().setPath(es.httpsClientKeyStore().toString()).setPassword(new String(password)))
        .setProxyOptions(new ProxyOptions().setType(ProxyType.HTTP).setHost("127.0.0.1").setPort(proxy.port())
          .setUsername("proxy-user").setPassword("proxy-secret"));
      assertServedByTheNode(info(options));
      JsonObject health = result(client.perform(HttpMethod.GET, "/_cluster/health", null, null)).body();
      assertThat(health.getString("cluster_name")).isEqualTo(es.clusterName());
      assertThat(proxy.tunnels()).isGreaterThanOrEqualTo(1);
      assertThat(proxy.targets()).isNotEmpty().allMatch(t -> es.httpUrl().endsWith("://" + t));
    }
  }

  @Test
  void httpsThroughASocks5Proxy() throws Exception {
    try (Socks5Proxy proxy = Socks5Proxy.start(vertx, null, null)) {
      TransportOptions options = options(new JksOptions().setValue(store("JKS", false))
          .setPassword(new String(password)),
        new JksOptions().setValue(store("JKS", true)).setPassword(new String(password)))
        .setProxyOptions(new ProxyOptions().setType(ProxyType.SOCKS5).setHost("127.0.0.1").setPort(proxy.port()));
      assertServedByTheNode(info(options));
      assertThat(proxy.tunnels()).isGreaterThanOrEqualTo(1);
      assertThat(proxy.targets()).isNotEmpty().allMatch(t -> es.httpUrl().endsWith("://" + t));
    }
  }
}
