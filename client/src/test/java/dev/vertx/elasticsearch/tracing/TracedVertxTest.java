package dev.vertx.elasticsearch.tracing;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.vertx.elasticsearch.testing.Await.result;

/**
 * What the tracing tests run on, for each test: an SDK with W3C propagation that exports every span to
 * {@link #exporter} as it ends, and a Vert.x instance whose tracer is Vert.x's OpenTelemetry one, on that SDK; both
 * closed after the test (after a subclass's own {@code @AfterEach}).
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
abstract class TracedVertxTest {

  protected final EmbeddedElasticsearch es;
  protected final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  protected final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
    .build();
  protected final Vertx vertx = Vertx.builder().with(new VertxOptions().setTracingOptions(new OpenTelemetryOptions()))
    .withTracer(new OpenTelemetryTracingFactory(otel)).build();

  TracedVertxTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @AfterEach
  final void closeVertxAndSdk() {
    try {
      result(vertx.close());
    } finally {
      otel.close();
    }
  }
}
