package dev.vertx.elasticsearch.example;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The choice between OpenTelemetry and Zipkin, and how {@code ZIPKIN_URL} is read. */
class TracingSetupTest {

  @Test
  void zipkinUrlIsTheBaseUrlOfZipkin() {
    assertThat(TracingSetup.spansEndpoint("http://localhost:9411")).isEqualTo("http://localhost:9411/api/v2/spans");
    assertThat(TracingSetup.spansEndpoint("https://zipkin.example/")).isEqualTo("https://zipkin.example/api/v2/spans");
    assertThat(TracingSetup.spansEndpoint("http://proxy:8080/zipkin"))
      .isEqualTo("http://proxy:8080/zipkin/api/v2/spans");
  }

  @Test
  void aZipkinUrlThatIsNotOneFailsAtStartWithWhatIsExpected() {
    for (String bad : new String[] {"localhost:9411", "9411", "ftp://zipkin:21", "http://zipkin:9411?x=1",
      "http://bad host"}) {
      assertThatThrownBy(() -> TracingSetup.fromEnv(Map.of("ZIPKIN_URL", bad))).as(bad)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZIPKIN_URL must be Zipkin's base URL").hasMessageContaining(bad);
    }
  }

  @Test
  void credentialsInZipkinUrlAreRefusedWithoutRepeatingThem() {
    assertThatThrownBy(() -> TracingSetup.fromEnv(Map.of("ZIPKIN_URL", "http://user:secret@zipkin:9411")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without user info")
      .hasMessageNotContaining("secret");
  }

  @Test
  void withZipkinTheClientGetsNoSdkAndReportsThroughVertxsTracer() {
    TracingSetup zipkin = TracingSetup.fromEnv(Map.of("ZIPKIN_URL", "http://localhost:9411",
      "OTEL_SERVICE_NAME", "books"));
    assertThat(zipkin.clientOpenTelemetry()).isNull();
    assertThat(zipkin.describe()).contains("Zipkin at http://localhost:9411/api/v2/spans", "'books'");
    zipkin.close();
  }

  @Test
  void withoutZipkinUrlItIsOpenTelemetryAsBefore() {
    TracingSetup otel = TracingSetup.fromEnv(Map.of("ZIPKIN_URL", " "));
    try {
      assertThat(otel.clientOpenTelemetry()).isNotNull();
      assertThat(otel.describe()).contains("OpenTelemetry");
    } finally {
      otel.close();
    }
  }
}
