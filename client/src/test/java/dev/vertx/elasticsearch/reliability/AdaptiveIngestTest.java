package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkProgress;
import dev.vertx.elasticsearch.helpers.BulkStats;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.testing.FaultInjectingProxy;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk ingester under pushback from a real node behind a fault-injecting proxy: nothing lost, and the adaptive
 * limit neither collapses under rejections that do not depend on load nor floods a node that takes little.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class AdaptiveIngestTest {

  private static final int DOCS = 20_000;

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private ElasticsearchClient direct;
  private FaultInjectingProxy proxy;
  private ElasticsearchClient viaProxy;
  private final List<String> indices = new ArrayList<>();

  AdaptiveIngestTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    direct = client(es.httpUrl());
    proxy = FaultInjectingProxy.start(vertx, es.httpUrl(), 7);
    viaProxy = client(proxy.url());
  }

  @AfterEach
  void tearDown() {
    for (String index : indices) {
      result(direct.withOptions(new CallOptions().setIgnoreStatus(Set.of(404))).perform(HttpMethod.DELETE, "/" + index,
        null, null));
    }
    result(viaProxy.close());
    result(direct.close());
    proxy.close();
    result(vertx.close());
  }

  private ElasticsearchClient client(String url) {
    return ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(url).setCompatibilityVersion(es.majorVersion())));
  }

  private String index() {
    String index = "adaptive-" + UUID.randomUUID().toString().substring(0, 8);
    result(direct.perform(HttpMethod.PUT, "/" + index, null, new JsonObject()
      .put("settings", new JsonObject().put("number_of_shards", 1).put("number_of_replicas", 0))));
    indices.add(index);
    return index;
  }

  private long count(String index) {
    result(direct.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null));
    return result(direct.perform(HttpMethod.GET, "/" + index + "/_count", null, null)).body().getLong("count");
  }

  private static List<BulkOperation> documents() {
    return IntStream.range(0, DOCS).mapToObj(i -> BulkOperation.index(null, new JsonObject().put("n", i)).id("d" + i))
      .collect(Collectors.toList());
  }

  @Test
  void randomRejectionsLoseNothingAndDoNotCollapseTheLimit() {
    String index = index();
    proxy.itemRejectRate(0.3).status503Rate(0.05);
    List<BulkProgress> progress = new CopyOnWriteArrayList<>();
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, viaProxy, new BulkOptions().setIndex(index)
      .setRetry(BulkOptions.DEFAULT_RETRY.withInitialBackoff(10).withMaxBackoff(200)).setProgressInterval(20));
    ingester.progressHandler(progress::add);
    documents().forEach(ingester::write);
    result(ingester.end());
    BulkStats stats = result(ingester.summary()).stats();

    assertThat(stats.successes()).isEqualTo(DOCS);
    assertThat(stats.failures()).isZero();
    assertThat(count(index)).isEqualTo(DOCS);
    assertThat(stats.rejections()).isGreaterThanOrEqualTo(proxy.rejectedItems());
    assertThat(proxy.rejectedItems()).isGreaterThan(DOCS / 5);
    assertThat(progress).extracting(BulkProgress::concurrencyLimit).contains(2);
    double meanLimit = progress.stream().mapToInt(BulkProgress::concurrencyLimit).average().orElse(0);
    assertThat(meanLimit).as("30 %% random item 429s and 5 %% 503s must not hold the limit at 1").isGreaterThan(1.4);
  }

  @Test
  void aNodeThatTakesOneBulkAtATimeIsNotFlooded() {
    String index = index();
    proxy.capacity(1);
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, viaProxy, new BulkOptions().setIndex(index).setConcurrency(4)
      .setMaxOperations(100).setRetry(BulkOptions.DEFAULT_RETRY.withInitialBackoff(10).withMaxBackoff(200)));
    documents().forEach(ingester::write);
    result(ingester.end());
    BulkStats stats = result(ingester.summary()).stats();

    assertThat(stats.successes()).isEqualTo(DOCS);
    assertThat(count(index)).isEqualTo(DOCS);
    assertThat(proxy.forwardedItems()).as("nothing forwarded twice").isEqualTo(DOCS);
    assertThat(proxy.capacityRejections()).as("the ingester probed the node's capacity").isPositive();
    // 200 requests of 100: at a fixed 4 in flight three of every four would be rejected, again and again
    assertThat(stats.rejections()).as("rejected items, at most 5 %% of the documents").isLessThanOrEqualTo(DOCS / 20);
    assertThat(stats.concurrencyLimit()).isEqualTo(1);
  }

  @Test
  void indexingPressureOnBytesIsFollowedToo() {
    String index = index();
    proxy.maxForwardedBytes(6_000); // one request of 100 small documents (about 4 KB) at a time
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, viaProxy, new BulkOptions().setIndex(index).setConcurrency(4)
      .setMaxOperations(100).setRetry(BulkOptions.DEFAULT_RETRY.withInitialBackoff(10).withMaxBackoff(200)));
    documents().forEach(ingester::write);
    result(ingester.end());
    BulkStats stats = result(ingester.summary()).stats();

    assertThat(stats.successes()).isEqualTo(DOCS);
    assertThat(stats.failures()).isZero();
    assertThat(count(index)).isEqualTo(DOCS);
    assertThat(proxy.byteLimitRejections()).isPositive();
    assertThat(proxy.byteLimitRejections()).as("whole requests refused, few of the 200")
      .isLessThanOrEqualTo(20);
  }

  @Test
  void aTimeBudgetEndsRetriesAndReportsEveryOperation() {
    String index = index();
    proxy.itemRejectRate(1.0); // a node that never takes anything
    BulkSummary summary = result(ElasticsearchHelpers.bulk(vertx, viaProxy, documents().subList(0, 200),
      new BulkOptions().setIndex(index).setRetry(BulkOptions.DEFAULT_RETRY.withInitialBackoff(5).withMaxBackoff(20)
        .withMaxRetryTime(300))));
    assertThat(summary.stats().failures()).isEqualTo(200);
    assertThat(summary.stats().retries()).isGreaterThan(200);
    assertThat(summary.failures()).allSatisfy(f -> assertThat(f.status()).isEqualTo(429));
    assertThat(summary.stats().concurrencyLimit()).isEqualTo(1);
    assertThat(count(index)).isZero();
  }
}
