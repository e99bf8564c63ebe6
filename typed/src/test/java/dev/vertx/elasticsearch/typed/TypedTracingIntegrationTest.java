package dev.vertx.elasticsearch.typed;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.vertx.elasticsearch.typed.TypedTesting.await;
import static dev.vertx.elasticsearch.typed.TypedTesting.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One CLIENT span per typed call, the client's, named after elasticsearch-java's endpoint id. The SDK is also the
 * global one, which elasticsearch-java's own instrumentation would use: it must stay silent.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class TypedTracingIntegrationTest {

  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("db.response.status_code");

  private final EmbeddedElasticsearch es;
  private TypedFixture fixture;
  private InMemorySpanExporter spans;
  private TypedElasticsearchClient typed;
  private String index;

  TypedTracingIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    fixture = new TypedFixture(es, "typed-trace");
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(fixture.otel);
    spans = fixture.spans;
    typed = fixture.typed;
    index = fixture.index;
  }

  @AfterEach
  void tearDown() {
    GlobalOpenTelemetry.resetForTest();
    fixture.close();
  }

  /** @return the spans of one call, after clearing the earlier ones */
  private List<SpanData> spansOf(Runnable call) {
    spans.reset();
    call.run();
    return spans.getFinishedSpanItems();
  }

  @Test
  void oneClientSpanPerCallNamedAfterTheEndpoint() {
    List<SpanData> create = spansOf(() -> await(typed.indices().create(c -> c.index(index))));
    assertThat(create).hasSize(1);
    assertThat(create.get(0).getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(create.get(0).getName()).isEqualTo("indices.create " + index);
    assertThat(create.get(0).getAttributes().get(OPERATION)).isEqualTo("indices.create");
    assertThat(create.get(0).getAttributes().get(COLLECTION)).isEqualTo(index);

    List<SpanData> search = spansOf(() -> await(typed.search(s -> s.index(index).query(q -> q.matchAll(m -> m)),
      Book.class)));
    assertThat(search).hasSize(1);
    assertThat(search.get(0).getName()).isEqualTo("search " + index);
    assertThat(search.get(0).getAttributes().get(STATUS)).isEqualTo("200");
    assertThat(search.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    List<SpanData> health = spansOf(() -> await(typed.cluster().health()));
    assertThat(health).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("cluster.health");
      assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
    });

    List<SpanData> bulk = spansOf(() -> await(typed.bulk(b -> b.index(index)
      .operations(op -> op.index(i -> i.id("1").document(new Book("Dune", "sci-fi", 1965, 4.5))))
      .operations(op -> op.delete(d -> d.id("2"))))));
    assertThat(bulk).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("bulk " + index);
      assertThat(s.getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isEqualTo(2L);
    });

    assertThat(spansOf(() -> await(typed.indices().delete(d -> d.index(index))))).hasSize(1);
  }

  @Test
  void anErrorAnswerIsOneSpanMarkedAsAnError() {
    List<SpanData> missing = spansOf(() -> failureOf(typed.search(s -> s.index(index), Book.class)));
    assertThat(missing).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo("search " + index);
      assertThat(s.getAttributes().get(STATUS)).isEqualTo("404");
      assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    });
  }
}
