package dev.vertx.elasticsearch.mutiny;

import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.SearchResponse;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.NotFoundException;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.testing.Contexts;
import dev.vertx.elasticsearch.testing.Delivery;
import dev.vertx.elasticsearch.testing.TracedNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;

import static dev.vertx.elasticsearch.mutiny.MutinyTesting.await;
import static dev.vertx.elasticsearch.mutiny.MutinyTesting.contextsOf;
import static dev.vertx.elasticsearch.mutiny.MutinyTesting.subscribeOn;
import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Mutiny facade against the embedded node: bulk, search, scan, namespaces, errors and contexts. */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class MutinyClientIntegrationTest {

  private static final int DOCUMENTS = 120;

  @RegisterExtension
  final TracedNode node;
  private final MutinyElasticsearchClient client;
  private final String index;

  MutinyClientIntegrationTest(EmbeddedElasticsearch es) {
    node = new TracedNode(es, "mutiny");
    client = MutinyElasticsearchClient.create(node.client());
    index = node.index();
  }

  private Multi<BulkOperation> books(int count) {
    return Multi.createFrom().range(0, count)
      .map(i -> BulkOperation.index(index, new Book("Book " + i, 1900 + i)).id(String.valueOf(i)));
  }

  private void indexBooks(int count) {
    node.assertAllIndexed(await(client.bulk(books(count), new BulkOptions())), count);
  }

  @Test
  void bulkFromAMultiThenSearchAndScan() {
    indexBooks(DOCUMENTS);

    ElasticsearchResponse count = await(client.count(r -> r.index(index)));
    assertThat(count.body().getLong("count")).isEqualTo(DOCUMENTS);
    SearchResponse<Book> found = await(client.search(r -> r.index(index).q("title:\"Book 7\""), Book.class));
    assertThat(found.documents()).containsExactly(new Book("Book 7", 1907));
    assertThat(client.existsAndAwait(r -> r.index(index).id("7"))).isTrue();
    assertThat(await(client.indices().exists(r -> r.index(index)))).isTrue();

    List<Book> scanned = await(client.scan(new ScanOptions().setIndex(index).setPageSize(25), Book.class)
      .collect().asList());
    assertThat(scanned).hasSize(DOCUMENTS);
    assertThat(scanned.stream().map(Book::title).collect(Collectors.toSet())).hasSize(DOCUMENTS);
    List<JsonObject> hits = await(client.scan(new ScanOptions().setIndex(index)).collect().asList());
    assertThat(hits).hasSize(DOCUMENTS).allSatisfy(hit -> assertThat(hit.getString("_index")).isEqualTo(index));
  }

  @Test
  void theUniIsLazyAndSendsOnEverySubscription() {
    var uni = client.index(r -> r.index(index).id("lazy").body(new Book("Lazy", 2000)).refresh("true"));
    assertThat(await(client.indices().exists(r -> r.index(index)))).isFalse();
    assertThat(await(uni).body().getString("result")).isEqualTo("created");
    assertThat(await(uni).body().getString("result")).isEqualTo("updated");

    client.indexAndForget(r -> r.index(index).id("forgotten").body(new Book("Forgotten", 2001)).refresh("true"));
    until(() -> client.existsAndAwait(r -> r.index(index).id("forgotten")));
    assertThat(client.getAndAwait(r -> r.index(index).id("forgotten")).body().getJsonObject("_source")
      .getString("title")).isEqualTo("Forgotten");
  }

  /** A subscriber that requests a fixed number of hits, then cancels. */
  private static final class TakeThenCancel<T> implements MultiSubscriber<T> {
    private final int wanted;
    private final List<T> items = new ArrayList<>();
    private final Promise<List<T>> done = Promise.promise();
    private Flow.Subscription subscription;

    TakeThenCancel(int wanted) {
      this.wanted = wanted;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(wanted);
    }

    @Override
    public void onItem(T item) {
      items.add(item);
      if (items.size() == wanted) {
        subscription.cancel();
        done.tryComplete(List.copyOf(items));
      }
    }

    @Override
    public void onFailure(Throwable failure) {
      done.tryFail(failure);
    }

    @Override
    public void onCompletion() {
      done.tryFail(new AssertionError("completed after " + items.size() + " items"));
    }
  }

  @Test
  void scanReadsPagesOnlyAsHitsAreRequestedAndCancelFreesThePointInTime() {
    indexBooks(DOCUMENTS);
    node.spans().reset();
    TakeThenCancel<Book> taker = new TakeThenCancel<>(7);
    client.scan(new ScanOptions().setIndex(index).setPageSize(10), Book.class).subscribe().withSubscriber(taker);
    assertThat(result(taker.done.future())).hasSize(7);

    // the point in time is closed on cancel, and one page of 10 was enough for 7 hits: no page read ahead
    // (the scan's own span has no operation)
    until(() -> node.spans().operations().contains("close_point_in_time"));
    assertThat(node.spans().operations()).containsExactly("open_point_in_time", "search", "close_point_in_time");
  }

  @Test
  void errorsAreTheCoreClientsTypedErrors() {
    Throwable missing = await(client.search(r -> r.index("mutiny-missing-index")).onItemOrFailure()
      .transform((item, failure) -> failure));
    assertThat(missing).isInstanceOf(NotFoundException.class);
    // an incomplete request fails before anything is sent
    Throwable incomplete = await(client.get(r -> r.index(index)).onItemOrFailure().transform((item, f) -> f));
    assertThat(incomplete).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    // ...AndAwait throws the failure as it is
    assertThatThrownBy(() -> client.getAndAwait(r -> r.index(index).id("none")))
      .isInstanceOf(NotFoundException.class);
    assertThat(client.existsAndAwait(r -> r.index(index).id("none"))).isFalse();
    // the bulk Uni fails with the failure of the Multi, after what it delivered was indexed
    Throwable failed = await(client.bulk(books(5).onCompletion().failWith(new IllegalStateException("source broke")),
      new BulkOptions()).onItemOrFailure().transform((item, f) -> f));
    assertThat(failed).isInstanceOf(IllegalStateException.class).hasMessage("source broke");
    await(client.indices().refresh(r -> r.index(index)));
    assertThat(await(client.count(r -> r.index(index))).body().getLong("count")).isEqualTo(5);
  }

  @Test
  void andAwaitFailsAtOnceOnAnEventLoopAndOnAWorker() {
    Promise<Throwable> onEventLoop = Promise.promise();
    node.vertx().getOrCreateContext().runOnContext(v -> {
      try {
        client.infoAndAwait(r -> { });
        onEventLoop.fail("no exception");
      } catch (IllegalStateException e) {
        onEventLoop.complete(e);
      }
    });
    assertThat(result(onEventLoop.future())).hasMessageContaining("event-loop thread");
    Promise<Throwable> onWorker = Promise.promise();
    node.vertx().executeBlocking(() -> {
      try {
        client.infoAndAwait(r -> { });
        return null;
      } catch (IllegalStateException e) {
        return e;
      }
    }).onComplete(onWorker);
    assertThat(result(onWorker.future())).hasMessageContaining("worker thread");
  }

  private void assertEveryResultOn(Context caller) {
    List<Delivery<?>> delivered = Delivery.allOn(caller, List.of(
      subscribeOn(caller, () -> client.search(r -> r.index(index).size(5), Book.class)),
      subscribeOn(caller, () -> client.exists(r -> r.index(index).id("1"))),
      subscribeOn(caller, () -> client.indices().getMapping(r -> r.index(index))),
      subscribeOn(caller, () -> client.get(r -> r.index(index).id("missing"))),
      subscribeOn(caller, () -> client.bulk(books(3), new BulkOptions()))));
    assertThat(delivered.get(3).failure()).isInstanceOf(NotFoundException.class);
    assertThat(result(contextsOf(caller, () -> client.scan(new ScanOptions().setIndex(index).setPageSize(7)))))
      .hasSize(DOCUMENTS + 1).allSatisfy(c -> assertThat(c).isSameAs(caller));
  }

  @ParameterizedTest
  @EnumSource(value = ThreadingModel.class, names = {"EVENT_LOOP", "WORKER"})
  void everyResultIsDeliveredOnTheSubscribersContext(ThreadingModel model) {
    indexBooks(DOCUMENTS);
    Context caller = result(Contexts.deployed(node.vertx(), model));
    assertThat(caller.threadingModel()).isEqualTo(model);
    assertEveryResultOn(caller);
  }

  @Test
  void andAwaitSuspendsAVirtualThreadWhoseContextGetsTheAnswer() {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
    indexBooks(3);
    Context virtual = result(Contexts.deployed(node.vertx(), ThreadingModel.VIRTUAL_THREAD));
    // blocks this virtual thread; the answer arrives on this same context, which the wait must not hold
    Future<Long> counted = Contexts.on(virtual, () -> client.countAndAwait(r -> r.index(index)).body()
      .getLong("count"));
    assertThat(result(counted)).isEqualTo(3);
  }
}
