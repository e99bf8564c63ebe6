package dev.vertx.elasticsearch.metrics;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.ElasticsearchStream;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.TransportAttempt;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTelemetry {@code db.client.operation.duration} histogram, read through the SDK's in-memory reader, against
 * the embedded node and, for faults, a scripted server.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class OperationDurationMetricTest {

  private static final List<Double> ADVISED = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  private final EmbeddedElasticsearch es;
  private InMemoryMetricReader reader;
  private OpenTelemetrySdk otel;
  private Vertx vertx;
  private String index;

  OperationDurationMetricTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    reader = InMemoryMetricReader.create();
    otel = OpenTelemetrySdk.builder()
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
      .build();
    vertx = Vertx.vertx();
    index = "metric-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    result(vertx.close());
    otel.close();
  }

  private ElasticsearchClient client(TransportOptions transport, Boolean metricsEnabled) {
    return ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(transport.setCompatibilityVersion(es.majorVersion()).setRetry(transport.getRetry().withBackoff(1, 2)))
      .setOpenTelemetry(otel).setMetricsEnabled(metricsEnabled));
  }

  private List<HistogramPointData> points() {
    return reader.collectAllMetrics().stream().filter(m -> m.getName().equals("db.client.operation.duration"))
      .flatMap(m -> m.getHistogramData().getPoints().stream()).toList();
  }

  private HistogramPointData onlyPoint() {
    List<HistogramPointData> points = points();
    assertThat(points).hasSize(1);
    return points.get(0);
  }

  private static int port(String url) {
    return URI.create(url).getPort();
  }

  @Test
  void aCallIsOneObservationInSecondsWithTheAdvisedBucketsAndTheConventionalAttributes() {
    ElasticsearchClient client = client(new TransportOptions().setHosts(es.httpUrls()), null);
    result(client.perform(TransportRequest.of(HttpMethod.PUT, "/" + index + "/_doc/1").endpoint("index")
      .pathParts(Map.of("index", index, "id", "1")).body(new JsonObject().put("a", 1).toBuffer(), "application/json")));

    MetricData metric = reader.collectAllMetrics().stream()
      .filter(m -> m.getName().equals("db.client.operation.duration")).findFirst().orElseThrow();
    assertThat(metric.getUnit()).isEqualTo("s");
    assertThat(metric.getInstrumentationScopeInfo().getName()).isEqualTo("dev.vertx.elasticsearch");
    HistogramPointData point = metric.getHistogramData().getPoints().iterator().next();
    assertThat(metric.getHistogramData().getPoints()).hasSize(1);
    assertThat(point.getBoundaries()).isEqualTo(ADVISED);
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getSum()).isGreaterThan(0).isLessThan(30);
    assertThat(point.getAttributes()).isEqualTo(Attributes.builder()
      .put("db.system.name", "elasticsearch")
      .put("db.operation.name", "index")
      .put("db.collection.name", index)
      .put("db.response.status_code", "201")
      .put("server.address", "127.0.0.1")
      .put("server.port", (long) port(es.httpUrl()))
      .build());

    result(client.perform(TransportRequest.of(HttpMethod.PUT, "/" + index + "/_doc/2").endpoint("index")
      .pathParts(Map.of("index", index, "id", "2")).body(new JsonObject().put("a", 2).toBuffer(), "application/json")));
    assertThat(onlyPoint().getCount()).isEqualTo(2);
    result(client.close());
  }

  @Test
  void aFailedCallIsObservedWithItsErrorType() {
    ElasticsearchClient client = client(new TransportOptions().setHosts(es.httpUrls()), null);
    failure(client.perform(TransportRequest.of(HttpMethod.GET, "/" + index + "/_doc/nope").endpoint("get")
      .pathParts(Map.of("index", index, "id", "nope"))));
    HistogramPointData notFound = onlyPoint();
    assertThat(notFound.getCount()).isEqualTo(1);
    assertThat(notFound.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("404");
    assertThat(notFound.getAttributes().get(AttributeKey.stringKey("db.response.status_code"))).isEqualTo("404");
    result(client.close());

    String refusedUrl = FaultyServer.refusedUrl();
    ElasticsearchClient refused = client(new TransportOptions().setHosts(refusedUrl)
      .setRetry(new RetryConfig().withMaxRetries(1)), null);
    failure(refused.info());
    HistogramPointData connection = points().stream()
      .filter(p -> "info".equals(p.getAttributes().get(AttributeKey.stringKey("db.operation.name"))))
      .findFirst().orElseThrow();
    // Two attempts, one observation.
    assertThat(connection.getCount()).isEqualTo(1);
    assertThat(connection.getAttributes().get(AttributeKey.stringKey("error.type")))
      .isEqualTo(ConnectionException.class.getName());
    assertThat(connection.getAttributes().get(AttributeKey.stringKey("db.response.status_code"))).isNull();
    assertThat(connection.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo((long) port(refusedUrl));
    result(refused.close());
  }

  @Test
  void retriesAndBatchesAreInsideOneObservation() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      ElasticsearchClient client = client(new TransportOptions().setHosts(server.url()), null);
      server.then(FaultyServer.error(503, "unavailable"), FaultyServer.error(429, "busy"));
      result(client.withOptions(new CallOptions().setRetry(new RetryConfig().withBackoff(1, 2))).info());
      assertThat(server.requests()).hasSize(3);
      HistogramPointData point = onlyPoint();
      assertThat(point.getCount()).isEqualTo(1);
      assertThat(point.getAttributes().get(AttributeKey.stringKey("db.response.status_code"))).isEqualTo("200");
      assertThat(point.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
      result(client.close());
    }

    ElasticsearchClient client = client(new TransportOptions().setHosts(es.httpUrls()), null);
    String ndjson = "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"1\"}}\n{\"a\":1}\n"
      + "{\"index\":{\"_index\":\"" + index + "\",\"_id\":\"2\"}}\n{\"a\":2}\n"
      + "{\"delete\":{\"_index\":\"" + index + "\",\"_id\":\"3\"}}\n";
    result(client.perform(TransportRequest.of(HttpMethod.POST, "/_bulk").endpoint("bulk")
      .body(Buffer.buffer(ndjson), "application/x-ndjson")));
    HistogramPointData bulk = points().stream()
      .filter(p -> "bulk".equals(p.getAttributes().get(AttributeKey.stringKey("db.operation.name"))))
      .findFirst().orElseThrow();
    assertThat(bulk.getCount()).isEqualTo(1);
    result(client.close());
  }

  @Test
  void theClusterNameOfTheAnswerIsTheNamespace() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      server.then(r -> r.response().putHeader("X-Elastic-Product", "Elasticsearch")
        .putHeader("X-Found-Handling-Cluster", "abc123").end("{}"));
      ElasticsearchClient client = client(new TransportOptions().setHosts(server.url()), null);
      result(client.info());
      assertThat(onlyPoint().getAttributes().get(AttributeKey.stringKey("db.namespace"))).isEqualTo("abc123");
      result(client.info());
      // The second answer names no cluster: a point of its own, without namespace.
      assertThat(points()).hasSize(2)
        .anySatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("db.namespace"))).isNull());
      result(client.close());
    }
  }

  @Test
  void metricsAreSwitchedLikeTracing() {
    ElasticsearchClient off = client(new TransportOptions().setHosts(es.httpUrls()), false);
    ElasticsearchClient on = client(new TransportOptions().setHosts(es.httpUrls()), null);
    result(off.perform(TransportRequest.of(HttpMethod.GET, "/").endpoint("info")));
    result(on.perform(TransportRequest.of(HttpMethod.HEAD, "/").endpoint("ping")));
    assertThat(points()).singleElement().satisfies(p ->
      assertThat(p.getAttributes().get(AttributeKey.stringKey("db.operation.name"))).isEqualTo("ping"));
    result(off.close());
    result(on.close());

    assertThat(new ElasticsearchClientOptions().isMetricsEnabled()).isTrue();
    System.setProperty(ElasticsearchClientOptions.METRICS_ENABLED_PROPERTY, "false");
    try {
      assertThat(new ElasticsearchClientOptions().isMetricsEnabled()).isFalse();
      assertThat(new ElasticsearchClientOptions().setMetricsEnabled(true).isMetricsEnabled()).isTrue();
    } finally {
      System.clearProperty(ElasticsearchClientOptions.METRICS_ENABLED_PROPERTY);
    }
    // The instrumentation's own switch turns metrics off too, unless the metrics switch says otherwise.
    System.setProperty(ElasticsearchClientOptions.ENABLED_PROPERTY, "false");
    System.setProperty(ElasticsearchClientOptions.METRICS_ENABLED_PROPERTY, "true");
    try {
      assertThat(new ElasticsearchClientOptions().isMetricsEnabled()).isTrue();
      System.clearProperty(ElasticsearchClientOptions.METRICS_ENABLED_PROPERTY);
      assertThat(new ElasticsearchClientOptions().isMetricsEnabled()).isFalse();
    } finally {
      System.clearProperty(ElasticsearchClientOptions.ENABLED_PROPERTY);
      System.clearProperty(ElasticsearchClientOptions.METRICS_ENABLED_PROPERTY);
    }

    JsonObject json = new ElasticsearchClientOptions().setMetricsEnabled(false).toJson();
    assertThat(json.getBoolean("metricsEnabled")).isFalse();
    assertThat(new ElasticsearchClientOptions(json).isMetricsEnabled()).isFalse();
    assertThat(new ElasticsearchClientOptions(json).toJson()).isEqualTo(json);
    assertThat(new ElasticsearchClientOptions().toJson().containsKey("metricsEnabled")).isFalse();
  }

  @Test
  void aStreamedCallIsObservedWhenItsBodyEnds() {
    ElasticsearchClient client = client(new TransportOptions().setHosts(es.httpUrls()), null);
    ElasticsearchStream stream = result(client.performStream(HttpMethod.GET, "/_cat/indices", null, null));
    assertThat(points()).as("not before the body ended").isEmpty();

    result(stream.body().collect(java.util.stream.Collector.of(io.vertx.core.buffer.Buffer::buffer,
      io.vertx.core.buffer.Buffer::appendBuffer, io.vertx.core.buffer.Buffer::appendBuffer)));
    Await.until(() -> points().size() == 1);

    HistogramPointData point = onlyPoint();
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getAttributes().get(AttributeKey.stringKey("db.operation.name"))).isEqualTo("cat.indices");
    assertThat(point.getAttributes().get(AttributeKey.stringKey("db.response.status_code"))).isEqualTo("200");
    result(client.close());
  }

  @Test
  void theApplicationsInstrumentationSeesEveryCallAndAttempt() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Instrumentation instrumentation = call -> new CallObserver() {
      @Override
      public void onPhase(TransportAttempt attempt) {
        seen.add(call.request().endpoint() + " " + attempt.phase());
      }

      @Override
      public void onEnd(TransportResponse response, Throwable failure) {
        seen.add(call.request().endpoint() + " end " + (response == null ? failure : response.status()));
      }
    };
    ElasticsearchClient client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(new TransportOptions().setHosts(es.httpUrls()).setCompatibilityVersion(es.majorVersion()))
      .setOpenTelemetry(otel).setInstrumentation(instrumentation));

    result(client.info());

    assertThat(seen).containsExactly("info WRITING", "info AWAITING", "info READING", "info DONE", "info end 200");
    assertThat(onlyPoint().getCount()).as("the client's own metric still records").isEqualTo(1);
    result(client.close());
  }
}
