package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkProgress;
import dev.vertx.elasticsearch.helpers.BulkStats;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
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
  private ProxiedNode node;

  AdaptiveIngestTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    node = new ProxiedNode(es, 7, UnaryOperator.identity());
  }

  @AfterEach
  void tearDown() {
    node.close();
  }

  private static List<BulkOperation> documents() {
    return IntStream.range(0, DOCS).mapToObj(i -> BulkOperation.index(null, new JsonObject().put("n", i)).id("d" + i))
      .collect(Collectors.toList());
  }

  /**
   * Writes every document to an ingester through the proxy, with short backoffs.
   *
   * @param progress where the ingester reports its progress, {@code null} for nowhere
   * @return the stats of the ingester, once ended
   */
  private BulkStats ingestAll(BulkOptions options, Handler<BulkProgress> progress) {
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(node.vertx(), node.viaProxy(), options
      .setRetry(BulkOptions.DEFAULT_RETRY.withInitialBackoff(10).withMaxBackoff(200)));
    if (progress != null) {
      ingester.progressHandler(progress);
    }
    documents().forEach(ingester::write);
    result(ingester.end());
    return result(ingester.summary()).stats();
  }

  private static BulkOptions fourRequestsOf100(String index) {
    return new BulkOptions().setIndex(index).setConcurrency(4).setMaxOperations(100);
  }

  @Test
  void randomRejectionsLoseNothingAndDoNotCollapseTheLimit() {
    String index = node.index("adaptive", null);
    node.proxy().itemRejectRate(0.3).status503Rate(0.05);
    List<BulkProgress> progress = new CopyOnWriteArrayList<>();
    BulkStats stats = ingestAll(new BulkOptions().setIndex(index).setProgressInterval(20), progress::add);

    assertThat(stats.successes()).isEqualTo(DOCS);
    assertThat(stats.failures()).isZero();
    assertThat(node.count(index)).isEqualTo(DOCS);
    assertThat(stats.rejections()).isGreaterThanOrEqualTo(node.proxy().rejectedItems());
    assertThat(node.proxy().rejectedItems()).isGreaterThan(DOCS / 5);
    assertThat(progress).extracting(BulkProgress::concurrencyLimit).contains(2);
    double meanLimit = progress.stream().mapToInt(BulkProgress::concurrencyLimit).average().orElse(0);
    assertThat(meanLimit).as("30 %% random item 429s and 5 %% 503s must not hold the limit at 1").isGreaterThan(1.4);
  }

  @Test
  void aNodeThatTakesOneBulkAtATimeIsNotFlooded() {
    String index = node.index("adaptive", null);
    node.proxy().capacity(1);
    BulkStats stats = ingestAll(fourRequestsOf100(index), null);

    assertThat(stats.successes()).isEqualTo(DOCS);
    assertThat(node.count(index)).isEqualTo(DOCS);
    assertThat(node.proxy().forwardedItems()).as("nothing forwarded twice").isEqualTo(DOCS);
    assertThat(node.proxy().capacityRejections()).as("the ingester probed the node's capacity").isPositive();
    // 200 requests of 100: at a fixed 4 in flight three of every four would be rejected, again and again
    assertThat(stats.rejections()).as("rejected items, at most 5 %% of the documents").isLessThanOrEqualTo(DOCS / 20);
    assertThat(stats.concurrencyLimit()).isEqualTo(1);
  }

  @Test
  void indexingPressureOnBytesIsFollowedToo() {
    String index = node.index("adaptive", null);
    node.proxy().maxForwardedBytes(6_000); // one request of 100 small documents (about 4 KB) at a time
    BulkStats stats = ingestAll(fourRequestsOf100(index), null);

    assertThat(stats.successes()).isEqualTo(DOCS);
    assertThat(stats.failures()).isZero();
    assertThat(node.count(index)).isEqualTo(DOCS);
    assertThat(node.proxy().byteLimitRejections()).isPositive();
    assertThat(node.proxy().byteLimitRejections()).as("whole requests refused, few of the 200")
      .isLessThanOrEqualTo(20);
  }

  @Test
  void aTimeBudgetEndsRetriesAndReportsEveryOperation() {
    String index = node.index("adaptive", null);
    node.proxy().itemRejectRate(1.0); // a node that never takes anything
    BulkSummary summary = result(ElasticsearchHelpers.bulk(node.vertx(), node.viaProxy(),
      documents().subList(0, 200), new BulkOptions().setIndex(index).setRetry(BulkOptions.DEFAULT_RETRY
        .withInitialBackoff(5).withMaxBackoff(20).withMaxRetryTime(300))));
    assertThat(summary.stats().failures()).isEqualTo(200);
    assertThat(summary.stats().retries()).isGreaterThan(200);
    assertThat(summary.failures()).allSatisfy(f -> assertThat(f.status()).isEqualTo(429));
    assertThat(summary.stats().concurrencyLimit()).isEqualTo(1);
    assertThat(node.count(index)).isZero();
  }
}
