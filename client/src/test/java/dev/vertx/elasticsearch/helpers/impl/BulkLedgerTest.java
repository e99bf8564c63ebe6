package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** A flush completes once every operation written before it is recorded, and not before. */
class BulkLedgerTest {

  private final Admission admission = new Admission();
  private final BulkLedger ledger = new BulkLedger(new BulkOptions().setRefreshOnCompletion(false), admission,
    error -> { }, (op, result) -> { });
  private long seq;

  private PendingOperation written() {
    assertThat(admission.tryAdmit()).isTrue();
    ledger.admitted();
    return new PendingOperation(BulkOperation.index("i", new JsonObject()).id(String.valueOf(seq)),
      OperationQueueTest.lines(1), 0, 1, null).accepted(seq++, ledger.enter());
  }

  private static Batch batch(PendingOperation... ops) {
    Batch batch = new Batch(ops.length, 16);
    for (PendingOperation op : ops) {
      batch.add(op);
    }
    return batch;
  }

  private Promise<Void> flush() {
    Promise<Void> flushed = Promise.promise();
    ledger.flush(flushed);
    return flushed;
  }

  @Test
  void aFlushWaitsForEveryOperationWrittenBeforeIt() {
    PendingOperation a = written();
    Promise<Void> first = flush();
    assertThat(first.future().isComplete()).isFalse();
    ledger.recordAllSucceeded(batch(a));
    assertThat(first.future().succeeded()).isTrue();

    PendingOperation b = written();
    PendingOperation c = written();
    Promise<Void> second = flush();
    PendingOperation afterwards = written();
    ledger.recordAllSucceeded(batch(b));
    assertThat(second.future().isComplete()).isFalse();
    ledger.recordAllSucceeded(batch(c));
    assertThat(second.future().succeeded()).isTrue();
    ledger.recordAllSucceeded(batch(afterwards));
    assertThat(admission.pending()).isZero();
  }

  @Test
  void anEpochThatEmptiedAndFilledAgainStillHoldsItsFlush() {
    // every operation of the current epoch is recorded, then more are written into the same epoch
    ledger.recordAllSucceeded(batch(written(), written()));
    PendingOperation late = written();
    Promise<Void> flushed = flush();
    assertThat(flushed.future().isComplete()).isFalse();
    ledger.recordAllSucceeded(batch(late));
    assertThat(flushed.future().succeeded()).isTrue();
    assertThat(flush().future().succeeded()).isTrue();
  }
}
