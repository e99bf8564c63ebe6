package dev.vertx.elasticsearch.example;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.util.HashMap;
import java.util.Map;

/**
 * The OpenTelemetry SDK, configured from the standard {@code OTEL_*} variables (service name, exporter, OTLP
 * endpoint and protocol). Without an OTLP endpoint or exporter setting, traces are not exported at all, so a plain
 * run does not log export errors; metrics and logs are off unless asked for.
 */
final class Telemetry {

  private Telemetry() {
  }

  /**
   * Builds the SDK from the environment and system properties.
   *
   * @param env the environment
   * @return the SDK, to close at shutdown
   */
  static OpenTelemetrySdk init(Map<String, String> env) {
    return init(env, Map.of());
  }

  /**
   * Builds the SDK from the environment and system properties, with some properties forced.
   *
   * @param env the environment
   * @param overrides properties that win over the environment, e.g. {@code otel.exporter.otlp.endpoint}
   * @return the SDK, to close at shutdown
   */
  static OpenTelemetrySdk init(Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", "search-service");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    boolean exporterConfigured = overrides.containsKey("otel.traces.exporter") || env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
      || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") || env.containsKey("OTEL_TRACES_EXPORTER")
      || System.getProperty("otel.exporter.otlp.endpoint") != null || System.getProperty("otel.traces.exporter") != null;
    if (!exporterConfigured) {
      defaults.put("otel.traces.exporter", "none");
    }
    return AutoConfiguredOpenTelemetrySdk.builder()
      .addPropertiesSupplier(() -> defaults)
      .addPropertiesCustomizer(config -> overrides)
      .build()
      .getOpenTelemetrySdk();
  }
}
