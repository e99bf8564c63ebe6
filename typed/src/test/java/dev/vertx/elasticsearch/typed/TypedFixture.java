package dev.vertx.elasticsearch.typed;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;

import java.util.UUID;

import static dev.vertx.elasticsearch.typed.TypedTesting.await;

/**
 * A Vert.x instance, the client for the embedded node (traced into an in-memory exporter) and the typed client over
 * it, with a fresh index name.
 */
final class TypedFixture implements AutoCloseable {

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
    .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
  final Vertx vertx = Vertx.vertx();
  final ElasticsearchClient client;
  final TypedElasticsearchClient typed;
  final String index;

  /**
   * @param es the node
   * @param prefix the prefix of the index name
   */
  TypedFixture(EmbeddedElasticsearch es, String prefix) {
    // the tests call outside any trace: root spans, so that every call is seen
    client = ElasticsearchClient.create(vertx, TypedTesting.options(es).setOpenTelemetry(otel)
      .setTracingPolicy(TracingPolicy.ALWAYS));
    typed = TypedElasticsearchClient.create(vertx, client);
    index = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Deletes the index, when there is one, and closes everything. */
  @Override
  public void close() {
    try {
      await(typed.indices().delete(d -> d.index(index).ignoreUnavailable(true)));
    } finally {
      await(client.close());
      await(vertx.close());
      otel.close();
    }
  }
}
