package dev.vertx.elasticsearch.typed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.util.MissingRequiredPropertyException;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static dev.vertx.elasticsearch.typed.TypedTesting.await;
import static dev.vertx.elasticsearch.typed.TypedTesting.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Error answers of the embedded node become elasticsearch-java's typed errors, as its users expect. */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class TypedErrorsIntegrationTest {

  private final EmbeddedElasticsearch es;
  private TypedFixture fixture;
  private TypedElasticsearchClient typed;
  private String index;

  TypedErrorsIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    fixture = new TypedFixture(es, "typed-err");
    typed = fixture.typed;
    index = fixture.index;
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private static ElasticsearchException typedError(Throwable failure, int status, String type) {
    assertThat(failure).isInstanceOf(ElasticsearchException.class);
    ElasticsearchException error = (ElasticsearchException) failure;
    assertThat(error.status()).isEqualTo(status);
    assertThat(error.error().type()).isEqualTo(type);
    return error;
  }

  @Test
  void missingIndex() {
    ElasticsearchException error = typedError(failureOf(typed.search(s -> s.index(index), Book.class)), 404,
      "index_not_found_exception");
    assertThat(error.endpointId()).isEqualTo("es/search");
    assertThat(error.error().reason()).contains(index);
    assertThat(error.response().status()).isEqualTo(404);
  }

  @Test
  void existingIndexAndVersionConflict() {
    await(typed.indices().create(c -> c.index(index)));
    typedError(failureOf(typed.indices().create(c -> c.index(index))), 400, "resource_already_exists_exception");

    Book book = new Book("Dune", "sci-fi", 1965, 4.5);
    await(typed.create(c -> c.index(index).id("1").document(book).refresh(Refresh.True)));
    typedError(failureOf(typed.create(c -> c.index(index).id("1").document(book))), 409,
      "version_conflict_engine_exception");
    typedError(failureOf(typed.index(i -> i.index(index).id("1").document(book).ifSeqNo(42L).ifPrimaryTerm(1L))),
      409, "version_conflict_engine_exception");
  }

  @Test
  void badQuery() {
    await(typed.indices().create(c -> c.index(index)));
    ElasticsearchException error = (ElasticsearchException) failureOf(typed.search(s -> s.index(index)
      .query(q -> q.queryString(qs -> qs.query("title:(unclosed"))), Book.class));
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.error().type()).isIn("search_phase_execution_exception", "query_shard_exception");
  }

  @Test
  void aRequestThatCannotBeBuiltFailsTheFutureWithoutARequest() {
    Throwable failure = failureOf(typed.get(g -> g.index(index), Book.class));
    assertThat(failure).isInstanceOf(MissingRequiredPropertyException.class).hasMessageContaining("id");
  }

  @Test
  void theBlockingClientWorksOffTheEventLoopAndRefusesToBlockOne() throws Exception {
    ElasticsearchClient blocking = new ElasticsearchClient(VertxElasticsearchTransport.create(fixture.client));
    assertThat(blocking.ping().value()).isTrue();
    assertThatThrownBy(() -> blocking.get(g -> g.index(index).id("1"), Book.class))
      .isInstanceOf(ElasticsearchException.class)
      .satisfies(e -> assertThat(((ElasticsearchException) e).status()).isEqualTo(404));

    Context eventLoop = fixture.vertx.getOrCreateContext();
    Promise<Throwable> refused = Promise.promise();
    eventLoop.runOnContext(v -> {
      try {
        blocking.info();
        refused.fail("the blocking call ran on an event loop");
      } catch (Throwable e) {
        refused.complete(e);
      }
    });
    assertThat(await(refused.future())).isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("event loop");

    // A blocking call inside executeBlocking runs on a worker thread: it may wait.
    Boolean fromWorker = await(eventLoop.executeBlocking(() -> blocking.ping().value()));
    assertThat(fromWorker).isTrue();
  }
}
