package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every future of the client and of the helpers completes on the caller's context, also when the helper lives on
 * another context (it was created elsewhere) and when the work is shared (a sniff in progress).
 */
class HelperContextTest extends EmbeddedNodeTest {

  private final String index = newIndex("contexts");

  HelperContextTest(EmbeddedElasticsearch es) {
    super(es);
  }

  @BeforeEach
  void setUp() {
    indices.add(index + "-copy");
    HelperTestSupport.createIndex(client, index, 1, null);
    List<BulkOperation> docs = IntStream.range(0, 30).mapToObj(i -> BulkOperation.index(index,
      new JsonObject().put("n", i))).toList();
    await(ElasticsearchHelpers.bulk(vertx, client, docs, new BulkOptions().setRefreshOnCompletion(true)), 30);
  }

  /** A fresh event-loop context, distinct from the one the helpers were created on. */
  private Context newContext() {
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  /** @return the helper created on a context of its own */
  private <T> T createdElsewhere(Supplier<T> factory) {
    Promise<T> created = Promise.promise();
    newContext().runOnContext(v -> created.complete(factory.get()));
    return await(created.future(), 10);
  }

  /** Calls on a caller context and checks that the future's callbacks run there. */
  private void completesOnCaller(String what, Supplier<Future<?>> call) {
    Context caller = newContext();
    Promise<Context> seen = Promise.promise();
    caller.runOnContext(v -> call.get().onComplete(ar -> seen.complete(Vertx.currentContext())));
    Context context = await(seen.future(), 30);
    assertThat(context).as(what).isNotNull();
    assertThat(((ContextInternal) context).unwrap()).as(what).isSameAs(caller);
  }

  @Test
  void ingesterFuturesCompleteOnTheCallersContext() {
    BulkIngester ingester = createdElsewhere(() -> ElasticsearchHelpers.bulkIngester(vertx, client,
      new BulkOptions().setIndex(index)));
    completesOnCaller("write", () -> ingester.write(BulkOperation.index(null, new JsonObject().put("n", 1))));
    completesOnCaller("flush", ingester::flush);
    completesOnCaller("end", ingester::end);
    completesOnCaller("summary", ingester::summary);
    completesOnCaller("bulk", () -> ElasticsearchHelpers.bulk(vertx, client,
      List.of(BulkOperation.index(index, new JsonObject().put("n", 2))), new BulkOptions()));
  }

  @Test
  void scanAndReindexFuturesCompleteOnTheCallersContext() {
    ScanStream<JsonObject> scan = createdElsewhere(() -> ElasticsearchHelpers.scan(vertx, client,
      new ScanOptions().setIndex(index).setPageSize(5)));
    completesOnCaller("scan cancel", scan::cancel);
    completesOnCaller("reindex", () -> ElasticsearchHelpers.reindex(vertx, client, new ReindexOptions()
      .setSourceIndex(index).setTargetIndex(index + "-copy"), null));
  }

  @Test
  void msearchFuturesCompleteOnTheCallersContext() {
    MsearchHelper msearch = createdElsewhere(() -> ElasticsearchHelpers.msearch(vertx, client, new MsearchOptions()));
    completesOnCaller("msearch search", () -> msearch.search(index, new JsonObject().put("size", 1)));
    completesOnCaller("msearch close", msearch::close);
  }

  @Test
  void clientFuturesCompleteOnTheCallersContext() {
    ElasticsearchClient created = createdElsewhere(() -> HelperTestSupport.client(vertx, es));
    completesOnCaller("sniff", () -> created.transport().sniff());
    // a sniff shared with one already running completes on each caller's own context
    completesOnCaller("joined sniff", () -> {
      newContext().runOnContext(v -> created.transport().sniff());
      return created.transport().sniff();
    });
    completesOnCaller("info", created::info);
    completesOnCaller("close", created::close);
  }
}
