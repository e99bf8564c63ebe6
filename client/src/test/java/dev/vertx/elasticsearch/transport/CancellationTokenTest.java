package dev.vertx.elasticsearch.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link Cancellation} token on its own, and how {@link CallOptions} carry it. */
class CancellationTokenTest {

  @Test
  void aTokenIsOneWayAndRunsEachActionOnce() {
    Cancellation token = Cancellation.create();
    List<String> ran = new ArrayList<>();
    token.onCancel(() -> ran.add("a"));
    Cancellation.Registration removed = token.onCancel(() -> ran.add("removed"));
    removed.remove();

    assertThat(token.isCancelled()).isFalse();
    assertThat(token.cancel()).isTrue();
    assertThat(token.cancel()).isFalse();
    assertThat(token.isCancelled()).isTrue();
    // registered after the cancel: runs at once
    token.onCancel(() -> ran.add("late"));
    assertThat(ran).containsExactly("a", "late");
  }

  @Test
  void concurrentCancelsRunTheActionsOnceOnly() throws InterruptedException {
    Cancellation token = Cancellation.create();
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger winners = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      token.onCancel(runs::incrementAndGet);
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        if (token.cancel()) {
          winners.incrementAndGet();
        }
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(winners).hasValue(1);
    assertThat(runs).hasValue(100);
  }

  @Test
  void callOptionsCarryTheTokenThroughCopiesAndMergesButNotJson() {
    Cancellation token = Cancellation.create();
    CallOptions options = new CallOptions().setCancellation(token).setRetry(RetryConfig.NONE);

    assertThat(new CallOptions(options).getCancellation()).isSameAs(token);
    assertThat(new CallOptions().merge(options).getCancellation()).isSameAs(token);
    assertThat(options.merge(new CallOptions().setRetry(new RetryConfig())).getCancellation()).isSameAs(token);
    Cancellation other = Cancellation.create();
    assertThat(options.merge(new CallOptions().setCancellation(other)).getCancellation()).isSameAs(other);
    assertThat(options.toJson().fieldNames()).containsExactly("retry");
    assertThat(new CallOptions(options.toJson()).getCancellation()).isNull();
  }

  @Test
  void mergedOptionsAddTheirTokensUp() {
    Cancellation view = Cancellation.create();
    Cancellation call = Cancellation.create();
    CallOptions merged = new CallOptions().setCancellation(view).merge(new CallOptions().setCancellation(call));

    assertThat(merged.getCancellations()).containsExactly(view, call);
    assertThat(merged.getCancellation()).isSameAs(call);
    assertThat(new CallOptions(merged).getCancellations()).containsExactly(view, call);
    assertThat(merged.merge(new CallOptions().setCancellation(view)).getCancellations()).containsExactly(view, call);
    assertThat(new CallOptions(merged).setCancellation(null).getCancellations()).isEmpty();
  }
}
