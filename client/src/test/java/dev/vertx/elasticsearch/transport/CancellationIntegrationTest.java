package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancellation against the embedded node: a write cancelled before it was sent is not applied; a request the node
 * holds (a cluster health call waiting for nodes that never come) is reset when cancelled, and the pool of one
 * connection serves the next call at once.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class CancellationIntegrationTest {

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private ElasticsearchClient client;
  private String index;

  CancellationIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(es.httpUrls()).setCompatibilityVersion(es.majorVersion()).setConnectionsPerNode(1)));
    index = "cancel-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    result(client.perform(HttpMethod.DELETE, "/" + index, Map.of("ignore_unavailable", "true"), null));
    result(client.close());
    result(vertx.close());
  }

  private static Throwable failureWithin(Future<?> call, long seconds) {
    try {
      Object value = call.await(seconds, TimeUnit.SECONDS);
      throw new AssertionError("Expected a failure, got " + value);
    } catch (TimeoutException e) {
      throw new AssertionError("The cancelled call did not fail within " + seconds + " s", e);
    } catch (RuntimeException e) {
      return call.cause();
    }
  }

  @Test
  void aWriteCancelledBeforeItWasSentIsNotApplied() {
    Cancellation token = Cancellation.create();
    token.cancel();
    Throwable error = failureWithin(client.withOptions(new CallOptions().setCancellation(token))
      .perform(HttpMethod.PUT, "/" + index + "/_doc/1", Map.of("refresh", "true"), new JsonObject().put("a", 1)), 5);

    assertThat(error).isInstanceOf(RequestCancelledException.class);
    assertThat(((RequestCancelledException) error).maybeApplied()).isFalse();
    ElasticsearchResponse get = result(client.withOptions(new CallOptions().setIgnoreStatus(java.util.Set.of(404)))
      .perform(HttpMethod.GET, "/" + index + "/_doc/1", null, null));
    assertThat(get.status()).isEqualTo(404);
  }

  @Test
  void aRequestTheNodeHoldsIsResetWhenCancelled() {
    Cancellation token = Cancellation.create();
    // the node holds the answer until 20 nodes joined, or 30 s passed
    Future<ElasticsearchResponse> held = client.withOptions(new CallOptions().setCancellation(token))
      .perform(HttpMethod.GET, "/_cluster/health", Map.of("wait_for_nodes", "20", "timeout", "30s"), null);
    // another client (the pool of this one is busy) sees the node working on it
    ElasticsearchClient observer = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(new TransportOptions().setHosts(es.httpUrls()).setCompatibilityVersion(es.majorVersion())));
    try {
      until(() -> result(observer.perform(HttpMethod.GET, "/_tasks", Map.of("actions", "cluster:monitor/health"),
        null)).bodyAsString().contains("cluster:monitor/health"));
    } finally {
      result(observer.close());
    }
    token.cancel();

    Throwable error = failureWithin(held, 10);
    assertThat(error).isInstanceOf(RequestCancelledException.class);
    assertThat(((RequestCancelledException) error).maybeApplied()).isTrue();
    // the pool's one connection was closed, not kept waiting for the held answer: the next call goes through now
    long start = System.nanoTime();
    assertThat(result(client.info()).status()).isEqualTo(200);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
  }

  @Test
  void callsOfAViewWithATokenRunNormallyUntilItIsCancelled() {
    Cancellation token = Cancellation.create();
    ElasticsearchClient view = client.withOptions(new CallOptions().setCancellation(token));
    assertThat(result(view.perform(HttpMethod.PUT, "/" + index + "/_doc/1", Map.of("refresh", "true"),
      new JsonObject().put("a", 1))).status()).isEqualTo(201);
    assertThat(result(view.info()).status()).isEqualTo(200);

    token.cancel();

    assertThat(failureWithin(view.info(), 5)).isInstanceOf(RequestCancelledException.class);
    assertThat(result(client.info()).status()).isEqualTo(200);
  }
}
