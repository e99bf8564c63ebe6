package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.Pipe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The ingester under writers and enders on several threads, and several sources piped into it at once. */
class BulkIngesterConcurrencyTest extends EmbeddedNodeTest {

  private final String index = newIndex("ingester-threads");

  BulkIngesterConcurrencyTest(EmbeddedElasticsearch es) {
    super(es);
  }

  @BeforeEach
  void setUp() {
    HelperTestSupport.createIndex(client, index, 1, null);
  }

  @Test
  void writeAndEndFromTwoThreadsNeverLoseOrMiscountAnOperation() throws Exception {
    long total = 0;
    for (int round = 0; round < 150; round++) {
      BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, client, new BulkOptions().setIndex(index)
        .setMaxOperations(40));
      AtomicLong accepted = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      CountDownLatch go = new CountDownLatch(1);
      int round0 = round;
      Thread writer = new Thread(() -> {
        awaitLatch(go);
        for (int i = 0; i < 200; i++) {
          Future<Void> written = ingester.write(BulkOperation.index(null, new JsonObject().put("round", round0)
            .put("n", i)));
          if (written.succeeded()) {
            accepted.incrementAndGet();
          } else {
            assertThat(written.cause()).isInstanceOf(IllegalStateException.class);
            refused.incrementAndGet();
          }
        }
      });
      long spin = ThreadLocalRandom.current().nextLong(200_000);
      Thread ender = new Thread(() -> {
        awaitLatch(go);
        long until = System.nanoTime() + spin;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        ingester.end();
      });
      writer.start();
      ender.start();
      go.countDown();
      writer.join(30_000);
      ender.join(30_000);
      assertThat(writer.isAlive() || ender.isAlive()).isFalse();

      BulkSummary summary = await(ingester.summary(), 30);
      assertThat(accepted.get() + refused.get()).isEqualTo(200);
      assertThat(summary.stats().operations()).as("round " + round).isEqualTo(accepted.get());
      assertThat(summary.stats().successes()).as("round " + round).isEqualTo(accepted.get());
      assertThat(summary.stats().pending()).isZero();
      total += accepted.get();
    }
    assertThat(HelperTestSupport.count(client, index)).isEqualTo(total);
  }

  @Test
  void severalSourcesPipedIntoOneIngesterAreAllDrained() {
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, client, new BulkOptions().setIndex(index)
      .setMaxBufferedOperations(50).setMaxOperations(20));
    HelperTestSupport.CountingSource<BulkOperation> first = new HelperTestSupport.CountingSource<>(vertx, 3_000,
      i -> BulkOperation.index(null, new JsonObject().put("source", 1).put("n", i)));
    HelperTestSupport.CountingSource<BulkOperation> second = new HelperTestSupport.CountingSource<>(vertx, 3_000,
      i -> BulkOperation.index(null, new JsonObject().put("source", 2).put("n", i)));
    Pipe<BulkOperation> one = first.pipe().endOnSuccess(false);
    Pipe<BulkOperation> two = second.pipe().endOnSuccess(false);

    await(Future.all(one.to(ingester), two.to(ingester)), 60);
    await(ingester.end(), 30);
    BulkSummary summary = await(ingester.summary(), 30);

    // both sources were paused by back-pressure, and both were resumed
    assertThat(first.pauses.get()).isPositive();
    assertThat(second.pauses.get()).isPositive();
    assertThat(summary.stats().successes()).isEqualTo(6_000);
    assertThat(HelperTestSupport.count(client, index)).isEqualTo(6_000);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
