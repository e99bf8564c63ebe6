package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Accepted operations are cut into requests as they come; retries go first; the counters follow every move. */
class OperationQueueTest {

  private final OperationQueue queue = new OperationQueue(new BulkOptions().setMaxOperations(3).setMaxBytes(10)
    .setMaxBufferedOperations(100).setMaxBufferedBytes(1000));
  private long seq;
  private int epoch;

  /** Accepts an operation of {@code length} bytes into {@code index}. */
  private PendingOperation accept(String index, int length) {
    PendingOperation op = new PendingOperation(BulkOperation.index(index, new JsonObject()).id(String.valueOf(seq)),
      Buffer.buffer("x".repeat(length)), null, seq++, epoch);
    queue.reserve(length);
    queue.add(op);
    return op;
  }

  private PendingOperation accept() {
    return accept("i", 1);
  }

  /** @return {@code count} operations accepted, one byte each */
  private List<PendingOperation> accept(int count) {
    List<PendingOperation> ops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ops.add(accept());
    }
    return ops;
  }

  /** Queues a retry of an operation of {@code length} bytes into {@code j}. */
  private PendingOperation retry(int length) {
    PendingOperation op = new PendingOperation(BulkOperation.index("j", new JsonObject()).id("r" + seq),
      Buffer.buffer("x".repeat(length)), null, seq++, epoch);
    queue.addRetry(op);
    return op;
  }

  @Test
  void fullChunksAreCutByCountAndBySizeInOrder() {
    PendingOperation a = accept();
    PendingOperation b = accept();
    assertThat(queue.chunkDue()).isFalse();
    assertThat(queue.nextChunk()).isNull();
    PendingOperation c = accept();
    PendingOperation d = accept("i", 6);
    PendingOperation e = accept("i", 5); // 6 + 5 > 10: d leaves alone once the next one comes
    PendingOperation f = accept("i", 5); // 5 + 5 = 10: full by size

    assertThat(queue.nextChunk().ops()).containsExactly(a, b, c);
    Batch second = queue.nextChunk();
    assertThat(second.ops()).containsExactly(d);
    assertThat(second.bytes()).isEqualTo(6);
    assertThat(queue.nextChunk().ops()).containsExactly(e, f);
    assertThat(queue.nextChunk()).isNull();
    assertThat(queue.hasAccepted()).isFalse();
    assertThat(queue.bufferedOps()).isZero();
  }

  @Test
  void aForcedPartialChunkHoldsOnlyWhatCameBeforeTheForce() {
    PendingOperation a = accept();
    queue.forceAccepted();
    PendingOperation b = accept();
    Batch forced = queue.nextChunk();
    assertThat(forced.ops()).containsExactly(a, b); // b joined the same request before it left
    assertThat(queue.nextChunk()).isNull();

    PendingOperation c = accept();
    assertThat(queue.chunkDue()).isFalse();
    queue.forceAll();
    assertThat(queue.nextChunk().ops()).containsExactly(c);
    PendingOperation late = accept();
    assertThat(queue.nextChunk().ops()).containsExactly(late);
  }

  @Test
  void retriesGoFirstToppedUpWithAcceptedOperations() {
    List<PendingOperation> accepted = accept(4);
    PendingOperation retried = retry(2);
    retried.maybeApplied = true;
    assertThat(queue.bufferedOps()).isEqualTo(4); // a retry is not counted again for back-pressure

    Batch first = queue.nextChunk();
    assertThat(first.ops()).containsExactly(retried, accepted.get(0), accepted.get(1));
    assertThat(first.bytes()).isEqualTo(4);
    assertThat(first.maybeApplied()).isTrue();
    assertThat(queue.bufferedOps()).isEqualTo(2);

    queue.forceAll();
    Batch rest = queue.nextChunk();
    assertThat(rest.ops()).containsExactly(accepted.get(2), accepted.get(3));
    assertThat(rest.bytes()).isEqualTo(2);
    assertThat(rest.maybeApplied()).isFalse();
    assertThat(rest.summarized()).isTrue(); // cut again, one operation at a time
    assertThat(queue.nextChunk()).isNull();
    assertThat(queue.bufferedOps()).isZero();
  }

  @Test
  void chunksStayFullAfterRetriesTookAcceptedOperations() {
    List<PendingOperation> ops = accept(6);
    PendingOperation retried = retry(1);
    assertThat(queue.nextChunk().ops()).containsExactly(retried, ops.get(0), ops.get(1));
    assertThat(queue.nextChunk().ops()).containsExactly(ops.get(2), ops.get(3), ops.get(4));
    assertThat(queue.nextChunk()).isNull(); // one operation left: not a full chunk
    PendingOperation g = accept();
    PendingOperation h = accept();
    Batch last = queue.nextChunk();
    assertThat(last.ops()).containsExactly(ops.get(5), g, h);
    assertThat(last.indices()).containsExactly("i");
    assertThat(queue.bufferedOps()).isZero();
  }

  @Test
  void aChunkKnowsItsEpochsAndIndicesWithoutReadingItsOperations() {
    accept("a", 1);
    epoch++;
    accept("a", 1);
    accept("b", 1);
    Batch chunk = queue.nextChunk();
    assertThat(chunk.summarized()).isTrue();
    assertThat(chunk.epochRunCount()).isEqualTo(2);
    assertThat(List.of(chunk.epochOfRun(0), chunk.sizeOfRun(0), chunk.epochOfRun(1), chunk.sizeOfRun(1)))
      .containsExactly(0, 1, 1, 2);
    assertThat(chunk.indices()).containsExactly("a", "b");
  }

  @Test
  void clearHandsBackTheAcceptedThenTheRetries() {
    List<PendingOperation> accepted = accept(4);
    PendingOperation retried = retry(1);
    List<PendingOperation> all = new ArrayList<>(accepted);
    all.add(retried);
    assertThat(queue.clear()).containsExactlyElementsOf(all);
    assertThat(queue.bufferedOps()).isZero();
    assertThat(queue.hasAccepted()).isFalse();
    assertThat(queue.nextChunk()).isNull();
  }
}
