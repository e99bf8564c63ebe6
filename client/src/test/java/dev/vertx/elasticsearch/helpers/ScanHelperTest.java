package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.testing.FaultInjectingProxy;
import dev.vertx.elasticsearch.testing.TestLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** Scans of 50 000 documents on the embedded node, in both modes. */
@ExtendWith(EmbeddedElasticsearchExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanHelperTest {

  private static final int TOTAL = 50_000;

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private ElasticsearchClient client;
  private String index;

  ScanHelperTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeAll
  void indexDocuments() {
    vertx = Vertx.vertx();
    client = HelperTestSupport.client(vertx, es);
    index = HelperTestSupport.uniqueIndex("scan");
    HelperTestSupport.createIndex(client, index, 3, new JsonObject().put("n", new JsonObject().put("type", "integer")));
    long start = System.nanoTime();
    BulkSummary summary = await(ElasticsearchHelpers.bulk(vertx, client,
      IntStream.range(0, TOTAL).mapToObj(i -> BulkOperation.index(index, new JsonObject().put("n", i)).id("d" + i))
        .toList(), new BulkOptions().setMaxOperations(5_000).setRefreshOnCompletion(true)), 120);
    TestLog.info("scan fixture: %d docs indexed in %.1f s%n", summary.successes(),
      (System.nanoTime() - start) / 1e9);
    assertThat(summary.successes()).isEqualTo(TOTAL);
  }

  @AfterAll
  void cleanUp() {
    HelperTestSupport.deleteIndex(client, index);
    await(client.close(), 30);
    await(vertx.close(), 30);
  }

  /** Collects a stream's ids, failing on duplicates. */
  private static Future<Set<String>> ids(ScanStream<JsonObject> stream, AtomicLong duplicates) {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    Promise<Set<String>> done = Promise.promise();
    stream.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete(ids)).handler(hit -> {
      if (!ids.add(hit.getString("_id"))) {
        duplicates.incrementAndGet();
      }
    });
    return done.future();
  }

  private Set<String> allIds() {
    Set<String> all = ConcurrentHashMap.newKeySet();
    IntStream.range(0, TOTAL).forEach(i -> all.add("d" + i));
    return all;
  }

  @ParameterizedTest
  @EnumSource(ScanOptions.Mode.class)
  void everyDocumentExactlyOnceAndTheContextIsFreed(ScanOptions.Mode mode) {
    AtomicLong duplicates = new AtomicLong();
    long start = System.nanoTime();
    Set<String> ids = await(ids(ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(index)
      .setMode(mode).setPageSize(2_000)), duplicates), 60);
    TestLog.info("scan %s: %d hits in %.1f s%n", mode, ids.size(), (System.nanoTime() - start) / 1e9);
    assertThat(duplicates.get()).isZero();
    assertThat(ids).isEqualTo(allIds());
    until(() -> HelperTestSupport.openContexts(client) == 0);
  }

  @ParameterizedTest
  @EnumSource(ScanOptions.Mode.class)
  void cancellingMidwayFreesTheContext(ScanOptions.Mode mode) {
    ScanStream<JsonObject> stream = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(index)
      .setMode(mode).setPageSize(1_000));
    AtomicLong received = new AtomicLong();
    AtomicBoolean ended = new AtomicBoolean();
    Promise<Void> cancelled = Promise.promise();
    stream.endHandler(v -> ended.set(true)).exceptionHandler(cancelled::tryFail).handler(hit -> {
      if (received.incrementAndGet() == 2_500) {
        stream.cancel().onComplete(cancelled);
      }
    });
    await(cancelled.future(), 30);
    assertThat(received.get()).isEqualTo(2_500);
    assertThat(stream.delivered()).isEqualTo(2_500);
    assertThat(ended.get()).isFalse();
    until(() -> HelperTestSupport.openContexts(client) == 0);
  }

  @ParameterizedTest
  @EnumSource(ScanOptions.Mode.class)
  void slicedScansTogetherReturnEveryDocumentOnce(ScanOptions.Mode mode) {
    List<ScanStream<JsonObject>> slices = ElasticsearchHelpers.slicedScan(vertx, client, new ScanOptions()
      .setIndex(index).setMode(mode).setPageSize(2_000), 4);
    AtomicLong duplicates = new AtomicLong();
    List<Future<Set<String>>> parts = new ArrayList<>();
    slices.forEach(s -> parts.add(ids(s, duplicates)));
    await(Future.all(parts), 60);
    Set<String> union = ConcurrentHashMap.newKeySet();
    long sum = 0;
    for (Future<Set<String>> part : parts) {
      assertThat(part.result()).isNotEmpty().hasSizeLessThan(TOTAL);
      union.addAll(part.result());
      sum += part.result().size();
    }
    assertThat(duplicates.get()).isZero();
    assertThat(sum).isEqualTo(TOTAL);
    assertThat(union).isEqualTo(allIds());
    until(() -> HelperTestSupport.openContexts(client) == 0);
  }

  /** A document mapped from {@code _source}. */
  public static final class Doc {
    /** The number. */
    public int n;
  }

  @ParameterizedTest
  @EnumSource(ScanOptions.Mode.class)
  void pojosAQueryAndTheUsersSortWithPreserveOrder(ScanOptions.Mode mode) {
    JsonObject query = new JsonObject().put("range", new JsonObject().put("n", new JsonObject().put("lt", 1_500)));
    JsonObject body = new JsonObject().put("sort", new JsonArray().add(new JsonObject().put("n", "desc")));
    ScanStream<Doc> stream = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(index).setMode(mode)
      .setQuery(query).setBody(body).setPreserveOrder(true).setPageSize(400), Doc.class);
    List<Integer> numbers = new CopyOnWriteArrayList<>();
    Promise<Void> done = Promise.promise();
    stream.exceptionHandler(done::tryFail).endHandler(v -> done.complete()).handler(doc -> numbers.add(doc.n));
    await(done.future(), 30);
    assertThat(numbers).hasSize(1_500);
    assertThat(numbers).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    assertThat(numbers.get(0)).isEqualTo(1_499);
  }

  @Test
  void theNextPageIsFetchedOnlyOnDemandAnd429IsRetried() {
    FaultInjectingProxy proxy = FaultInjectingProxy.start(vertx, es.httpUrl(), 3)
      .faultPaths(p -> p.endsWith("/_search") || p.endsWith("/scroll"));
    try {
      ElasticsearchClient proxied = HelperTestSupport.client(vertx, proxy.url(), es.majorVersion());
      ScanStream<JsonObject> stream = ElasticsearchHelpers.scan(vertx, proxied, new ScanOptions().setIndex(index)
        .setPageSize(100));
      AtomicLong received = new AtomicLong();
      stream.pause();
      stream.handler(hit -> received.incrementAndGet());
      stream.fetch(10);
      until(() -> received.get() == 10);
      stream.fetch(80);
      until(() -> received.get() == 90);
      assertThat(proxy.count("_search")).isEqualTo(1);
      stream.fetch(20);
      until(() -> received.get() == 110);
      assertThat(proxy.count("_search")).isEqualTo(2);
      await(stream.cancel(), 10);
      assertThat(proxy.count("_pit")).isEqualTo(2);

      proxy.status429Rate(0.4);
      AtomicLong duplicates = new AtomicLong();
      JsonObject query = new JsonObject().put("range", new JsonObject().put("n", new JsonObject().put("lt", 5_000)));
      for (ScanOptions.Mode mode : ScanOptions.Mode.values()) {
        long before = proxy.injected429();
        Set<String> ids = await(ids(ElasticsearchHelpers.scan(vertx, proxied, new ScanOptions().setIndex(index)
          .setMode(mode).setQuery(query).setPageSize(250)
          .setRetry(new RetryConfig().withInitialBackoff(1).withMaxBackoff(20).withMaxRetries(20))), duplicates), 60);
        TestLog.info("scan %s with 429s: %d hits, %d injected 429%n", mode, ids.size(),
          proxy.injected429() - before);
        assertThat(ids).hasSize(5_000);
        assertThat(proxy.injected429() - before).isGreaterThan(0);
      }
      assertThat(duplicates.get()).isZero();
      until(() -> HelperTestSupport.openContexts(client) == 0);
      await(proxied.close(), 10);
    } finally {
      proxy.close();
    }
  }
}
