package dev.vertx.elasticsearch.rxjava3;

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
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.vertx.core.Context;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.vertx.elasticsearch.rxjava3.RxTesting.await;
import static dev.vertx.elasticsearch.rxjava3.RxTesting.contextsOf;
import static dev.vertx.elasticsearch.rxjava3.RxTesting.errorOf;
import static dev.vertx.elasticsearch.rxjava3.RxTesting.subscribeOn;
import static dev.vertx.elasticsearch.testing.Await.SECONDS;
import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** The RxJava 3 facade against the embedded node: bulk, search, scan, Maybe, namespaces, errors and contexts. */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class RxClientIntegrationTest {

  private static final int DOCUMENTS = 120;

  @RegisterExtension
  final TracedNode node;
  private final RxElasticsearchClient client;
  private final String index;

  RxClientIntegrationTest(EmbeddedElasticsearch es) {
    node = new TracedNode(es, "rx");
    client = RxElasticsearchClient.create(node.client());
    index = node.index();
  }

  private Flowable<BulkOperation> books(int count) {
    return Flowable.range(0, count)
      .map(i -> BulkOperation.index(index, new Book("Book " + i, 1900 + i)).id(String.valueOf(i)));
  }

  private void indexBooks(int count) {
    node.assertAllIndexed(await(client.bulk(books(count), new BulkOptions())), count);
  }

  @Test
  void bulkFromAFlowableThenSearchScanAndMaybe() {
    indexBooks(DOCUMENTS);

    ElasticsearchResponse count = await(client.count(r -> r.index(index)));
    assertThat(count.body().getLong("count")).isEqualTo(DOCUMENTS);
    SearchResponse<Book> found = await(client.search(r -> r.index(index).q("title:\"Book 7\""), Book.class));
    assertThat(found.documents()).containsExactly(new Book("Book 7", 1907));
    assertThat(await(client.exists(r -> r.index(index).id("7")))).isTrue();
    assertThat(await(client.indices().exists(r -> r.index(index)))).isTrue();

    assertThat(client.document(index, "7", Book.class).timeout(SECONDS, TimeUnit.SECONDS).blockingGet())
      .isEqualTo(new Book("Book 7", 1907));
    assertThat(client.document(index, "none", Book.class).isEmpty().timeout(SECONDS, TimeUnit.SECONDS)
      .blockingGet()).isTrue();
    assertThat(client.document("rx-missing-index", "1", Book.class).isEmpty().timeout(SECONDS, TimeUnit.SECONDS)
      .blockingGet()).isTrue();

    List<Book> scanned = await(client.scan(new ScanOptions().setIndex(index).setPageSize(25), Book.class).toList());
    assertThat(scanned).hasSize(DOCUMENTS);
    assertThat(scanned.stream().map(Book::title).collect(Collectors.toSet())).hasSize(DOCUMENTS);
    List<JsonObject> hits = await(client.scan(new ScanOptions().setIndex(index)).toList());
    assertThat(hits).hasSize(DOCUMENTS).allSatisfy(hit -> assertThat(hit.getString("_index")).isEqualTo(index));
  }

  @Test
  void theSingleIsLazyAndSendsOnEverySubscription() {
    var single = client.index(r -> r.index(index).id("lazy").body(new Book("Lazy", 2000)).refresh("true"));
    assertThat(await(client.indices().exists(r -> r.index(index)))).isFalse();
    assertThat(await(single).body().getString("result")).isEqualTo("created");
    assertThat(await(single).body().getString("result")).isEqualTo("updated");
  }

  @Test
  void scanReadsPagesOnlyAsHitsAreRequestedAndCancelFreesThePointInTime() {
    indexBooks(DOCUMENTS);
    node.spans().reset();
    TestSubscriber<Book> subscriber = client.scan(new ScanOptions().setIndex(index).setPageSize(10), Book.class)
      .test(7);
    until(() -> subscriber.values().size() == 7);
    subscriber.cancel();
    assertThat(subscriber.values()).hasSize(7);

    // the point in time is closed on cancel, and one page of 10 was enough for 7 hits: no page read ahead
    // (the scan's own span has no operation)
    until(() -> node.spans().operations().contains("close_point_in_time"));
    assertThat(node.spans().operations()).containsExactly("open_point_in_time", "search", "close_point_in_time");
  }

  @Test
  void errorsAreTheCoreClientsTypedErrors() {
    assertThat(errorOf(client.search(r -> r.index("rx-missing-index")))).isInstanceOf(NotFoundException.class);
    // an incomplete request fails before anything is sent
    assertThat(errorOf(client.get(r -> r.index(index)))).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("id");
    assertThat(await(client.exists(r -> r.index(index).id("none")))).isFalse();
    // the bulk Single fails with the error of the Flowable, after what it delivered was indexed
    Throwable failed = errorOf(client.bulk(books(5).concatWith(Flowable.error(new IllegalStateException("broke"))),
      new BulkOptions()));
    assertThat(failed).isInstanceOf(IllegalStateException.class).hasMessage("broke");
    await(client.indices().refresh(r -> r.index(index)));
    assertThat(await(client.count(r -> r.index(index))).body().getLong("count")).isEqualTo(5);
  }

  private void assertEveryResultOn(Context caller) {
    List<Delivery<?>> delivered = Delivery.allOn(caller, List.of(
      subscribeOn(caller, () -> client.search(r -> r.index(index).size(5), Book.class)),
      subscribeOn(caller, () -> client.exists(r -> r.index(index).id("1"))),
      subscribeOn(caller, () -> client.indices().getMapping(r -> r.index(index))),
      subscribeOn(caller, () -> client.get(r -> r.index(index).id("missing"))),
      subscribeOn(caller, () -> client.bulk(books(3), new BulkOptions())),
      subscribeOn(caller, () -> client.document(index, "1", Book.class).toSingle())));
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
}
