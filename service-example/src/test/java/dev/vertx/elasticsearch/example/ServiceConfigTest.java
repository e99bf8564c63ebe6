package dev.vertx.elasticsearch.example;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceConfigTest {

  @Test
  void readsTheEnvironmentWithDefaults() {
    ServiceConfig defaults = ServiceConfig.fromEnv(Map.of());
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.index()).isEqualTo("books");
    assertThat(defaults.apiKey()).isNull();
    assertThat(defaults.loadSampleData()).isTrue();
    assertThat(defaults.shutdownGraceMs()).isEqualTo(10_000);

    ServiceConfig set = ServiceConfig.fromEnv(Map.of("ELASTICSEARCH_URL", "http://a:9200, http://b:9200", "PORT", "9000",
      "SERVICE_API_KEY", "k", "BOOKS_INDEX", "novels", "ELASTICSEARCH_COMPATIBILITY", "8", "LOAD_SAMPLE_DATA", "false",
      "SHUTDOWN_GRACE_MS", "2500"));
    assertThat(set.loadSampleData()).isFalse();
    assertThat(set.shutdownGraceMs()).isEqualTo(2500);
    assertThat(set.elasticsearchUrls()).containsExactly("http://a:9200", "http://b:9200");
    assertThat(set.port()).isEqualTo(9000);
    assertThat(set.compatibilityVersion()).isEqualTo(8);
    assertThat(ServiceConfig.fromJson(set.toJson())).isEqualTo(set);
    assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("PORT", "eighty"))).hasMessageContaining("port");
  }

  @Test
  void toStringHidesTheApiKeyAndUrlCredentials() {
    ServiceConfig config = ServiceConfig.fromEnv(Map.of("ELASTICSEARCH_URL", "https://elastic:S3cretPw@es:9200",
      "SERVICE_API_KEY", "TopSecretKey"));
    assertThat(config.toString()).doesNotContain("S3cretPw", "TopSecretKey").contains("API key set", "***@es:9200");
  }
}
