package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drain notices cross contexts: the one a writer registered its handler from and the ingester's. A notice that arrives
 * after the writer filled the buffer again must not resume it (the bulk helper's bound would be exceeded by one).
 * The writer's context here is a duplicate of the ingester's event-loop context, so a notice is queued on the same
 * loop behind the running task: the interleavings are exact, with no timing.
 */
@ExtendWith(VertxExtension.class)
class DrainHandlersTest {

  @Test
  void aNoticeThatArrivesAfterTheBufferFilledAgainWaitsForTheNextDrain(Vertx vertx) throws Exception {
    ContextInternal ingester = (ContextInternal) vertx.getOrCreateContext();
    Context writer = ingester.duplicate();
    AtomicBoolean full = new AtomicBoolean(true);
    DrainHandlers handlers = new DrainHandlers(ingester, full::get);
    AtomicInteger calls = new AtomicInteger();

    on(writer, () -> {
      handlers.register(v -> calls.incrementAndGet());
      handlers.markFull();
    });
    on(ingester, () -> {
      full.set(false);
      handlers.drained();
      // the writer fills the buffer again before the notice reaches its context
      full.set(true);
    });
    on(ingester, () -> assertThat(calls).hasValue(0));
    on(ingester, () -> {
      full.set(false);
      handlers.drained();
    });
    on(ingester, () -> assertThat(calls).hasValue(1));
  }

  @Test
  void aNoticeIsDeliveredOncePerFillAndNotWithoutOne(Vertx vertx) throws Exception {
    ContextInternal ingester = (ContextInternal) vertx.getOrCreateContext();
    Context writer = ingester.duplicate();
    AtomicBoolean full = new AtomicBoolean(false);
    DrainHandlers handlers = new DrainHandlers(ingester, full::get);
    AtomicInteger calls = new AtomicInteger();

    on(writer, () -> handlers.register(v -> calls.incrementAndGet()));
    on(ingester, handlers::drained);
    on(ingester, () -> assertThat(calls).as("never full, no notice").hasValue(0));
    on(writer, handlers::markFull);
    on(ingester, handlers::drained);
    on(ingester, handlers::drained);
    on(ingester, () -> assertThat(calls).as("one fill, one notice").hasValue(1));
    on(writer, () -> handlers.register(null));
    on(writer, handlers::markFull);
    on(ingester, handlers::drained);
    on(ingester, () -> assertThat(calls).as("removed").hasValue(1));
  }

  /** Runs a task on a context and waits (bounded) until it and everything queued before it on that loop ran. */
  private static void on(Context context, Runnable task) throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        task.run();
        done.complete();
      } catch (Throwable t) {
        done.fail(t);
      }
    });
    done.future().await(10, TimeUnit.SECONDS);
  }
}
