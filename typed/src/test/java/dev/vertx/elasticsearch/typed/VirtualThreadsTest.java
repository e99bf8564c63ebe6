package dev.vertx.elasticsearch.typed;

import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.helpers.ScanStream;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Cancellation;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.typed.TypedTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking calls inside verticles deployed with {@link ThreadingModel#VIRTUAL_THREAD}: {@code Future.await()} on the
 * client, the bulk and scan helpers, and elasticsearch-java's blocking client on {@link VertxElasticsearchTransport}
 * wait without holding the context (the answers complete on it), so the deployment neither times out nor keeps
 * {@code vertx.close()} from ending. Needs Java 21+: the build runs this class on such a JDK when the machine has
 * one, and it skips itself elsewhere.
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "Vert.x virtual threads need Java 21+: the build runs this "
  + "class in its virtual-threads execution, on a JDK 21+ when the machine has one")
@ExtendWith(EmbeddedElasticsearchExtension.class)
class VirtualThreadsTest {

  private final EmbeddedElasticsearch es;
  private TypedFixture fixture;

  VirtualThreadsTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    fixture = new TypedFixture(es, "typed-vt");
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  /** What a verticle's start saw: the result of its work, its context, and whether it ran on a Vert.x thread. */
  private record Run<T>(T result, Context context, boolean vertxThread) {
  }

  /** Runs blocking work in the start of a verticle on a virtual thread; undeploys it afterwards. */
  private <T> Run<T> onVirtualThread(Callable<T> work) {
    Promise<Run<T>> ran = Promise.promise();
    String id = await(fixture.vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() throws Exception {
        ran.complete(new Run<>(work.call(), Vertx.currentContext(), Context.isOnVertxThread()));
        return super.start();
      }
    }, new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD)));
    Run<T> run = await(ran.future());
    await(fixture.vertx.undeploy(id));
    assertThat(run.vertxThread()).as("a virtual thread, not an event loop or worker").isFalse();
    assertThat(run.context().threadingModel()).isEqualTo(ThreadingModel.VIRTUAL_THREAD);
    return run;
  }

  @Test
  void theClientsFuturesAwaitOnAVirtualThreadAndCompleteOnItsContext() {
    ElasticsearchClient client = fixture.client;
    Run<List<Context>> run = onVirtualThread(() -> {
      List<Context> seen = new ArrayList<>();
      client.perform(io.vertx.core.http.HttpMethod.PUT, "/" + fixture.index + "/_doc/1", Map.of("refresh", "true"),
        new JsonObject().put("title", "Vert.x")).onComplete(ar -> seen.add(Vertx.currentContext())).await();
      assertThat(client.info().await().status()).isEqualTo(200);
      Future<Boolean> ping = client.ping();
      ping.onComplete(ar -> seen.add(Vertx.currentContext()));
      assertThat(ping.await()).isTrue();
      return seen;
    });
    assertThat(run.result()).hasSize(2).allSatisfy(c -> assertThat(c).isSameAs(run.context()));
  }

  @Test
  void theBulkAndScanHelpersAwaitOnAVirtualThread() {
    ElasticsearchClient client = fixture.client;
    List<BulkOperation> operations = IntStream.range(0, 50)
      .mapToObj(i -> BulkOperation.index(fixture.index, new JsonObject().put("n", i)).id(String.valueOf(i))).toList();
    Run<List<JsonObject>> run = onVirtualThread(() -> {
      BulkSummary summary = ElasticsearchHelpers.bulk(fixture.vertx, client, operations,
        new BulkOptions().setMaxOperations(20)).await();
      assertThat(summary.successes()).isEqualTo(50);
      client.perform(io.vertx.core.http.HttpMethod.POST, "/" + fixture.index + "/_refresh", null, null).await();
      ScanStream<JsonObject> scan = ElasticsearchHelpers.scan(fixture.vertx, client,
        new ScanOptions().setIndex(fixture.index).setPageSize(10));
      Promise<List<JsonObject>> all = Promise.promise();
      List<JsonObject> hits = new ArrayList<>();
      scan.exceptionHandler(all::tryFail).endHandler(v -> all.tryComplete(hits)).handler(hits::add);
      return all.future().await(TypedTesting.WAIT_SECONDS, TimeUnit.SECONDS);
    });
    assertThat(run.result()).hasSize(50);
  }

  @Test
  void elasticsearchJavasBlockingClientWaitsOnAVirtualThread() {
    co.elastic.clients.elasticsearch.ElasticsearchClient blocking =
      new co.elastic.clients.elasticsearch.ElasticsearchClient(VertxElasticsearchTransport.create(fixture.client));
    Run<GetResponse<Book>> run = onVirtualThread(() -> {
      assertThat(blocking.ping().value()).isTrue();
      blocking.index(i -> i.index(fixture.index).id("1").document(new Book("Vert.x in Action", "tech", 2020, 4.5))
        .refresh(Refresh.True));
      assertThat(blocking.search(s -> s.index(fixture.index), Book.class).hits().hits()).hasSize(1);
      return blocking.get(g -> g.index(fixture.index).id("1"), Book.class);
    });
    assertThat(run.result().found()).isTrue();
    assertThat(run.result().source().title()).isEqualTo("Vert.x in Action");
  }

  @Test
  void aCancelledBlockingCallFailsOnTheVirtualThreadWithoutHoldingTheContext() {
    Cancellation token = Cancellation.create();
    token.cancel();
    co.elastic.clients.elasticsearch.ElasticsearchClient blocking =
      new co.elastic.clients.elasticsearch.ElasticsearchClient(VertxElasticsearchTransport.create(
        fixture.client.withOptions(new CallOptions().setCancellation(token))));
    Run<Throwable> run = onVirtualThread(() -> {
      try {
        blocking.info();
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    assertThat(run.result()).isInstanceOf(RequestCancelledException.class);
  }
}
