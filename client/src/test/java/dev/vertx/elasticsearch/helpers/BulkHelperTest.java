package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.testing.FaultInjectingProxy;
import dev.vertx.elasticsearch.testing.TestLog;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The bulk helpers against the embedded node, directly and through a fault-injecting proxy. */
class BulkHelperTest extends EmbeddedNodeTest {

  private final List<AutoCloseable> closeables = new ArrayList<>();

  BulkHelperTest(EmbeddedElasticsearch es) {
    super(es);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private String index(String prefix, int shards, JsonObject properties) {
    String index = newIndex(prefix);
    HelperTestSupport.createIndex(client, index, shards, properties);
    return index;
  }

  private FaultInjectingProxy proxy(long seed) {
    FaultInjectingProxy proxy = FaultInjectingProxy.start(vertx, es.httpUrl(), seed);
    closeables.add(proxy);
    return proxy;
  }

  @Test
  void hundredThousandDocumentsThroughItemRejectionsErrorsAndResetsAreIndexedExactlyOnce() {
    String index = index("bulk-100k", 2, new JsonObject().put("n", new JsonObject().put("type", "integer")));
    FaultInjectingProxy proxy = proxy(42).itemRejectRate(0.3).status503Rate(0.03).status429Rate(0.02)
      .resetRate(0.03);
    ElasticsearchClient proxied = HelperTestSupport.client(vertx, proxy.url(), es.majorVersion());
    int total = 100_000;
    BulkOptions options = new BulkOptions().setIndex(index).setMaxOperations(1_000).setConcurrency(3)
      .setMaxBufferedOperations(4_000)
      .setRetry(BulkOptions.DEFAULT_RETRY.withInitialBackoff(5).withMaxBackoff(100).withMaxRetries(30))
      .setRefreshOnCompletion(true).setProgressInterval(100);
    List<BulkProgress> progress = new CopyOnWriteArrayList<>();
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, proxied, options).progressHandler(progress::add);
    HelperTestSupport.CountingSource<BulkOperation> source = new HelperTestSupport.CountingSource<>(vertx, total,
      i -> BulkOperation.index(null, new JsonObject().put("n", i)).id("doc-" + i));

    long start = System.nanoTime();
    await(source.pipe().to(ingester), 120);
    BulkSummary summary = await(ingester.summary(), 120);
    double seconds = (System.nanoTime() - start) / 1e9;
    BulkStats stats = summary.stats();
    TestLog.info("bulk 100k through faults (Elasticsearch %s): %.1f s, %.0f docs/s, stats=%s, proxy: %s,"
      + " source pauses=%d%n", es.version(), seconds, total / seconds, stats.toJson().encode(), proxy.report(), source.pauses.get());

    assertThat(summary.failures()).isEmpty();
    assertThat(stats.operations()).isEqualTo(total);
    assertThat(stats.successes()).isEqualTo(total);
    assertThat(stats.failures()).isZero();
    assertThat(stats.pending()).isZero();
    assertThat(stats.retries()).isGreaterThan(0);
    assertThat(proxy.rejectedItems()).isGreaterThan(total / 5);
    assertThat(proxy.injected503() + proxy.injected429()).isGreaterThan(0);
    assertThat(proxy.resets()).isGreaterThan(0);
    // every rejected item and every item of a failed request was retried, nothing else
    assertThat(proxy.forwardedItems()).isEqualTo(total);
    assertThat(progress).isNotEmpty();
    BulkProgress last = progress.get(progress.size() - 1);
    assertThat(last.ended()).isTrue();
    assertThat(last.stats().successes()).isEqualTo(total);
    assertThat(progress).allSatisfy(p -> assertThat(p.concurrencyLimit()).isBetween(1, 3));
    assertThat(stats.rejections()).isGreaterThan(total / 5);
    assertThat(source.pauses.get()).isGreaterThan(0);

    assertThat(HelperTestSupport.count(client, index)).isEqualTo(total);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    AtomicLong duplicates = new AtomicLong();
    ScanStream<JsonObject> scan = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(index)
      .setPageSize(5_000).setBody(new JsonObject().put("_source", false)));
    Promise<Void> done = Promise.promise();
    scan.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete()).handler(hit -> {
      if (!ids.add(hit.getString("_id"))) {
        duplicates.incrementAndGet();
      }
    });
    await(done.future(), 60);
    assertThat(duplicates.get()).isZero();
    assertThat(ids).isEqualTo(IntStream.range(0, total).mapToObj(i -> "doc-" + i).collect(Collectors.toSet()));
    await(proxied.close(), 30);
  }

  @Test
  void aSlowTargetPausesTheSourceAndTheBufferStaysBounded() {
    String index = index("bulk-bp", 1, null);
    FaultInjectingProxy proxy = proxy(1).delay(150);
    ElasticsearchClient proxied = HelperTestSupport.client(vertx, proxy.url(), es.majorVersion());
    int max = 150;
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, proxied, new BulkOptions().setIndex(index)
      .setMaxOperations(100).setConcurrency(1).setMaxBufferedOperations(max).setFlushInterval(0));
    HelperTestSupport.CountingSource<BulkOperation> source = new HelperTestSupport.CountingSource<>(vertx, 1_000,
      i -> BulkOperation.index(null, new JsonObject().put("i", i)).id(String.valueOf(i)));
    AtomicLong maxBuffered = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    source.afterEach(() -> {
      BulkStats s = ingester.stats();
      maxBuffered.accumulateAndGet(s.buffered(), Math::max);
      maxAhead.accumulateAndGet(s.pending(), Math::max);
    });
    await(source.pipe().to(ingester), 60);
    BulkSummary summary = await(ingester.summary(), 60);
    TestLog.info("back-pressure: source pauses=%d, max buffered=%d (bound %d), max pending=%d, proxy max in"
      + " flight=%d, requests=%d%n", source.pauses.get(), maxBuffered.get(), max, maxAhead.get(),
      proxy.maxInFlight(), summary.stats().requests());
    assertThat(summary.stats().successes()).isEqualTo(1_000);
    assertThat(source.pauses.get()).isGreaterThanOrEqualTo(5);
    // The source and the ingester run on different event loops here; the drain handler runs on the source's, so the
    // pipe's resume never races with its pause and the bound is exact.
    assertThat(maxBuffered.get()).isLessThanOrEqualTo(max);
    assertThat(maxAhead.get()).isLessThanOrEqualTo(max + 100);
    assertThat(proxy.maxInFlight()).isEqualTo(1);
    assertThat(HelperTestSupport.count(client, index)).isEqualTo(1_000);
    await(proxied.close(), 30);
  }

  /** A document Jackson cannot write. */
  public static final class Unwritable {
    /** @return never */
    public String getValue() {
      throw new IllegalStateException("no value for you");
    }
  }

  /** A document whose serialisation writes one more operation to the ingester it is being written to. */
  public static final class WritesAnother {
    private final BulkIngester ingester;

    WritesAnother(BulkIngester ingester) {
      this.ingester = ingester;
    }

    /** @return 1, after writing the document {@code inner} */
    public int getN() {
      ingester.write(BulkOperation.index(null, new JsonObject().put("n", 2)).id("inner"));
      return 1;
    }
  }

  @Test
  void anOperationWrittenWhileAnotherIsBeingSerialisedKeepsBothIntact() {
    String index = newIndex("reentrant");
    Promise<BulkIngester> written = Promise.promise();
    // on the ingester's context, where operations are written straight into the request body
    vertx.getOrCreateContext().runOnContext(v -> {
      BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, client, new BulkOptions().setIndex(index)
        .setRefresh("true"));
      ingester.write(BulkOperation.index(null, new JsonObject().put("n", 0)).id("before"));
      ingester.write(BulkOperation.index(null, new WritesAnother(ingester)).id("outer"));
      ingester.write(BulkOperation.index(null, new JsonObject().put("n", 3)).id("after"));
      written.complete(ingester);
    });
    BulkIngester ingester = await(written.future(), 10);
    BulkSummary summary = await(ingester.end().compose(v -> ingester.summary()), 60);
    assertThat(summary.stats().successes()).isEqualTo(4);
    assertThat(summary.failures()).isEmpty();
    for (String id : List.of("before", "outer", "inner", "after")) {
      JsonObject doc = await(client.perform(HttpMethod.GET, "/" + index + "/_doc/" + id, null, null), 30).body();
      assertThat(doc.getJsonObject("_source").getInteger("n")).as(id)
        .isEqualTo(List.of("before", "outer", "inner", "after").indexOf(id));
    }
  }

  @Test
  void everyOperationIsAccountedForOnceWithMixedFailures() {
    String index = index("bulk-acct", 1, new JsonObject().put("n", new JsonObject().put("type", "integer")));
    List<BulkOperation> ops = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ops.add(BulkOperation.index(index, new JsonObject().put("n", i)).id("g" + i));
    }
    for (int i = 0; i < 20; i++) {
      ops.add(BulkOperation.index(index, new JsonObject().put("n", "not a number " + i)).id("bad" + i));
    }
    for (int i = 0; i < 10; i++) {
      ops.add(BulkOperation.create(index, new JsonObject().put("n", -i)).id("g" + i));
    }
    for (int i = 0; i < 5; i++) {
      ops.add(BulkOperation.delete(index, "missing" + i));
    }
    for (int i = 0; i < 3; i++) {
      ops.add(BulkOperation.index(index, new Unwritable()).id("pojo" + i));
    }
    ops.add(BulkOperation.update(index, "u1").document(new JsonObject().put("n", 1)).docAsUpsert(true));
    ops.add(BulkOperation.update(index, "g50").document(new JsonObject().put("n", 50)));
    ops.add(BulkOperation.update(index, "nothing-there").document(new JsonObject().put("n", 1)));
    Collections.shuffle(ops.subList(200, ops.size()), new java.util.Random(7));

    Map<BulkOperation, Integer> seen = Collections.synchronizedMap(new IdentityHashMap<>());
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, client, new BulkOptions().setMaxOperations(37)
      .setIgnoreStatus(Set.of(404, 409)).setRefreshOnCompletion(true).setIndex(index))
      .resultHandler(r -> seen.merge(r.operation(), 1, Integer::sum));
    for (BulkOperation op : ops) {
      await(ingester.write(op), 5);
    }
    await(ingester.end(), 60);
    BulkSummary summary = await(ingester.summary(), 5);
    BulkStats stats = summary.stats();
    TestLog.info("%s", "accounting: " + stats.toJson().encode());

    assertThat(seen).hasSize(ops.size());
    assertThat(seen.values()).allMatch(n -> n == 1);
    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ops);
    assertThat(stats.operations()).isEqualTo(ops.size());
    assertThat(stats.successes()).isEqualTo(202);
    assertThat(stats.noops()).isEqualTo(1);
    assertThat(stats.ignored()).isEqualTo(16);
    assertThat(stats.failures()).isEqualTo(23);
    assertThat(stats.successes() + stats.ignored() + stats.failures()).isEqualTo(ops.size());
    assertThat(summary.failures()).hasSize(23);
    List<BulkItemResult> mapping = summary.failures().stream().filter(r -> r.status() == 400).toList();
    assertThat(mapping).hasSize(20).allSatisfy(r -> {
      assertThat(r.operation().id()).startsWith("bad");
      assertThat(((JsonObject) r.operation().document()).getString("n")).startsWith("not a number");
      assertThat(r.errorType()).isNotBlank();
    });
    List<BulkItemResult> unwritable = summary.failures().stream().filter(r -> r.status() == 0).toList();
    assertThat(unwritable).hasSize(3).allSatisfy(r -> {
      assertThat(r.cause()).isInstanceOf(SerializationException.class);
      assertThat(r.operation().document()).isInstanceOf(Unwritable.class);
    });
    assertThat(HelperTestSupport.count(client, index)).isEqualTo(201);
  }

  @Test
  void idleFlushExplicitFlushAndOneShotIterable() {
    String index = index("bulk-flush", 1, null);
    BulkIngester idle = ElasticsearchHelpers.bulkIngester(vertx, client, new BulkOptions().setIndex(index).setFlushInterval(50));
    for (int i = 0; i < 3; i++) {
      idle.write(BulkOperation.index(null, new JsonObject().put("i", i)));
    }
    until(() -> idle.stats().successes() == 3);
    assertThat(idle.stats().requests()).isEqualTo(1);

    BulkIngester manual = ElasticsearchHelpers.bulkIngester(vertx, client, new BulkOptions().setIndex(index).setFlushInterval(0));
    for (int i = 0; i < 5; i++) {
      manual.write(BulkOperation.index(null, new JsonObject().put("i", i)));
    }
    assertThat(manual.stats().successes()).isZero();
    await(manual.flush(), 30);
    assertThat(manual.stats().successes()).isEqualTo(5);
    assertThat(manual.stats().pending()).isZero();
    await(manual.end(), 30);
    await(idle.end(), 30);

    List<BulkOperation> ops = IntStream.range(0, 1_234)
      .mapToObj(i -> BulkOperation.index(index, new JsonObject().put("i", i)).id("it" + i)).toList();
    BulkSummary summary = await(ElasticsearchHelpers.bulk(vertx, client, ops, new BulkOptions().setMaxOperations(100)
      .setRefreshOnCompletion(true)), 60);
    assertThat(summary.successes()).isEqualTo(1_234);
    assertThat(summary.stats().requests()).isEqualTo(13);
    assertThat(HelperTestSupport.count(client, index)).isEqualTo(1_234 + 8);
    assertThat(manual.write(BulkOperation.index(index, new JsonObject())).failed()).isTrue();
  }

  @Test
  void pausingTheResultStreamPausesIngestion() {
    String index = index("bulk-stream", 1, null);
    int total = 3_000;
    HelperTestSupport.CountingSource<BulkOperation> source = new HelperTestSupport.CountingSource<>(vertx, total,
      i -> BulkOperation.index(null, new JsonObject().put("i", i)).id(String.valueOf(i)));
    BulkOptions options = new BulkOptions().setIndex(index).setMaxOperations(100).setConcurrency(2)
      .setMaxBufferedOperations(200).setFlushInterval(0);
    ReadStream<BulkItemResult> results = ElasticsearchHelpers.streamingBulk(vertx, client, source, options);
    BulkIngester ingester = ((dev.vertx.elasticsearch.helpers.impl.BulkResultStream) results).ingester();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    AtomicLong received = new AtomicLong();
    Promise<Void> ended = Promise.promise();
    results.endHandler(v -> ended.complete());
    results.handler(r -> {
      assertThat(r.succeeded()).isTrue();
      ids.add(r.id());
      if (received.incrementAndGet() == 1) {
        results.pause();
      }
    });
    // paused after the first result: once the requests in flight are answered no new one is sent, the buffer
    // fills up and the source is paused
    try {
      until(() -> {
        BulkStats s = ingester.stats();
        return received.get() == 1 && source.pauses.get() > 0 && s.buffered() > 0 && s.pending() == s.buffered();
      });
    } catch (AssertionError e) {
      throw new AssertionError("received=" + received + " stats=" + ingester.stats() + " pauses=" + source.pauses, e);
    }
    long requestsWhilePaused = ingester.stats().requests();
    long emittedWhilePaused = source.emitted.get();
    // an observation window (not a synchronisation): nothing moves while the consumer is paused
    await(vertx.timer(300), 5);
    assertThat(ingester.stats().requests()).isEqualTo(requestsWhilePaused);
    assertThat(source.emitted.get()).isEqualTo(emittedWhilePaused);
    assertThat(requestsWhilePaused).isLessThanOrEqualTo(5);
    assertThat(emittedWhilePaused).isLessThan(total);
    assertThat(received.get()).isEqualTo(1);
    results.resume();
    await(ended.future(), 60);
    TestLog.info("streaming bulk: requests while paused=%d, emitted while paused=%d, source pauses=%d%n",
      requestsWhilePaused, emittedWhilePaused, source.pauses.get());
    assertThat(received.get()).isEqualTo(total);
    assertThat(ids).hasSize(total);
  }

  @Test
  void abortFailsPendingAndInFlightOperationsAndNothingHangs() {
    try (dev.vertx.elasticsearch.testing.FaultyServer server = dev.vertx.elasticsearch.testing.FaultyServer
      .start(vertx)) {
      server.otherwise(dev.vertx.elasticsearch.testing.FaultyServer.stall());
      ElasticsearchClient stalled = HelperTestSupport.client(vertx, server.url(), es.majorVersion());
      List<BulkItemResult> results = new CopyOnWriteArrayList<>();
      BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, stalled, new BulkOptions().setMaxOperations(10)
        .setConcurrency(1).setFlushInterval(0)).resultHandler(results::add);
      for (int i = 0; i < 35; i++) {
        ingester.write(BulkOperation.index("x", new JsonObject().put("i", i)));
      }
      until(() -> server.requests().size() == 1);
      ingester.abort();
      BulkSummary summary = await(ingester.summary(), 10);
      assertThat(summary.aborted()).isTrue();
      assertThat(summary.stats().failures()).isEqualTo(35);
      assertThat(results).hasSize(35).allSatisfy(r -> assertThat(r.cause()).isInstanceOf(BulkAbortedException.class));
      assertThat(results.stream().filter(r -> r.cause().getMessage().contains("in flight")).count()).isEqualTo(10);
      assertThat(dev.vertx.elasticsearch.testing.Await.failure(ingester.end()))
        .isInstanceOf(BulkAbortedException.class);
      assertThat(ingester.write(BulkOperation.index("x", new JsonObject())).failed()).isTrue();

      // a retry waiting on a long backoff is cancelled by abort
      server.otherwise(dev.vertx.elasticsearch.testing.FaultyServer.error(429, "es_rejected_execution_exception"));
      BulkIngester retrying = ElasticsearchHelpers.bulkIngester(vertx, stalled, new BulkOptions()
        .setRetry(BulkOptions.DEFAULT_RETRY.withBackoff(60_000, 60_000)).setFlushInterval(0));
      retrying.write(BulkOperation.index("x", new JsonObject()));
      retrying.flush();
      until(() -> retrying.stats().retries() == 1);
      retrying.abort();
      BulkSummary aborted = await(retrying.summary(), 5);
      assertThat(aborted.stats().failures()).isEqualTo(1);
      assertThat(aborted.failures().get(0).cause()).hasMessageContaining("retry");
      await(stalled.close(), 10);
    }
  }

  @Test
  void requestFailuresThatAreNotRetryableFailEveryOperationOfTheChunk() {
    try (dev.vertx.elasticsearch.testing.FaultyServer server = dev.vertx.elasticsearch.testing.FaultyServer
      .start(vertx)) {
      server.then(dev.vertx.elasticsearch.testing.FaultyServer.error(503, "unavailable"),
        dev.vertx.elasticsearch.testing.FaultyServer.error(413, "too_large"));
      ElasticsearchClient faulty = HelperTestSupport.client(vertx, server.url(), es.majorVersion());
      BulkSummary summary = await(ElasticsearchHelpers.bulk(vertx, faulty, List.of(
        BulkOperation.index("a", new JsonObject()), BulkOperation.delete("a", "1")),
        new BulkOptions().setRetry(BulkOptions.DEFAULT_RETRY.withInitialBackoff(1))), 10);
      assertThat(summary.stats().failures()).isEqualTo(2);
      assertThat(summary.stats().retries()).isEqualTo(2);
      assertThat(summary.failures()).allSatisfy(r -> assertThat(r.status()).isEqualTo(413));
      assertThat(server.requests()).hasSize(2);
      assertThat(server.requests().get(0).headers().get("x-elastic-client-meta")).contains("h=bp");
      assertThat(server.requests().get(1).body()).isEqualTo(server.requests().get(0).body());
      await(faulty.close(), 10);
    }
  }
}
