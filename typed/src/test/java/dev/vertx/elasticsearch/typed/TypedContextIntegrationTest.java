package dev.vertx.elasticsearch.typed;

import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static dev.vertx.elasticsearch.typed.TypedTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Typed calls complete on the caller's Vert.x context, also when the answer was decoded on a worker thread. */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class TypedContextIntegrationTest {

  private final EmbeddedElasticsearch es;
  private TypedFixture fixture;
  private Vertx vertx;
  private ElasticsearchClient client;
  private String index;

  TypedContextIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    fixture = new TypedFixture(es, "typed-ctx");
    vertx = fixture.vertx;
    client = fixture.client;
    index = fixture.index;
    await(fixture.typed.bulk(b -> {
      b.index(index).refresh(Refresh.True);
      for (int i = 0; i < 50; i++) {
        Book book = new Book("Book " + i, i % 2 == 0 ? "even" : "odd", 1950 + i, 3.0);
        String id = String.valueOf(i);
        b.operations(op -> op.index(x -> x.id(id).document(book)));
      }
      return b;
    }));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  /** Runs three calls from the context and records the context each one completed on. */
  private static Future<List<Context>> threeCallsFrom(Context caller, TypedElasticsearchClient typed, String index) {
    Promise<List<Context>> done = Promise.promise();
    caller.runOnContext(v -> {
      List<Context> seen = new ArrayList<>();
      typed.search(s -> s.index(index).size(50), Book.class)
        .compose(r -> {
          seen.add(Vertx.currentContext());
          return typed.count(c -> c.index(index));
        })
        .compose(r -> {
          seen.add(Vertx.currentContext());
          return typed.indices().exists(e -> e.index(index));
        })
        .onSuccess(r -> {
          seen.add(Vertx.currentContext());
          done.complete(seen);
        })
        .onFailure(done::fail);
    });
    return done.future();
  }

  @Test
  void callsFromAnEventLoopCompleteOnIt() {
    Context caller = vertx.getOrCreateContext();
    for (int threshold : new int[] {-1, 0}) {
      // 0: every answer is decoded on a worker thread; the futures still complete on the caller's context
      TypedElasticsearchClient typed = TypedElasticsearchClient.create(vertx, new co.elastic.clients.elasticsearch
        .ElasticsearchAsyncClient(VertxElasticsearchTransport.create(client, new VertxElasticsearchTransportOptions()
        .setWorkerDecodeThreshold(threshold))));
      assertThat(await(threeCallsFrom(caller, typed, index))).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(caller));
    }
  }

  @Test
  void callsFromAWorkerVerticleCompleteOnItsContext() {
    Promise<List<Context>> seen = Promise.promise();
    Promise<Context> deployed = Promise.promise();
    await(vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        deployed.complete(context);
        threeCallsFrom(context, TypedElasticsearchClient.create(vertx, client), index).onComplete(seen);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
    Context worker = await(deployed.future());
    assertThat(worker.isWorkerContext()).isTrue();
    assertThat(await(seen.future())).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(worker));
  }

  @Test
  void callsFromAnotherThreadCompleteOnAVertxEventLoop() {
    TypedElasticsearchClient typed = TypedElasticsearchClient.create(vertx, client);
    Promise<Boolean> onEventLoop = Promise.promise();
    typed.search(s -> s.index(index), Book.class)
      .onComplete(ar -> onEventLoop.complete(ar.succeeded() && Context.isOnEventLoopThread()));
    assertThat(await(onEventLoop.future())).isTrue();

    SearchResponse<Book> response = await(typed.search(s -> s.index(index).size(50), Book.class));
    assertThat(response.hits().hits()).hasSize(50);
  }
}
