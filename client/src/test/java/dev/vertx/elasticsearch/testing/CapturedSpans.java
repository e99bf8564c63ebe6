package dev.vertx.elasticsearch.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import static dev.vertx.elasticsearch.testing.Await.until;

/** An OpenTelemetry SDK that keeps every finished span in memory, for tests that assert what a call traced. */
public final class CapturedSpans implements AutoCloseable {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
    .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();

  /** @return the SDK to give the client */
  public OpenTelemetrySdk otel() {
    return otel;
  }

  /** @return the spans finished so far, in the order they ended */
  public List<SpanData> finished() {
    return exporter.getFinishedSpanItems();
  }

  /** Forgets the spans finished so far. */
  public void reset() {
    exporter.reset();
  }

  /**
   * Waits (bounded) for a finished span that matches.
   *
   * @param which what the span must be
   * @return the first finished span that matches
   */
  public SpanData await(Predicate<SpanData> which) {
    until(() -> finished().stream().anyMatch(which));
    return finished().stream().filter(which).findFirst().orElseThrow();
  }

  /** @return the {@code db.operation.name} of the finished spans that have one, in the order they ended */
  public List<String> operations() {
    return finished().stream().map(s -> s.getAttributes().get(AttributeKey.stringKey("db.operation.name")))
      .filter(Objects::nonNull)
      .toList();
  }

  /** Shuts the SDK down. */
  @Override
  public void close() {
    otel.close();
  }
}
