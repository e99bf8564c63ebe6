package dev.vertx.elasticsearch.client;

import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.LoadDriver;
import dev.vertx.elasticsearch.testing.TestLog;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sustained reads against a real 3-node cluster while one node is stopped and restarted: no request fails, and the
 * node serves requests again after its restart.
 */
class ClusterFailoverTest {

  private static final String INDEX = "failover";
  private static final int DOCS = 100;

  private static EmbeddedElasticsearch cluster;
  private static Vertx vertx;

  @BeforeAll
  static void startCluster() {
    cluster = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions().setNodes(3).setClusterName("failover"));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopCluster() {
    if (vertx != null) {
      result(vertx.close());
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void stoppingANodeFailsNoRequestAndItComesBackAfterRestart() {
    ElasticsearchClient client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(cluster.httpUrls()).setCompatibilityVersion(cluster.majorVersion())
        .setRequestTimeout(10_000).setRetry(new RetryConfig().withMaxRetries(5).withBackoff(50, 500))
        .setDeadNodeBackoffBase(200).setDeadNodeBackoffMax(1_000)));
    // Two replicas: every node holds every shard, so any one node can go.
    result(client.perform(HttpMethod.PUT, "/" + INDEX, null, new JsonObject().put("settings",
      new JsonObject().put("number_of_shards", 2).put("number_of_replicas", 2))));
    List<Future<ElasticsearchResponse>> writes = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      writes.add(client.perform(HttpMethod.PUT, "/" + INDEX + "/_doc/" + i, null, new JsonObject().put("n", i)));
    }
    result(Future.all(writes));
    result(client.perform(HttpMethod.POST, "/" + INDEX + "/_refresh", null, null));
    result(client.perform(HttpMethod.GET, "/_cluster/health/" + INDEX,
      Map.of("wait_for_status", "green", "timeout", "30s"), null));

    String stopped = cluster.httpUrls().get(1);
    LoadDriver load = new LoadDriver(vertx.getOrCreateContext(), 8, n -> n % 2 == 0
      ? client.perform(HttpMethod.GET, "/" + INDEX + "/_doc/" + (n % DOCS), null, null)
      : client.perform(HttpMethod.POST, "/" + INDEX + "/_search", null,
          new JsonObject().put("query", new JsonObject().put("term", new JsonObject().put("n", n % DOCS)))));
    long[] servedBeforeRestart = new long[1];
    load.start();
    try {
      Await.until(() -> load.servedBy(stopped) >= 50);
      cluster.stopNode(1);
      long afterStop = load.succeeded();
      Await.until(() -> load.succeeded() >= afterStop + 500);
      long servedWhileDown = load.servedBy(stopped);
      servedBeforeRestart[0] = servedWhileDown;

      cluster.startNode(1);
      Await.until(() -> load.servedBy(stopped) > servedWhileDown + 20);
    } finally {
      load.stop();
      Await.until(() -> load.inFlight() == 0);
    }
    TestLog.info("failover: %d requests succeeded, %d failed; node %s served %d before/while stopped,"
      + " %d in total%n", load.succeeded(), load.failures().size(), stopped, servedBeforeRestart[0],
      load.servedBy(stopped));
    assertThat(load.failures()).as("failed requests").isEmpty();
    assertThat(load.succeeded()).isGreaterThan(600);
    assertThat(client.transport().nodes()).allMatch(n -> n.isAlive());
    result(client.close());
  }
}
