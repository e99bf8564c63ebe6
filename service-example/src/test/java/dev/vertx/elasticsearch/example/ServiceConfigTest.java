package dev.vertx.elasticsearch.example;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceConfigTest {

  @Test
  void readsTheEnvironmentWithDefaults() {
    ServiceConfig defaults = ServiceConfig.fromEnv(Map.of());
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.index()).isEqualTo("books");
    assertThat(defaults.apiKeys()).isEmpty();
    assertThat(defaults.apiKeysFile()).isNull();
    assertThat(defaults.keysRequired()).as("no key: writes from loopback only").isFalse();
    assertThat(defaults.trustedProxies()).isEmpty();
    assertThat(defaults.maxBulkBody()).isEqualTo(256L << 20);
    assertThat(defaults.maxConcurrentUploads()).isEqualTo(2);
    assertThat(defaults.loadSampleData()).isTrue();
    assertThat(defaults.shutdownGraceMs()).isEqualTo(10_000);

    ServiceConfig set = ServiceConfig.fromEnv(Map.ofEntries(Map.entry("ELASTICSEARCH_URL",
        "http://a:9200, http://b:9200"), Map.entry("PORT", "9000"), Map.entry("SERVICE_API_KEY", "k1, k2"),
      Map.entry("SERVICE_API_KEYS_FILE", "/run/keys"), Map.entry("TRUST_PROXY", "10.0.0.2, ::1"),
      Map.entry("MAX_UPLOAD_BYTES", "1048576"), Map.entry("MAX_CONCURRENT_UPLOADS", "3"),
      Map.entry("BOOKS_INDEX", "novels"), Map.entry("ELASTICSEARCH_COMPATIBILITY", "8"),
      Map.entry("LOAD_SAMPLE_DATA", "false"), Map.entry("SHUTDOWN_GRACE_MS", "2500")));
    assertThat(set.loadSampleData()).isFalse();
    assertThat(set.shutdownGraceMs()).isEqualTo(2500);
    assertThat(set.elasticsearchUrls()).containsExactly("http://a:9200", "http://b:9200");
    assertThat(set.port()).isEqualTo(9000);
    assertThat(set.compatibilityVersion()).isEqualTo(8);
    assertThat(set.apiKeys()).containsExactly("k1", "k2");
    assertThat(set.apiKeysFile()).isEqualTo("/run/keys");
    assertThat(set.keysRequired()).isTrue();
    assertThat(set.trustedProxies()).containsExactly("10.0.0.2", "::1");
    assertThat(set.maxBulkBody()).isEqualTo(1 << 20);
    assertThat(set.maxConcurrentUploads()).isEqualTo(3);
    assertThat(ServiceConfig.fromJson(set.toJson())).isEqualTo(set);
    assertThat(ServiceConfig.fromJson(defaults.toJson())).isEqualTo(defaults);
    assertThat(ServiceConfig.fromEnv(Map.of("SERVICE_API_KEYS_FILE", "/k")).keysRequired())
      .as("a keys file alone requires keys, even while it lists none").isTrue();
    assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("PORT", "eighty"))).hasMessageContaining("port");
    assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("MAX_UPLOAD_BYTES", "lots")))
      .hasMessageContaining("MAX_UPLOAD_BYTES");
    assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("MAX_CONCURRENT_UPLOADS", "0")))
      .hasMessageContaining("maxConcurrentUploads");
    assertThatThrownBy(() -> new ServiceConfig(List.of("http://a:9200"), 9, "b", 0, "has space", 1, 1))
      .hasMessageContaining("API key").hasMessageNotContaining("has space");
  }

  @Test
  void theOldSingleKeyConfigIsStillRead() {
    ServiceConfig config = ServiceConfig.fromJson(new io.vertx.core.json.JsonObject().put("apiKey", "old-key"));
    assertThat(config.apiKeys()).containsExactly("old-key");
  }

  @Test
  void toStringHidesTheApiKeysAndUrlCredentials() {
    ServiceConfig config = ServiceConfig.fromEnv(Map.of("ELASTICSEARCH_URL", "https://elastic:S3cretPw@es:9200",
      "SERVICE_API_KEY", "TopSecretKey,OtherSecretKey"));
    assertThat(config.toString()).doesNotContain("S3cretPw", "TopSecretKey", "OtherSecretKey")
      .contains("2 API keys set", "***@es:9200");
  }
}
