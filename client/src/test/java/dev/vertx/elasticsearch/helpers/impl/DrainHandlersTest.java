package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.testing.Contexts;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.Executors;
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

  private final AtomicBoolean full = new AtomicBoolean();
  private final AtomicInteger calls = new AtomicInteger();
  private ContextInternal ingester;
  private Context writer;
  private DrainHandlers handlers;

  @BeforeEach
  void setUp(Vertx vertx) {
    ingester = (ContextInternal) vertx.getOrCreateContext();
    writer = ingester.duplicate();
    handlers = new DrainHandlers(ingester, full::get);
  }

  @Test
  void aNoticeThatArrivesAfterTheBufferFilledAgainWaitsForTheNextDrain() throws Exception {
    full.set(true);
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
  void aNoticeIsDeliveredOncePerFillAndNotWithoutOne() throws Exception {
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
    Contexts.on(context, Executors.callable(task)).await(10, TimeUnit.SECONDS);
  }
}
