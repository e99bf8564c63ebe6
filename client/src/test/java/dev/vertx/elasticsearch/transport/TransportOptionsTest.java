package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import io.vertx.core.json.JsonArray;
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
    assertThat(o.getRetry()).isEqualTo(new RetryConfig()).isSameAs(TransportOptions.DEFAULT_RETRY);
    assertThat(o.getRetry().maxRetries()).isEqualTo(3);
    assertThat(o.getRetry().initialBackoff()).isEqualTo(100);
    assertThat(o.getRetry().maxBackoff()).isEqualTo(10_000);
    assertThat(o.getRetry().maxRetryTime()).isZero();
    assertThat(o.getRetry().retryOnStatus()).containsExactlyInAnyOrder(429, 502, 503, 504);
    assertThat(o.getRetry().retryOnTimeout()).isFalse();
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
      .setKeepAliveTimeout(7).setRetry(new RetryConfig().withMaxRetries(5).withRetryOnStatus(Set.of(503))
        .withRetryOnTimeout(true).withBackoff(11, 22).withMaxRetryTime(33_000))
      .setDeadNodeBackoffBase(33).setDeadNodeBackoffMax(44)
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
    assertThat(copy.getRetry()).isEqualTo(o.getRetry());
    assertThat(json.getJsonObject("retry")).isEqualTo(new JsonObject().put("maxRetries", 5).put("initialBackoff", 11)
      .put("maxBackoff", 22).put("maxRetryTime", 33_000).put("retryOnStatus", new JsonArray().add(503))
      .put("retryOnTimeout", true));
    assertThat(json.fieldNames()).doesNotContain("maxRetries", "retryOnStatus", "retryOnTimeout", "retryBackoffBase",
      "retryBackoffMax");
    assertThat(new TransportOptions(o).toJson()).isEqualTo(json);

    ElasticsearchClientOptions client = new ElasticsearchClientOptions().setTransport(o);
    assertThat(new ElasticsearchClientOptions(client.toJson()).toJson()).isEqualTo(client.toJson());
  }

  @Test
  void requestOptionsRoundTripAndMerge() {
    RetryConfig one = RetryConfig.NONE.withMaxRetries(1);
    RetryConfig four = new RetryConfig().withMaxRetries(4).withRetryOnStatus(Set.of(500)).withRetryOnTimeout(true)
      .withBackoff(1, 2).withMaxRetryTime(3);
    CallOptions base = new CallOptions().setRequestTimeout(100).putHeader("a", "1").setRetry(one);
    CallOptions top = new CallOptions().setRetry(four).putHeader("b", "2").setIgnoreStatus(Set.of(404))
      .setCredentials(Credentials.bearer("t")).setOpaqueId("o").setRetryMaybeApplied(true).setHelper("bp");
    CallOptions merged = base.merge(top);
    assertThat(merged.getRequestTimeout()).isEqualTo(100L);
    assertThat(merged.getRetry()).isEqualTo(four);
    assertThat(merged.getRetryMaybeApplied()).isTrue();
    assertThat(merged.getHeaders()).containsEntry("a", "1").containsEntry("b", "2");
    assertThat(base.getRetry()).isEqualTo(one);
    assertThat(top.merge(new CallOptions().setOpaqueId("p")).getRetry()).as("an unset retry keeps the one below")
      .isEqualTo(four);
    CallOptions copy = new CallOptions(merged.toJson());
    assertThat(copy.toJson()).isEqualTo(merged.toJson());
    assertThat(copy.getRetry()).isEqualTo(four);
    assertThat(merged.toJson().getJsonObject("retry")).isEqualTo(four.toJson());
    assertThat(new CallOptions().getRetry()).as("unset: the transport's").isNull();
    assertThat(new CallOptions().toJson().containsKey("retry")).isFalse();
    assertThat(new CallOptions(new JsonObject().put("retry", new JsonObject().put("maxRetries", 0))).getRetry())
      .as("a partial retry object: the rest are RetryConfig's defaults").isEqualTo(RetryConfig.NONE);
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
    assertThatThrownBy(() -> new TransportOptions().setRetry(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new TransportOptions().setNodeSelectorName("fastest")).hasMessageContaining("fastest");
    assertThatThrownBy(() -> Credentials.fromJson(new JsonObject().put("kind", "magic"))).hasMessageContaining("magic");
  }

  @Test
  void retrySettingsReadFromJsonAreChecked() {
    JsonObject negative = new JsonObject().put("retry", new JsonObject().put("maxRetries", -1));
    assertThatThrownBy(() -> new TransportOptions(negative)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("maxRetries must be >= 0, got -1");
    assertThatThrownBy(() -> new CallOptions(negative)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("maxRetries");
    JsonObject inverted = new JsonObject().put("retry", new JsonObject().put("initialBackoff", 500)
      .put("maxBackoff", 100));
    assertThatThrownBy(() -> new TransportOptions(inverted)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("initialBackoff (500 ms) must not exceed maxBackoff (100 ms)");
    JsonObject notStatus = new JsonObject().put("retry", new JsonObject().put("retryOnStatus", new JsonArray().add(42)));
    assertThatThrownBy(() -> new TransportOptions(notStatus)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("42");
    assertThat(new TransportOptions(new JsonObject().put("retry", new JsonObject().put("maxRetries", 7))).getRetry())
      .as("a partial retry object keeps the other defaults").isEqualTo(new RetryConfig().withMaxRetries(7));
  }

  @Test
  void theFormerFlatRetryKeysAreRefusedWithTheirNewName() {
    assertThatThrownBy(() -> new TransportOptions(new JsonObject().put("retryBackoffBase", 5)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"retryBackoffBase\"")
      .hasMessageContaining("{\"retry\": {\"initialBackoff\"");
    assertThatThrownBy(() -> new CallOptions(new JsonObject().put("maxRetries", 0)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{\"retry\": {\"maxRetries\"");
  }
}
