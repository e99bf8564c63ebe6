package dev.vertx.elasticsearch.tracing;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's {@link TracingPolicy}, and its spans reported through Vert.x's tracer SPI when the client has no
 * OpenTelemetry SDK of its own, against the embedded node.
 */
class TracingPolicyTest extends TracedVertxTest {

  private static final String SCOPE = "dev.vertx.elasticsearch";


  TracingPolicyTest(EmbeddedElasticsearch es) {
    super(es);
  }

  private ElasticsearchClient client(TracingPolicy policy, boolean ownSdk) {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(es.httpUrls().toArray(String[]::new));
    options.getTransport().setCompatibilityVersion(es.majorVersion());
    if (policy != null) {
      options.setTracingPolicy(policy);
    }
    return ElasticsearchClient.create(vertx, options.setOpenTelemetry(ownSdk ? otel : null));
  }

  /** Spans that carry the database attributes: the client's, whichever tracer made them. */
  private List<SpanData> dbSpans() {
    return exporter.getFinishedSpanItems().stream()
      .filter(s -> "elasticsearch".equals(s.getAttributes().get(AttributeKey.stringKey("db.system.name")))).toList();
  }

  /** Runs a call under a parent span of the test's, and waits until the parent is exported. */
  private <T> T underParent(String name, Supplier<Future<T>> call) {
    Span parent = otel.getTracer("test").spanBuilder(name).startSpan();
    T value;
    try (Scope ignored = parent.makeCurrent()) {
      value = result(call.get());
    } finally {
      parent.end();
    }
    until(() -> exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(name)));
    return value;
  }

  /** Calls {@code info} from a Vert.x Web route, under the request's server span, and waits for that span. */
  private SpanData infoUnderAServerSpan(ElasticsearchClient client) {
    Router router = Router.router(vertx);
    router.get("/info").handler(ctx -> client.info()
      .onComplete(ar -> ctx.response().end(ar.succeeded() ? "ok" : "ko")));
    HttpServer server = result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    Vertx untraced = Vertx.vertx();
    try {
      assertThat(result(WebClient.create(untraced).get(server.actualPort(), "127.0.0.1", "/info").send())
        .bodyAsString()).isEqualTo("ok");
    } finally {
      result(untraced.close());
      result(server.close());
    }
    until(() -> exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
      .orElseThrow();
  }

  @Test
  void propagateByDefaultMakesASpanOnlyInsideATrace() {
    ElasticsearchClient client = client(null, true);
    assertThat(new ElasticsearchClientOptions().getTracingPolicy()).isEqualTo(TracingPolicy.PROPAGATE);
    result(client.info());
    underParent("parent", client::info);
    // Spans are exported as they end: the call outside a trace would have come first.
    until(() -> dbSpans().size() == 1);
    SpanData span = dbSpans().get(0);
    SpanData parent = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("parent")).findFirst()
      .orElseThrow();
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanId());
    assertThat(dbSpans()).hasSize(1);
    result(client.close());
  }

  @Test
  void propagateLeavesHelpersOutsideATraceUntraced() {
    ElasticsearchClient client = client(TracingPolicy.PROPAGATE, true);
    String index = "policy-" + UUID.randomUUID().toString().substring(0, 8);
    List<BulkOperation> ops = List.of(BulkOperation.index(index, new JsonObject().put("n", 1)).id("1"));
    assertThat(result(ElasticsearchHelpers.bulk(vertx, client, ops, new BulkOptions())).successes()).isEqualTo(1);
    underParent("parent", () -> ElasticsearchHelpers.bulk(vertx, client, ops, new BulkOptions()));
    until(() -> exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals("helpers.bulk")));
    assertThat(exporter.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("helpers.bulk")).hasSize(1);
    assertThat(dbSpans()).extracting(SpanData::getName).containsOnlyOnce("bulk").contains("helpers.bulk");
    result(client.close());
  }

  @Test
  void alwaysMakesARootSpanOutsideATrace() {
    ElasticsearchClient client = client(TracingPolicy.ALWAYS, true);
    result(client.info());
    until(() -> dbSpans().size() == 1);
    SpanData span = dbSpans().get(0);
    assertThat(span.getName()).isEqualTo("info");
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo(SCOPE);
    result(client.close());
  }

  @Test
  void ignoreMakesNoSpanEvenInsideATrace() {
    ElasticsearchClient client = client(TracingPolicy.IGNORE, true);
    String index = "policy-" + UUID.randomUUID().toString().substring(0, 8);
    List<BulkOperation> ops = List.of(BulkOperation.index(index, new JsonObject().put("n", 1)).id("1"));
    underParent("parent", () -> ElasticsearchHelpers.bulk(vertx, client, ops, new BulkOptions()));
    underParent("second", client::info);
    assertThat(dbSpans()).isEmpty();
    assertThat(client.tracer().spanBuilder("x").startSpan().getSpanContext().isValid()).isFalse();
    result(client.close());
  }

  @Test
  void thePolicyRoundTripsThroughJson() {
    ElasticsearchClientOptions options = new ElasticsearchClientOptions().setTracingPolicy(TracingPolicy.IGNORE);
    JsonObject json = options.toJson();
    assertThat(json.getString("tracingPolicy")).isEqualTo("IGNORE");
    assertThat(new ElasticsearchClientOptions(json).getTracingPolicy()).isEqualTo(TracingPolicy.IGNORE);
    assertThat(new ElasticsearchClientOptions(new JsonObject()).getTracingPolicy()).isEqualTo(TracingPolicy.PROPAGATE);
    assertThat(new ElasticsearchClientOptions(options).getTracingPolicy()).isEqualTo(TracingPolicy.IGNORE);
    assertThatThrownBy(() -> new ElasticsearchClientOptions(new JsonObject().put("tracingPolicy", "SOMETIMES")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOMETIMES").hasMessageContaining("PROPAGATE");
    assertThatThrownBy(() -> options.setTracingPolicy(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void withoutAnSdkOfItsOwnTheClientReportsThroughTheVertxTracer() {
    ElasticsearchClient client = client(null, false);
    SpanData serverSpan = infoUnderAServerSpan(client);
    assertThat(dbSpans()).hasSize(1);
    SpanData span = dbSpans().get(0);
    assertThat(span.getInstrumentationScopeInfo().getName()).isNotEqualTo(SCOPE);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getName()).isEqualTo("info");
    assertThat(span.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.operation.name"))).isEqualTo("info");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.response.status_code"))).isEqualTo("200");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");

    // Outside any trace, PROPAGATE (the default) makes none; ALWAYS a root one.
    exporter.reset();
    result(client.info());
    ElasticsearchClient always = client(TracingPolicy.ALWAYS, false);
    result(always.info());
    until(() -> dbSpans().size() == 1);
    assertThat(dbSpans().get(0).getParentSpanContext().isValid()).isFalse();
    result(client.close());
    result(always.close());
  }

  @Test
  void withAnSdkOfItsOwnTheClientDoesNotReportTwice() {
    ElasticsearchClient client = client(null, true);
    SpanData serverSpan = infoUnderAServerSpan(client);
    assertThat(dbSpans()).singleElement().satisfies(s -> {
      assertThat(s.getInstrumentationScopeInfo().getName()).isEqualTo(SCOPE);
      assertThat(s.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
    });
    result(client.close());
  }
}
