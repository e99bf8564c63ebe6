package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.helpers.ScanStream;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.LoadDriver;
import dev.vertx.elasticsearch.testing.TestLog;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover under mixed load on a real 3-node cluster: searches, gets and a bulk (documents with ids) run while a
 * data node is stopped and restarted, and then the elected master is stopped and restarted. Every index has two
 * replicas, so any one node can go. Run twice on the same cluster: without sniffing and with
 * {@code sniffOnNodeFailure} + {@code sniffInterval}.
 * <p>
 * Expected: no request fails, every document is indexed exactly once, the restarted nodes serve requests again, no
 * event loop is blocked. The two nodes are not down at the same time: with two of three master-eligible nodes gone
 * the cluster has no quorum, so no node could serve writes.
 */
@ExtendWith({ReliabilityReport.class, ReliabilityCluster.class})
class FailoverUnderLoadTest {

  private static final int SEED_DOCS = 200;
  /** Where Vert.x reports an event loop blocked longer than {@code maxEventLoopExecuteTime}. */
  static final String BLOCKED_THREAD_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

  private static EmbeddedElasticsearch cluster;
  private static Vertx vertx;
  private static ElasticsearchClient admin;

  @BeforeAll
  static void setUp(EmbeddedElasticsearch es) {
    cluster = es;
    ReliabilityReport.note("Elasticsearch", es.version() + ", 3 nodes");
    vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(200)
      .setMaxEventLoopExecuteTime(2).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS));
    admin = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(cluster.httpUrls()).setCompatibilityVersion(cluster.majorVersion())
        .setRetry(new RetryConfig().withMaxRetries(10).withBackoff(100, 1_000))
      .setDeadNodeBackoffBase(500).setDeadNodeBackoffMax(2_000)
      .setRequestTimeout(90_000)));
  }

  @AfterAll
  static void tearDown() {
    if (admin != null) {
      result(admin.close());
    }
    if (vertx != null) {
      result(vertx.close());
    }
  }

  private static TransportOptions userOptions(boolean sniff) {
    // What a user would tune for a cluster that loses nodes: a few retries with short backoff, dead nodes out of
    // rotation for 0.5 to 5 s.
    TransportOptions options = new TransportOptions().setHosts(cluster.httpUrls())
      .setCompatibilityVersion(cluster.majorVersion()).setRequestTimeout(30_000)
        .setRetry(new RetryConfig().withMaxRetries(5).withBackoff(50, 1_000))
      .setDeadNodeBackoffBase(500).setDeadNodeBackoffMax(5_000);
    if (sniff) {
      options.setSniffOnNodeFailure(true).setSniffInterval(500).setMinDelayBetweenSniffs(200).setSniffTimeout(2_000);
    }
    return options;
  }

  /** The detector the failover scenarios rely on does see a blocked event loop (so "0 warnings" means something). */
  @org.junit.jupiter.api.Test
  void theBlockedEventLoopDetectorWorks() {
    Vertx strict = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(20)
      .setMaxEventLoopExecuteTime(50).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    // The warning this provokes on purpose stays out of the test log, where CI looks for real ones.
    java.util.logging.Logger checkerLog = java.util.logging.Logger.getLogger(BLOCKED_THREAD_LOGGER);
    checkerLog.setUseParentHandlers(false);
    try (LogCapture capture = LogCapture.start(BLOCKED_THREAD_LOGGER, Level.WARNING)) {
      strict.runOnContext(v -> {
        // deliberately hog the event loop until the checker has reported it (bounded at 10 s)
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (capture.records().isEmpty() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
      });
      Await.until(() -> !capture.records().isEmpty());
      assertThat(capture.records().get(0).getMessage()).contains("blocked");
    } finally {
      result(strict.close());
      checkerLog.setUseParentHandlers(true);
    }
  }

  @ParameterizedTest(name = "sniffing {0}")
  @ValueSource(booleans = {false, true})
  void stopANodeThenTheMasterUnderMixedLoad(boolean sniff) {
    try (LogCapture blocked = LogCapture.start(BLOCKED_THREAD_LOGGER, Level.WARNING)) {
      scenario(sniff, blocked);
    }
  }

  private void scenario(boolean sniff, LogCapture blocked) {
    String index = "failover-" + (sniff ? "sniff" : "static");
    createIndex(index);
    ElasticsearchClient client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
      .setTransport(userOptions(sniff)));
    AtomicLong retried = new AtomicLong();
    AtomicLong shardFailures = new AtomicLong();
    Context loadContext = vertx.getOrCreateContext();
    LoadDriver load = new LoadDriver(loadContext, 6, n -> {
      // gets; strict searches (no fetch phase, partial results refused: any shard failure fails the request); and
      // searches with a fetch phase that accept partial results (the default), whose shard failures are counted
      Future<ElasticsearchResponse> f = n % 2 == 0
        ? client.perform(HttpMethod.GET, "/" + index + "/_doc/seed-" + (n % SEED_DOCS), null, null)
        : n % 4 == 1
        ? client.perform(HttpMethod.POST, "/" + index + "/_search", Map.of("allow_partial_search_results", false),
          new JsonObject().put("size", 0).put("track_total_hits", true)
            .put("query", new JsonObject().put("term", new JsonObject().put("n", n % SEED_DOCS))))
        : client.perform(HttpMethod.POST, "/" + index + "/_search", null, new JsonObject().put("size", 1)
          .put("query", new JsonObject().put("term", new JsonObject().put("n", n % SEED_DOCS))));
      return f.onSuccess(r -> {
        retried.addAndGet(r.attempts() - 1);
        JsonObject shards = r.body().getJsonObject("_shards");
        if (shards != null && shards.getInteger("failed", 0) > 0) {
          shardFailures.incrementAndGet();
        }
      });
    });

    // The bulk: documents with ids written at a steady pace on their own context for as long as the load runs.
    BulkIngester bulk = ElasticsearchHelpers.bulkIngester(vertx, client, new BulkOptions().setIndex(index).setMaxOperations(250)
      .setMaxBytes(256 * 1024).setConcurrency(2).setFlushInterval(200)
      .setRetry(BulkOptions.DEFAULT_RETRY.withMaxRetries(30).withInitialBackoff(50).withMaxBackoff(1_000)));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong written = new AtomicLong();
    Context bulkContext = vertx.getOrCreateContext();
    Promise<Void> writerDone = Promise.promise();
    bulkContext.runOnContext(v -> vertx.setPeriodic(20, id -> {
      if (!writing.get()) {
        vertx.cancelTimer(id);
        writerDone.tryComplete();
        return;
      }
      if (bulk.writeQueueFull()) {
        return;
      }
      for (int i = 0; i < 10; i++) {
        long n = written.getAndIncrement();
        bulk.write(BulkOperation.index(null, new JsonObject().put("n", n).put("kind", "bulk")).id("bulk-" + n));
      }
    }));
    // An independent look at the event loop: the largest lateness of a 50 ms periodic timer on the load context.
    AtomicLong maxLagMillis = new AtomicLong();
    long[] lagTimer = new long[1];
    loadContext.runOnContext(v -> {
      long[] last = {System.nanoTime()};
      lagTimer[0] = vertx.setPeriodic(50, id -> {
        long now = System.nanoTime();
        maxLagMillis.accumulateAndGet((now - last[0]) / 1_000_000 - 50, Math::max);
        last[0] = now;
      });
    });

    List<String> urls = cluster.httpUrls();
    load.start();
    String stoppedData;
    String stoppedMaster;
    long[] served = new long[2];
    try {
      for (String url : urls) {
        Await.until(() -> load.servedBy(url) >= 10);
      }
      int master = masterIndex();
      int data = (master + 1) % 3;
      stoppedData = urls.get(data);
      cycle(load, bulk, data);
      served[0] = load.servedBy(stoppedData);

      master = masterIndex();
      stoppedMaster = urls.get(master);
      cycle(load, bulk, master);
      served[1] = load.servedBy(stoppedMaster);
    } finally {
      load.stop();
      writing.set(false);
      vertx.cancelTimer(lagTimer[0]);
      Await.until(() -> load.inFlight() == 0);
    }
    result(writerDone.future());
    result(bulk.end());
    BulkSummary summary = result(bulk.summary());
    result(admin.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null));

    long total = written.get();
    Set<String> ids = new HashSet<>();
    long[] duplicates = {0};
    ScanStream<JsonObject> scan = ElasticsearchHelpers.scan(vertx, admin, new ScanOptions().setIndex(index)
      .setPageSize(5_000).setBody(new JsonObject().put("_source", false)
        .put("query", new JsonObject().put("term", new JsonObject().put("kind", "bulk")))));
    Promise<Void> scanned = Promise.promise();
    scan.exceptionHandler(scanned::tryFail).endHandler(v -> scanned.tryComplete()).handler(hit -> {
      synchronized (ids) {
        if (!ids.add(hit.getString("_id"))) {
          duplicates[0]++;
        }
      }
    });
    result(scanned.future());
    long count = result(admin.perform(HttpMethod.GET, "/" + index + "/_count", null,
      new JsonObject().put("query", new JsonObject().put("term", new JsonObject().put("kind", "bulk"))))).body()
      .getLong("count");
    long lost = 0;
    for (long n = 0; n < total; n++) {
      if (!ids.contains("bulk-" + n)) {
        lost++;
      }
    }
    long sent = load.succeeded() + load.failures().size() + summary.stats().requests();
    long bulkRetries = summary.stats().retries();
    String line = String.format("%d searches/gets ok, %d failed, %d retried (attempts-1), %d with"
        + " partial results (fetch-phase searches, allowed by default); bulk %d docs in %d requests, %d failed, %d item retries; lost %d, duplicated %d,"
        + " count %d; data node %s served %d, master %s served %d (totals); max timer lag %d ms; blocked-thread"
        + " warnings %d", load.succeeded(), load.failures().size(), retried.get(),
      shardFailures.get(), total, summary.stats().requests(), summary.stats().failures(), bulkRetries, lost,
      duplicates[0], count, stoppedData, served[0], stoppedMaster, served[1], maxLagMillis.get(),
      blocked.records().size());
    TestLog.info("%s", "failover, sniffing " + (sniff ? "on: " : "off: ") + line);
    ReliabilityReport.note("failover, sniffing " + (sniff ? "on" : "off"), line);
    ReliabilityReport.add(ReliabilityReport.SENT, sent);
    ReliabilityReport.add(ReliabilityReport.FAILED, load.failures().size() + summary.stats().failures());
    ReliabilityReport.add(ReliabilityReport.RETRIED, retried.get() + bulkRetries);
    ReliabilityReport.add(ReliabilityReport.LOST, lost);
    ReliabilityReport.add("searches with partial results (server side)", shardFailures.get());
    ReliabilityReport.add(ReliabilityReport.DUPLICATED, duplicates[0]);
    ReliabilityReport.fault("node stopped (data)", 1);
    ReliabilityReport.fault("node stopped (elected master)", 1);

    load.failures().stream().limit(5).forEach(e -> TestLog.info("%s", "failover failure: " + e
      + (e instanceof dev.vertx.elasticsearch.error.ApiException api ? " body " + api.body() : "")));
    assertThat(load.failures()).as("failed searches/gets").isEmpty();
    assertThat(summary.failures()).as("failed bulk items").isEmpty();
    assertThat(summary.stats().successes()).isEqualTo(total);
    assertThat(total).isGreaterThan(1_000);
    assertThat(lost).as("documents lost").isZero();
    assertThat(duplicates[0]).as("documents duplicated").isZero();
    assertThat(count).isEqualTo(total);
    assertThat(ids).hasSize((int) total);
    assertThat(blocked.records()).as("blocked event loop warnings").isEmpty();
    assertThat(client.transport().nodes()).extracting(n -> n.url()).containsAll(urls);
    result(client.close());
  }

  /** Stops a node under load, waits for progress without it, restarts it and waits until it serves again. */
  private void cycle(LoadDriver load, BulkIngester bulk, int node) {
    String url = cluster.httpUrls().get(node);
    cluster.stopNode(node);
    long ok = load.succeeded();
    long ops = bulk.stats().successes();
    Await.until(() -> load.succeeded() >= ok + 300 && bulk.stats().successes() >= ops + 500);
    long before = load.servedBy(url);
    cluster.startNode(node);
    Await.until(() -> load.servedBy(url) >= before + 20);
    waitGreen();
  }

  private static void createIndex(String index) {
    result(admin.perform(HttpMethod.PUT, "/" + index, null, new JsonObject()
      .put("settings", new JsonObject().put("number_of_shards", 3).put("number_of_replicas", 2))
      .put("mappings", new JsonObject().put("properties", new JsonObject()
        .put("n", new JsonObject().put("type", "long")).put("kind", new JsonObject().put("type", "keyword"))))));
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < SEED_DOCS; i++) {
      ndjson.append(new JsonObject().put("index", new JsonObject().put("_id", "seed-" + i)).encode()).append('\n')
        .append(new JsonObject().put("n", i).put("kind", "seed").encode()).append('\n');
    }
    dev.vertx.elasticsearch.transport.TransportRequest request = dev.vertx.elasticsearch.transport.TransportRequest
      .of(HttpMethod.POST, "/" + index + "/_bulk").param("refresh", "true")
      .body(io.vertx.core.buffer.Buffer.buffer(ndjson.toString()), "application/x-ndjson");
    assertThat(result(admin.perform(request)).body().getBoolean("errors")).isFalse();
    waitGreen();
  }

  private static void waitGreen() {
    ElasticsearchResponse health = result(admin.perform(HttpMethod.GET, "/_cluster/health",
      Map.of("wait_for_status", "green", "wait_for_nodes", "3", "timeout", "25s"), null));
    assertThat(health.body().getString("status")).as("cluster health").isEqualTo("green");
  }

  /** @return the node number of the elected master */
  private static int masterIndex() {
    JsonArray master = result(admin.perform(HttpMethod.GET, "/_cat/master", Map.of("format", "json"), null))
      .bodyAsJsonArray();
    String name = master.getJsonObject(0).getString("node");
    JsonObject nodes = result(admin.perform(HttpMethod.GET, "/_nodes/_all/http", null, null)).body()
      .getJsonObject("nodes");
    for (String id : nodes.fieldNames()) {
      JsonObject node = nodes.getJsonObject(id);
      if (name.equals(node.getString("name"))) {
        String publish = node.getJsonObject("http").getString("publish_address");
        int port = Integer.parseInt(publish.substring(publish.lastIndexOf(':') + 1));
        List<String> urls = cluster.httpUrls();
        for (int i = 0; i < urls.size(); i++) {
          if (URI.create(urls.get(i)).getPort() == port) {
            return i;
          }
        }
      }
    }
    throw new AssertionError("master " + name + " not found in " + nodes.fieldNames());
  }
}
