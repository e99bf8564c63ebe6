package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vert.x TLS and proxy options and the Elastic Cloud id on TransportOptions: JSON form, secrets, conflicts. */
class ConnectivityOptionsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    result(vertx.close());
  }

  private static String cloudId(String name, String decoded) {
    return name + ":" + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void vertxTlsAndProxyOptionsRoundTripThroughJsonUnderVertxKeys() {
    TransportOptions jks = new TransportOptions()
      .setTrustOptions(new JksOptions().setPath("/trust.jks").setPassword("trust-secret"))
      .setKeyCertOptions(new JksOptions().setValue(Buffer.buffer("jks-bytes")).setPassword("key-secret"))
      .setProxyOptions(new ProxyOptions().setType(ProxyType.SOCKS5).setHost("proxy").setPort(1080)
        .setUsername("bob").setPassword("proxy-secret"));
    JsonObject json = jks.toJson();
    assertThat(json.getJsonObject("trustStoreOptions").getString("path")).isEqualTo("/trust.jks");
    assertThat(json.getJsonObject("keyStoreOptions").getString("password")).isEqualTo("key-secret");
    assertThat(json.getJsonObject("proxyOptions").getString("type")).isEqualTo("SOCKS5");
    TransportOptions read = new TransportOptions(json);
    assertThat(read.toJson()).isEqualTo(json);
    assertThat(read.getTrustOptions()).isEqualTo(new JksOptions(json.getJsonObject("trustStoreOptions")));
    assertThat(((JksOptions) read.getKeyCertOptions()).getValue()).isEqualTo(Buffer.buffer("jks-bytes"));
    assertThat(read.getProxyOptions().getPassword()).isEqualTo("proxy-secret");
    assertThat(new TransportOptions(jks).toJson()).isEqualTo(json);

    TransportOptions pfx = new TransportOptions()
      .setTrustOptions(new PfxOptions().setPath("/trust.p12").setPassword("s1"))
      .setKeyCertOptions(new PfxOptions().setPath("/client.p12").setPassword("s2"));
    assertThat(new TransportOptions(pfx.toJson()).getTrustOptions()).isInstanceOf(PfxOptions.class);
    assertThat(pfx.toJson().containsKey("pfxTrustOptions")).isTrue();
    assertThat(pfx.toJson().containsKey("pfxKeyCertOptions")).isTrue();

    TransportOptions pem = new TransportOptions()
      .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer("-----BEGIN CERTIFICATE-----")))
      .setKeyCertOptions(new PemKeyCertOptions().addKeyValue(Buffer.buffer("-----BEGIN PRIVATE KEY-----"))
        .addCertValue(Buffer.buffer("-----BEGIN CERTIFICATE-----")));
    TransportOptions pemRead = new TransportOptions(pem.toJson());
    assertThat(pemRead.getKeyCertOptions()).isEqualTo(pem.getKeyCertOptions());
    assertThat(pemRead.getTrustOptions()).isEqualTo(pem.getTrustOptions());

    ElasticsearchClientOptions client = new ElasticsearchClientOptions().setTransport(jks);
    assertThat(new ElasticsearchClientOptions(client.toJson()).getTransport().toJson()).isEqualTo(json);
  }

  @Test
  void toStringHidesEveryPasswordAndInMemoryKey() {
    TransportOptions o = new TransportOptions()
      .setTrustOptions(new JksOptions().setValue(Buffer.buffer("trust-bytes")).setPassword("trust-secret"))
      .setKeyCertOptions(new PemKeyCertOptions().addKeyValue(Buffer.buffer("PRIVATE-KEY-MATERIAL"))
        .addCertPath("/client.pem"))
      .setProxyOptions(new ProxyOptions().setHost("proxy").setUsername("bob").setPassword("proxy-secret"));
    String text = o.toString();
    assertThat(text).doesNotContain("trust-secret", "proxy-secret", "PRIVATE-KEY-MATERIAL",
      Base64.getEncoder().encodeToString("PRIVATE-KEY-MATERIAL".getBytes(StandardCharsets.UTF_8)),
      Base64.getEncoder().encodeToString("trust-bytes".getBytes(StandardCharsets.UTF_8)));
    assertThat(text).contains("/client.pem", "proxy", "bob", "***");
    assertThat(o.toJson().getJsonObject("trustStoreOptions").getString("password")).isEqualTo("trust-secret");
  }

  @Test
  void conflictingTlsSettingsAreRefusedWhenTheClientIsCreated() {
    assertConflict(new TransportOptions().setTrustOptions(new JksOptions().setPath("/t.jks"))
      .setCaCertificatePath("/ca.pem"), "trustOptions and caCertificatePath");
    assertConflict(new TransportOptions().setTrustOptions(new JksOptions().setPath("/t.jks"))
      .setCertificateFingerprint("AB:CD"), "trustOptions and certificateFingerprint");
    assertConflict(new TransportOptions().setTrustOptions(new JksOptions().setPath("/t.jks"))
      .setVerifyCertificates(false), "trustOptions and verifyCertificates=false");
    assertConflict(new TransportOptions().setKeyCertOptions(new PfxOptions().setPath("/c.p12"))
      .setClientCertificatePath("/c.pem").setClientKeyPath("/k.pem"), "keyCertOptions and clientCertificatePath");
  }

  private void assertConflict(TransportOptions options, String message) {
    assertThatThrownBy(() -> ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(options)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void aCloudIdSetsTheSingleHttpsHost() {
    TransportOptions o = new TransportOptions()
      .setCloudId(cloudId("my-deployment", "us-east-1.aws.found.io$abc123$kib456"));
    assertThat(o.getHosts()).containsExactly("https://abc123.us-east-1.aws.found.io:443");
    assertThat(new TransportOptions().setCloudId(cloudId("d", "eu.example.com:9243$es1$")).getHosts())
      .containsExactly("https://es1.eu.example.com:9243");
    assertThat(new TransportOptions().setCloudId(cloudId("d", "eu.example.com$es1")).getHosts())
      .containsExactly("https://es1.eu.example.com:443");
    // No name, no padding, URL-safe alphabet: all accepted.
    String bare = Base64.getUrlEncoder().withoutPadding().encodeToString("h.io$e$k".getBytes(StandardCharsets.UTF_8));
    assertThat(new TransportOptions().setCloudId(bare).getHosts()).containsExactly("https://e.h.io:443");

    JsonObject json = o.toJson();
    assertThat(json.containsKey("hosts")).isFalse();
    assertThat(new TransportOptions(json).getHosts()).isEqualTo(o.getHosts());
    assertThat(new TransportOptions(o).getCloudId()).isEqualTo(o.getCloudId());
    assertThat(o.setCloudId(null).getHosts()).containsExactly(TransportOptions.DEFAULT_HOST);
  }

  @Test
  void aCloudIdIsRefusedWithHostsAndWhenMalformed() {
    String id = cloudId("d", "example.com$es$kb");
    assertThatThrownBy(() -> new TransportOptions().setHosts("http://es:9200").setCloudId(id))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> new TransportOptions().setCloudId(id).setHosts("http://es:9200"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> new TransportOptions(new JsonObject().put("cloudId", id)
      .put("hosts", new io.vertx.core.json.JsonArray().add("http://es:9200"))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use one");
    assertThatThrownBy(() -> new TransportOptions().setCloudId("d:***not base64***"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64");
    assertThatThrownBy(() -> new TransportOptions().setCloudId(cloudId("d", "example.com")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("es-uuid");
    assertThatThrownBy(() -> new TransportOptions().setCloudId(cloudId("d", "$es$kb")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
    assertThatThrownBy(() -> new TransportOptions().setCloudId(cloudId("d", "example.com:x$es$kb")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }
}
