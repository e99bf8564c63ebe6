package dev.vertx.elasticsearch.metrics;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's requests as a vertx-micrometer-metrics user sees them through the Vert.x metrics SPI: counts,
 * latencies, resets and pending requests per node, against the embedded node and scripted servers.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class VertxClientMetricsTest {

  private final EmbeddedElasticsearch es;
  private SimpleMeterRegistry registry;
  private Vertx vertx;

  VertxClientMetricsTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    registry = new SimpleMeterRegistry();
    vertx = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .addLabels(Label.REMOTE)))
      .withMetrics(new MicrometerMetricsFactory(registry))
      .build();
  }

  @AfterEach
  void tearDown() {
    result(vertx.close());
  }

  private ElasticsearchClient client(String... hosts) {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(hosts);
    options.getTransport().setCompatibilityVersion(es.majorVersion()).setRetry(new RetryConfig().withBackoff(1, 2));
    return ElasticsearchClient.create(vertx, options);
  }

  /** The meter of that name for the node at that port ({@code remote} is {@code host:port}). */
  private <M extends Meter> M meter(String name, String url, Class<M> type) {
    String remote = ":" + URI.create(url).getPort();
    List<M> found = registry.getMeters().stream()
      .filter(m -> m.getId().getName().equals(name) && type.isInstance(m))
      .filter(m -> m.getId().getTag("remote") != null && m.getId().getTag("remote").endsWith(remote))
      .map(type::cast).toList();
    assertThat(found).as(name + " for " + url).hasSize(1);
    return found.get(0);
  }

  private long requests(String url) {
    return meter("vertx.elasticsearch.processing.time", url, Timer.class).count();
  }

  private double resets(String url) {
    return meter("vertx.elasticsearch.resets", url, Counter.class).count();
  }

  private double pending(String url) {
    return meter("vertx.elasticsearch.processing.pending", url, Gauge.class).value();
  }

  @Test
  void requestsAreCountedAndTimedPerNode() {
    try (FaultyServer other = FaultyServer.start(vertx)) {
      ElasticsearchClient client = client(es.httpUrl(), other.url());
      for (int i = 0; i < 6; i++) {
        result(client.info());
      }
      // Round robin: three each.
      assertThat(requests(es.httpUrl())).isEqualTo(3);
      assertThat(requests(other.url())).isEqualTo(3);
      Timer timer = meter("vertx.elasticsearch.processing.time", es.httpUrl(), Timer.class);
      assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
      assertThat(resets(es.httpUrl())).isZero();
      assertThat(pending(es.httpUrl())).isZero();
      result(client.close());
    }
  }

  @Test
  void everyAttemptIsARequestAndAFailedOneAReset() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      ElasticsearchClient client = client(server.url());
      server.then(FaultyServer.error(503, "unavailable"));
      result(client.info());
      // The 503 was answered: two requests, no reset.
      assertThat(requests(server.url())).isEqualTo(2);
      assertThat(resets(server.url())).isZero();

      server.then(FaultyServer.stall());
      Throwable timeout = failure(client.withOptions(new CallOptions()
        .setRequestTimeout(200).setRetry(RetryConfig.NONE)).info());
      assertThat(timeout).isInstanceOf(RequestTimeoutException.class);
      assertThat(resets(server.url())).isEqualTo(1);
      assertThat(requests(server.url())).isEqualTo(3);
      assertThat(pending(server.url())).isZero();

      server.then(FaultyServer.reset());
      failure(client.withOptions(new CallOptions().setRetry(RetryConfig.NONE)).info());
      assertThat(resets(server.url())).isEqualTo(2);
      assertThat(pending(server.url())).isZero();
      result(client.close());
    }
  }

  @Test
  void aRefusedConnectionReachesNoNodeAndIsNotARequest() {
    String refused = FaultyServer.refusedUrl();
    ElasticsearchClient client = client(refused, es.httpUrl());
    for (int i = 0; i < 4; i++) {
      result(client.info());
    }
    assertThat(requests(es.httpUrl())).isEqualTo(4);
    String refusedPort = ":" + URI.create(refused).getPort();
    assertThat(registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("vertx.elasticsearch."))
      .map(m -> m.getId().getTag("remote"))).isNotEmpty().noneMatch(remote -> remote.endsWith(refusedPort));
    result(client.close());
  }
}
