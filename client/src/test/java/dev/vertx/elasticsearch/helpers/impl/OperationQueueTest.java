package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
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
      lines(length, letter(seq)), 0, length, null).accepted(seq++, epoch);
    queue.reserve(length);
    queue.add(op);
    return op;
  }

  /** @return a body of its own holding {@code length} bytes of lines */
  static BulkBody lines(int length) {
    return lines(length, 'x');
  }

  private static BulkBody lines(int length, char letter) {
    BulkBody body = new BulkBody(length);
    write(body, length, letter);
    return body;
  }

  private static void write(BulkBody body, int length, char letter) {
    for (int i = 0; i < length; i++) {
      body.write(letter);
    }
  }

  /** @return a letter per operation, so that bodies show whose lines they hold */
  private static char letter(long seq) {
    return (char) ('a' + seq % 26);
  }

  /** Accepts an operation written straight into the open request body, as the ingester does on its context. */
  private PendingOperation acceptInPlace(int length) {
    BulkBody body = queue.openBody();
    int offset = body.length();
    write(body, length, letter(seq));
    PendingOperation op = new PendingOperation(BulkOperation.index("i", new JsonObject()).id(String.valueOf(seq)),
      body, offset, length, null).accepted(seq++, epoch);
    queue.reserve(length);
    queue.add(op);
    return op;
  }

  /** @return the chunk after checking that its body holds its operations' lines, in order, and nothing else */
  private static Batch sendable(Batch chunk) {
    StringBuilder expected = new StringBuilder();
    for (PendingOperation op : chunk.ops()) {
      expected.append(op.bytes().toString());
    }
    assertThat(chunk.body().toBuffer().toString()).isEqualTo(expected.toString());
    assertThat(chunk.body().length()).isEqualTo(chunk.bytes());
    return chunk;
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
      lines(length, letter(seq)), 0, length, null).accepted(seq++, epoch);
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

    assertThat(sendable(queue.nextChunk()).ops()).containsExactly(a, b, c);
    Batch second = sendable(queue.nextChunk());
    assertThat(second.ops()).containsExactly(d);
    assertThat(second.bytes()).isEqualTo(6);
    assertThat(sendable(queue.nextChunk()).ops()).containsExactly(e, f);
    assertThat(queue.nextChunk()).isNull();
    assertThat(queue.hasAccepted()).isFalse();
    assertThat(queue.bufferedOps()).isZero();
  }

  @Test
  void aForcedPartialChunkHoldsOnlyWhatCameBeforeTheForce() {
    PendingOperation a = accept();
    queue.forceAccepted();
    PendingOperation b = accept();
    Batch forced = sendable(queue.nextChunk());
    assertThat(forced.ops()).containsExactly(a, b); // b joined the same request before it left
    assertThat(queue.nextChunk()).isNull();

    PendingOperation c = accept();
    assertThat(queue.chunkDue()).isFalse();
    queue.forceAll();
    assertThat(sendable(queue.nextChunk()).ops()).containsExactly(c);
    PendingOperation late = accept();
    assertThat(sendable(queue.nextChunk()).ops()).containsExactly(late);
  }

  @Test
  void retriesGoFirstToppedUpWithAcceptedOperations() {
    List<PendingOperation> accepted = accept(4);
    PendingOperation retried = retry(2);
    retried.maybeApplied = true;
    assertThat(queue.bufferedOps()).isEqualTo(4); // a retry is not counted again for back-pressure

    Batch first = sendable(queue.nextChunk());
    assertThat(first.ops()).containsExactly(retried, accepted.get(0), accepted.get(1));
    assertThat(first.bytes()).isEqualTo(4);
    assertThat(first.maybeApplied()).isTrue();
    assertThat(queue.bufferedOps()).isEqualTo(2);

    queue.forceAll();
    Batch rest = sendable(queue.nextChunk());
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
    assertThat(sendable(queue.nextChunk()).ops()).containsExactly(retried, ops.get(0), ops.get(1));
    assertThat(sendable(queue.nextChunk()).ops()).containsExactly(ops.get(2), ops.get(3), ops.get(4));
    assertThat(queue.nextChunk()).isNull(); // one operation left: not a full chunk
    PendingOperation g = accept();
    PendingOperation h = accept();
    Batch last = sendable(queue.nextChunk());
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
    Batch chunk = sendable(queue.nextChunk());
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

  @Test
  void operationsWrittenInPlaceLeaveInTheBodyTheyWereWrittenTo() {
    PendingOperation a = acceptInPlace(4);
    PendingOperation b = acceptInPlace(4);
    BulkBody firstBody = a.body;
    assertThat(b.body).isSameAs(firstBody);
    PendingOperation c = acceptInPlace(3); // 8 + 3 > 10: moves to the next request, out of the first body
    assertThat(c.body).isNotSameAs(firstBody);
    assertThat(firstBody.length()).isEqualTo(8);
    PendingOperation d = acceptInPlace(2);

    Batch first = sendable(queue.nextChunk());
    assertThat(first.ops()).containsExactly(a, b);
    assertThat(first.body()).isSameAs(firstBody); // sent as written: no copy
    assertThat(first.body().toBuffer().toString()).isEqualTo("aaaabbbb");
    queue.forceAll();
    Batch second = sendable(queue.nextChunk());
    assertThat(second.ops()).containsExactly(c, d);
    assertThat(second.body().toBuffer().toString()).isEqualTo("cccdd");
  }

  @Test
  void aRetryKeepsItsLinesButNotTheBodyOfTheRequestThatCarriedIt() {
    PendingOperation a = acceptInPlace(2);
    acceptInPlace(2);
    acceptInPlace(2);
    Batch sent = sendable(queue.nextChunk());
    queue.addRetry(a);
    assertThat(a.body).isNotSameAs(sent.body());
    assertThat(a.bytes().toString()).isEqualTo("aa");
    PendingOperation d = acceptInPlace(2);
    Batch retry = sendable(queue.nextChunk());
    assertThat(retry.ops()).containsExactly(a, d);
    assertThat(retry.body().toBuffer().toString()).isEqualTo("aadd");
    assertThat(sent.body().toBuffer().toString()).as("what was sent is not written again").isEqualTo("aabbcc");
  }

  @Test
  void anEmptyOpenBodyIsNotAChunk() {
    queue.openBody(); // an operation is being written, and then fails
    assertThat(queue.chunkDue()).isFalse();
    queue.forceAll();
    assertThat(queue.nextChunk()).isNull();
    assertThat(queue.hasAccepted()).isFalse();
  }
}
