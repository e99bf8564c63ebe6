package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportOptionsTest {

  @Test
  void defaults() {
    TransportOptions o = new TransportOptions();
    assertThat(o.getHosts()).containsExactly("http://localhost:9200");
    assertThat(o.getConnectionsPerNode()).isEqualTo(10);
    assertThat(o.getMaxRetries()).isEqualTo(3);
    assertThat(o.getRetryOnStatus()).containsExactlyInAnyOrder(429, 502, 503, 504);
    assertThat(o.isRetryOnTimeout()).isFalse();
    assertThat(o.getDeadNodeBackoffBase()).isEqualTo(1000);
    assertThat(o.getDeadNodeBackoffMax()).isEqualTo(30_000);
    assertThat(o.isVerifyCertificates()).isTrue();
    assertThat(o.isProductCheck()).isTrue();
    assertThat(o.getCompatibilityVersion()).isEqualTo(TransportOptions.COMPATIBILITY_AUTO);
    assertThat(o.getNodeSelectorName()).isEqualTo("round_robin");
  }

  @Test
  void everySettingRoundTripsThroughJson() {
    TransportOptions o = new TransportOptions()
      .setHosts("https://es1:9200/p", "https://es2:9200/p")
      .setConnectionsPerNode(3).setConnectTimeout(1234).setRequestTimeout(0).setKeepAlive(false)
      .setKeepAliveTimeout(7).setMaxRetries(5).setRetryOnStatus(Set.of(503)).setRetryOnTimeout(true)
      .setRetryBackoffBase(11).setRetryBackoffMax(22).setDeadNodeBackoffBase(33).setDeadNodeBackoffMax(44)
      .setNodeSelectorName("random").setSniffOnStart(true).setSniffOnNodeFailure(true).setSniffInterval(55)
      .setSniffTimeout(66).setMinDelayBetweenSniffs(77).setCredentials(Credentials.apiKey("id", "key"))
      .setVerifyCertificates(false).setCaCertificatePath("/ca.pem").setClientCertificatePath("/c.pem")
      .setClientKeyPath("/k.pem").setCertificateFingerprint("AB:CD").setCompressRequests(true)
      .setAcceptCompressedResponses(false).setMaxResponseSize(88).setMaxRequestSize(99).setHeaders(Map.of("x-a", "b"))
      .setCompatibilityVersion(8).setProductCheck(false).setClientMeta(false);
    JsonObject json = o.toJson();
    TransportOptions copy = new TransportOptions(json);
    assertThat(copy.toJson()).isEqualTo(json);
    assertThat(copy.getCredentials()).isEqualTo(Credentials.apiKey("id", "key"));
    assertThat(new TransportOptions(o).toJson()).isEqualTo(json);

    ElasticsearchClientOptions client = new ElasticsearchClientOptions().setTransport(o);
    assertThat(new ElasticsearchClientOptions(client.toJson()).toJson()).isEqualTo(client.toJson());
  }

  @Test
  void requestOptionsRoundTripAndMerge() {
    CallOptions base = new CallOptions().setRequestTimeout(100).putHeader("a", "1").setMaxRetries(1);
    CallOptions top = new CallOptions().setMaxRetries(4).putHeader("b", "2").setIgnoreStatus(Set.of(404))
      .setCredentials(Credentials.bearer("t")).setOpaqueId("o").setRetryOnStatus(Set.of(500))
      .setRetryOnTimeout(true).setRetryBackoffBase(1L).setRetryBackoffMax(2L).setHelper("bp");
    CallOptions merged = base.merge(top);
    assertThat(merged.getRequestTimeout()).isEqualTo(100L);
    assertThat(merged.getMaxRetries()).isEqualTo(4);
    assertThat(merged.getHeaders()).containsEntry("a", "1").containsEntry("b", "2");
    assertThat(base.getMaxRetries()).isEqualTo(1);
    assertThat(new CallOptions(merged.toJson()).toJson()).isEqualTo(merged.toJson());
  }

  @Test
  void toStringNeverShowsSecrets() {
    TransportOptions o = new TransportOptions().setHosts("http://user:hunter2@es:9200")
      .setCredentials(Credentials.basic("elastic", "s3cr3tpw")).putHeader("x-api", "headersecret");
    assertThat(o.toString()).doesNotContain("hunter2", "s3cr3tpw", "headersecret");
    CallOptions r = new CallOptions().setCredentials(Credentials.apiKey("k3ysecret"))
      .putHeader("Authorization", "Bearer tokensecret");
    assertThat(r.toString()).doesNotContain("k3ysecret", "tokensecret");
    assertThat(Credentials.bearer("tokensecret").toString()).doesNotContain("tokensecret");
  }

  @Test
  void invalidValuesAreRejectedWithClearErrors() {
    assertThatThrownBy(() -> new TransportOptions().setHosts(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransportOptions().setConnectionsPerNode(0)).hasMessageContaining("connectionsPerNode");
    assertThatThrownBy(() -> new TransportOptions().setMaxRetries(-1)).hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> new TransportOptions().setNodeSelectorName("fastest")).hasMessageContaining("fastest");
    assertThatThrownBy(() -> Credentials.fromJson(new JsonObject().put("kind", "magic"))).hasMessageContaining("magic");
  }
}
