package dev.vertx.elasticsearch.tracing.impl;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;

import java.util.concurrent.TimeUnit;

/**
 * Finds the {@code OpenTelemetry} to report with: the configured one, else {@code GlobalOpenTelemetry} once an SDK
 * registered it. While none is registered it asks at most once a second, since {@code GlobalOpenTelemetry.isSet()}
 * takes a global lock: an SDK registered after the client was created is picked up within a second.
 */
public final class OpenTelemetryLookup {

  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final OpenTelemetry configured;
  private volatile long nextCheck = System.nanoTime();

  /**
   * @param configured the instance given in the options, or {@code null} for {@code GlobalOpenTelemetry}
   */
  public OpenTelemetryLookup(OpenTelemetry configured) {
    this.configured = configured;
  }

  /** @return the instance to report with, or {@code null} while there is none */
  public OpenTelemetry get() {
    if (configured != null) {
      return configured;
    }
    long now = System.nanoTime();
    if (now - nextCheck < 0) {
      return null;
    }
    if (!GlobalOpenTelemetry.isSet()) {
      nextCheck = now + RECHECK_NANOS;
      return null;
    }
    return GlobalOpenTelemetry.get();
  }
}
