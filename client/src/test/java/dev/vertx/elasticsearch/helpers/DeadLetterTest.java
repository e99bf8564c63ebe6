package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Operations finally reported failed go to the dead-letter stream, and the file reads back into the bulk helper. */
class DeadLetterTest extends EmbeddedNodeTest {

  private final String index = newIndex("dead-letters");

  DeadLetterTest(EmbeddedElasticsearch es) {
    super(es);
  }

  @Test
  void documentsThatDoNotFitTheMappingGoToTheFileAndIndexOnceItIsFixed(@TempDir Path dir) throws Exception {
    // a strict mapping: a document with a field it does not know is refused (400), which no retry can fix
    await(client.perform(HttpMethod.PUT, "/" + index, null, new JsonObject()
      .put("settings", new JsonObject().put("number_of_shards", 1).put("number_of_replicas", 0))
      .put("mappings", new JsonObject().put("dynamic", "strict").put("properties", new JsonObject()
        .put("n", new JsonObject().put("type", "integer"))))), 30);
    int total = 2_000;
    Set<String> misfits = IntStream.range(0, total).filter(i -> i % 100 == 7).mapToObj(i -> "doc-" + i)
      .collect(Collectors.toCollection(TreeSet::new));
    Path file = dir.resolve("dead-letters.ndjson");
    AsyncFile deadLetters = await(vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true)
      .setCreate(true)), 30);

    List<BulkOperation> ops = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      JsonObject doc = new JsonObject().put("n", i);
      if (misfits.contains("doc-" + i)) {
        doc.put("extra", "not in the mapping");
      }
      ops.add(BulkOperation.index(null, doc).id("doc-" + i));
    }
    BulkSummary summary = await(ElasticsearchHelpers.bulk(vertx, client, ops, new BulkOptions().setIndex(index)
      .setMaxOperations(100).setDeadLetterStream(deadLetters)), 60);
    await(deadLetters.close(), 30);

    assertThat(summary.stats().failures()).isEqualTo(misfits.size());
    assertThat(summary.stats().deadLettered()).isEqualTo(misfits.size());
    assertThat(summary.stats().retries()).as("a mapping error is not retried").isZero();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2 * misfits.size());
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < lines.size(); i += 2) {
      JsonObject action = new JsonObject(lines.get(i));
      ids.add(action.getJsonObject("index").getString("_id"));
      assertThat(action.getJsonObject("_failure").getInteger("status")).isEqualTo(400);
      assertThat(action.getJsonObject("_failure").getString("type")).isEqualTo("strict_dynamic_mapping_exception");
      assertThat(new JsonObject(lines.get(i + 1)).getString("extra")).isEqualTo("not in the mapping");
    }
    assertThat(ids).isEqualTo(misfits);
    assertThat(HelperTestSupport.count(client, index)).isEqualTo(total - misfits.size());

    // the mapping is fixed: the file, fed back as it is, indexes every one of them
    await(client.perform(HttpMethod.PUT, "/" + index + "/_mapping", null, new JsonObject().put("properties",
      new JsonObject().put("extra", new JsonObject().put("type", "keyword")))), 30);
    ReadStream<Buffer> replay = await(vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)), 30)
      .setReadBufferSize(64);
    BulkSummary again = await(ElasticsearchHelpers.bulk(vertx, client, ElasticsearchHelpers.ndjsonOperations(replay),
      new BulkOptions().setIndex(index)), 60);
    assertThat(again.stats().successes()).isEqualTo(misfits.size());
    assertThat(again.stats().failures()).isZero();
    assertThat(HelperTestSupport.count(client, index)).isEqualTo(total);
  }

  @Test
  void aSlowDeadLetterStreamHoldsBackNewRequestsAndTheEndWaitsForIt() {
    await(client.perform(HttpMethod.PUT, "/" + index, null, new JsonObject()
      .put("mappings", new JsonObject().put("properties", new JsonObject()
        .put("n", new JsonObject().put("type", "integer"))))), 30);
    SlowStream slow = new SlowStream(vertx, 3);
    List<BulkOperation> ops = IntStream.range(0, 300)
      .mapToObj(i -> BulkOperation.index(null, new JsonObject().put("n", "not a number " + i)).id("d" + i))
      .collect(Collectors.toList());
    BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, client, new BulkOptions().setIndex(index).setMaxOperations(10)
      .setConcurrency(4).setDeadLetterStream(slow));
    ops.forEach(ingester::write);
    BulkSummary summary = await(ingester.end().compose(v -> ingester.summary()), 60);
    assertThat(summary.stats().failures()).isEqualTo(300);
    assertThat(slow.completed.get()).as("every write completed before the summary").isEqualTo(300);
    assertThat(slow.maxPending).as("the full stream held back new requests").isLessThanOrEqualTo(3 + 4 * 10);
  }

  @Test
  void aDocumentThatCannotBeWrittenAsJsonIsReportedWithoutADeadLetter() {
    SlowStream stream = new SlowStream(vertx, 100);
    List<BulkOperation> ops = IntStream.range(0, 20)
      .mapToObj(i -> BulkOperation.index(null, new JsonObject().put("n", i)).id("d" + i))
      .collect(Collectors.toCollection(ArrayList::new));
    ops.add(10, BulkOperation.index(null, new BulkHelperTest.Unwritable()).id("unwritable"));
    BulkSummary summary = await(ElasticsearchHelpers.bulk(vertx, client, ops, new BulkOptions().setIndex(index)
      .setMaxOperations(8).setDeadLetterStream(stream)), 60);
    assertThat(summary.stats().successes()).isEqualTo(20);
    assertThat(summary.failures()).singleElement()
      .satisfies(r -> assertThat(r.cause()).isInstanceOf(SerializationException.class));
    assertThat(summary.stats().deadLettered()).as("it has no NDJSON to write").isZero();
    assertThat(stream.completed.get()).isZero();
    assertThat(HelperTestSupport.count(client, index)).isEqualTo(20);
  }

  @Test
  void linesThatAreNotOperationsAreTypedErrorsNamingTheLine() {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<BulkOperation> read = new CopyOnWriteArrayList<>();
    Promise<Void> ended = Promise.promise();
    Buffer ndjson = Buffer.buffer("{\"index\":{\"_id\":\"1\"},\"_failure\":{\"status\":400}}\n{\"a\":1}\n"
      + "not json\n{\"delete\":{\"_index\":\"x\",\"_id\":\"2\"}}\n\n{\"create\":{\"_id\":\"3\"}}\n");
    ReadStream<BulkOperation> ops = ElasticsearchHelpers.ndjsonOperations(
      ElasticsearchHelpers.stream(vertx.getOrCreateContext(), List.of(ndjson)));
    ops.exceptionHandler(errors::add).endHandler(ended::complete).handler(read::add);
    await(ended.future(), 10);
    assertThat(read).extracting(BulkOperation::type)
      .containsExactly(BulkOperation.Type.INDEX, BulkOperation.Type.DELETE);
    assertThat(read.get(0).toNdjson().toString()).isEqualTo("{\"index\":{\"_id\":\"1\"}}\n{\"a\":1}\n");
    assertThat(errors).hasSize(2).allMatch(e -> e instanceof SerializationException);
    assertThat(errors.get(0)).hasMessageContaining("Line 3");
    assertThat(errors.get(1)).hasMessageContaining("action line 6");
  }

  /** A stream that takes {@code capacity} writes at a time and completes each only when the next timer fires. */
  private static final class SlowStream implements WriteStream<Buffer> {
    private final Vertx vertx;
    private final int capacity;
    private final List<Promise<Void>> pending = new ArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();
    private volatile int maxPending;
    private io.vertx.core.Handler<Void> drain;

    SlowStream(Vertx vertx, int capacity) {
      this.vertx = vertx;
      this.capacity = capacity;
    }

    @Override
    public Future<Void> write(Buffer data) {
      Promise<Void> p = Promise.promise();
      pending.add(p);
      maxPending = Math.max(maxPending, pending.size());
      if (pending.size() == 1) {
        vertx.setTimer(50, id -> completeAll());
      }
      return p.future();
    }

    private void completeAll() {
      List<Promise<Void>> done = new ArrayList<>(pending);
      pending.clear();
      done.forEach(p -> {
        completed.incrementAndGet();
        p.complete();
      });
      io.vertx.core.Handler<Void> h = drain;
      drain = null;
      if (h != null) {
        h.handle(null);
      }
    }

    @Override
    public boolean writeQueueFull() {
      return pending.size() >= capacity;
    }

    @Override
    public WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
      drain = handler;
      return this;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }
  }
}
