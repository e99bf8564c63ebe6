package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.PoolExhaustedException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.TwoFaultyNodes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.FaultyServer.after;
import static dev.vertx.elasticsearch.testing.FaultyServer.error;
import static dev.vertx.elasticsearch.testing.FaultyServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timeouts that do not kill healthy nodes: the request timeout runs from writing to the answer and leaves a slow node
 * in rotation; waiting for a pooled connection has its own bound and typed error; a total timeout bounds a call
 * across its retries. Two nodes, with a selector that always prefers the first, so that "marked dead" is visible.
 */
class TimeoutsAndPoolTest {

  @RegisterExtension
  final TwoFaultyNodes servers = new TwoFaultyNodes();
  private final FaultyServer a = servers.a();
  private final FaultyServer b = servers.b();
  private ElasticsearchClient client;

  private ElasticsearchClient client(TransportOptions transport) {
    client = servers.client(transport.setHosts(a.url(), b.url()).setNodeSelector(nodes -> nodes.get(0)));
    return client;
  }

  private Future<ElasticsearchResponse> search(ElasticsearchClient c) {
    return c.perform(HttpMethod.GET, "/_search", null, null);
  }

  private Node first() {
    return client.transport().nodes().stream().filter(n -> n.url().equals(a.url())).findFirst().orElseThrow();
  }

  @Test
  void aSlowAnswerTimesOutAndLeavesTheNodeInRotation() {
    a.then(FaultyServer.stall());
    Throwable error = failure(search(client(new TransportOptions().setRequestTimeout(200).setRetry(RetryConfig.NONE))));

    assertThat(error).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("200 ms");
    assertThat(((RequestTimeoutException) error).maybeApplied()).isTrue();
    assertThat(first().isAlive()).isTrue();
    assertThat(first().failures()).isZero();
    assertThat(result(search(client)).status()).isEqualTo(200);
    assertThat(b.requests()).isEmpty();
  }

  @Test
  void aRefusedConnectionTakesTheNodeOutOfRotation() {
    client = servers.client(new TransportOptions().setHosts(FaultyServer.refusedUrl(), a.url())
      .setNodeSelector(nodes -> nodes.get(0)));
    ElasticsearchResponse response = result(search(client));

    assertThat(response.attempts()).isEqualTo(2);
    assertThat(client.transport().nodes()).filteredOn(n -> !n.url().equals(a.url())).singleElement()
      .satisfies(n -> assertThat(n.isAlive()).isFalse());
  }

  @Test
  void waitingForAPooledConnectionDoesNotCountAgainstTheRequestTimeout() {
    a.otherwise(after(150, ok("{}")));
    ElasticsearchClient c = client(new TransportOptions().setConnectionsPerNode(1).setRequestTimeout(400)
      .setRetry(RetryConfig.NONE));
    // one connection: the third request waits about 300 ms for it, then gets its answer 150 ms after writing
    List<Future<ElasticsearchResponse>> calls = IntStream.range(0, 3).mapToObj(i -> search(c)).toList();

    assertThat(calls).allSatisfy(call -> assertThat(result(call).status()).isEqualTo(200));
    assertThat(first().isAlive()).isTrue();
  }

  @Test
  void aFullPoolWaitQueueFailsFastWithATypedErrorAndMarksNoNodeDead() {
    ElasticsearchClient c = client(new TransportOptions().setConnectionsPerNode(1).setMaxPoolWaitQueueSize(1)
      .setRetry(RetryConfig.NONE));
    // open the pool's one connection first: a request waiting for a connection being opened takes a queue slot too
    assertThat(result(search(c)).status()).isEqualTo(200);
    a.otherwise(after(300, ok("{}")));
    List<Future<ElasticsearchResponse>> calls = IntStream.range(0, 3).mapToObj(i -> search(c)).toList();
    Future.join(calls).transform(ar -> Future.succeededFuture()).await();

    assertThat(calls).filteredOn(Future::succeeded).hasSize(2);
    assertThat(calls).filteredOn(Future::failed).singleElement().satisfies(call ->
      assertThat(call.cause()).isInstanceOf(PoolExhaustedException.class)
        .hasMessageContaining("maxPoolWaitQueueSize"));
    assertThat(first().isAlive()).isTrue();
    assertThat(b.requests()).isEmpty();
  }

  @Test
  void aPoolWaitTimeoutIsATypedErrorAndMarksNoNodeDead() {
    a.otherwise(after(500, ok("{}")));
    ElasticsearchClient c = client(new TransportOptions().setConnectionsPerNode(1).setPoolWaitTimeout(100)
      .setRetry(RetryConfig.NONE));
    Future<ElasticsearchResponse> holder = search(c);
    Throwable error = failure(search(c));

    assertThat(error).isInstanceOf(PoolExhaustedException.class).hasMessageContaining("pool wait timeout of 100 ms");
    assertThat(((PoolExhaustedException) error).maybeApplied()).isFalse();
    assertThat(first().isAlive()).isTrue();
    assertThat(result(holder).status()).isEqualTo(200);
  }

  @Test
  void aPoolWaitTimeoutIsRetriedOnAnotherNode() {
    a.otherwise(after(500, ok("{}")));
    ElasticsearchClient c = client(new TransportOptions().setConnectionsPerNode(1).setPoolWaitTimeout(100));
    Future<ElasticsearchResponse> holder = search(c);
    ElasticsearchResponse second = result(search(c));

    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.transportResponse().attemptErrors()).singleElement().isInstanceOf(PoolExhaustedException.class);
    assertThat(second.transportResponse().node()).isEqualTo(b.url());
    assertThat(result(holder).status()).isEqualTo(200);
  }

  @Test
  void aTotalTimeoutBoundsACallAcrossItsRetries() {
    a.otherwise(error(503, "unavailable_shards_exception"));
    b.otherwise(error(503, "unavailable_shards_exception"));
    ElasticsearchClient c = client(new TransportOptions()
      .setRetry(new RetryConfig().withMaxRetries(50).withBackoff(50, 50))
      .setTotalTimeout(300));
    Throwable error = failure(search(c));

    // 50 retries 25-50 ms apart would take over a second: the total timeout ends the call first
    assertThat(error).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("total timeout of 300 ms");
    assertThat(((RequestTimeoutException) error).attemptErrors()).isNotEmpty()
      .allSatisfy(e -> assertThat(e).isInstanceOf(ApiException.class));
    assertThat(a.requests().size() + b.requests().size()).isLessThan(50);

    Throwable perCall = failure(search(c.withOptions(new CallOptions().setTotalTimeout(Duration.ofMillis(100)))));
    assertThat(perCall).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("total timeout of 100 ms");
  }
}
