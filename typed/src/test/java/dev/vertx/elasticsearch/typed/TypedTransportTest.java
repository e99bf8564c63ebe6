package dev.vertx.elasticsearch.typed;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.transport.BackoffPolicy;
import co.elastic.clients.transport.RetryConfig;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.UnsupportedProductException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.vertx.elasticsearch.typed.TypedTesting.await;
import static dev.vertx.elasticsearch.typed.TypedTesting.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed transport against a scripted HTTP server, for what a real node does not do on demand: 503 storms,
 * answers held back, missing product headers, warnings, big answers; and to read the headers that reach the wire.
 */
class TypedTransportTest {

  /** One request as the server saw it. */
  private record Seen(String method, String uri, MultiMap headers, Buffer body) {
  }

  private Vertx vertx;
  private HttpServer server;
  private volatile Handler<HttpServerRequest> handler;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private ElasticsearchClient client;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(new Seen(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
        body));
      handler.handle(req);
    })).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      await(client.close());
    }
    await(vertx.close());
  }

  private ElasticsearchClient client(int compatibilityVersion, int maxRetries) {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts("http://127.0.0.1:" + server.actualPort());
    options.getTransport().setCompatibilityVersion(compatibilityVersion)
      .setRetry(new dev.vertx.elasticsearch.transport.RetryConfig().withMaxRetries(maxRetries).withBackoff(1, 5))
      .setRequestTimeout(10_000L);
    client = ElasticsearchClient.create(vertx, options);
    return client;
  }

  private static void answer(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("content-type", "application/json")
      .putHeader("X-Elastic-Product", "Elasticsearch").end(body.encode());
  }

  private static JsonObject searchAnswer(int hits) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < hits; i++) {
      array.add(new JsonObject().put("_index", "books").put("_id", String.valueOf(i)).put("_score", 1.0)
        .put("_source", new JsonObject().put("title", "Book number " + i).put("genre", "tech").put("year", 2000 + i % 20)
          .put("rating", 4.5)));
    }
    return new JsonObject().put("took", 1).put("timed_out", false)
      .put("_shards", new JsonObject().put("total", 1).put("successful", 1).put("skipped", 0).put("failed", 0))
      .put("hits", new JsonObject().put("total", new JsonObject().put("value", hits).put("relation", "eq"))
        .put("max_score", 1.0).put("hits", array));
  }

  private static JsonObject error(int status, String type) {
    return new JsonObject().put("status", status).put("error", new JsonObject().put("type", type)
      .put("reason", "scripted " + type).put("root_cause", new JsonArray()));
  }

  @Test
  void aSearchWhoseAnswerIsLostIsRetriedButAnIndexWithoutIdIsNot() {
    AtomicInteger requests = new AtomicInteger();
    // the first request of each kind loses its answer after the server read it whole
    handler = req -> {
      if (requests.incrementAndGet() % 2 == 1) {
        req.connection().close();
      } else {
        answer(req, 200, searchAnswer(1));
      }
    };
    TypedElasticsearchClient typed = TypedElasticsearchClient.create(client(9, 3));
    assertThat(await(typed.search(s -> s.index("books").query(q -> q.matchAll(m -> m)), Book.class))
      .hits().hits()).hasSize(1);
    assertThat(seen).hasSize(2).allSatisfy(r -> assertThat(r.method()).isEqualTo("POST"));

    seen.clear();
    requests.set(0);
    Throwable failure = failureOf(typed.index(i -> i.index("books").document(new JsonObject().put("title", "x"))));
    assertThat(failure).isInstanceOf(ConnectionException.class).hasMessageContaining("may have been applied");
    assertThat(seen).hasSize(1);
  }

  @Test
  void theClientsCompatibilityVersionAndHeadersReachTheWire() {
    handler = req -> answer(req, 201, new JsonObject().put("_index", "books").put("_id", "1").put("_version", 1)
      .put("result", "created").put("_seq_no", 0).put("_primary_term", 1)
      .put("_shards", new JsonObject().put("total", 1).put("successful", 1).put("failed", 0)));
    TypedElasticsearchClient typed = TypedElasticsearchClient.create(vertx, client(8, 0))
      .withTransportOptions(o -> o.addHeader("X-Opaque-Id", "job-42").setParameter("pipeline", "p1"));

    Book book = new Book("Dune", "sci-fi", 1965, 4.5);
    assertThat(await(typed.index(i -> i.index("books").id("1").document(book))).id()).isEqualTo("1");

    Seen request = seen.get(0);
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.uri()).isEqualTo("/books/_doc/1?pipeline=p1");
    assertThat(request.headers().get("Content-Type")).isEqualTo("application/vnd.elasticsearch+json; compatible-with=8");
    assertThat(request.headers().get("Accept")).isEqualTo("application/vnd.elasticsearch+json; compatible-with=8");
    assertThat(request.headers().get("User-Agent")).startsWith("vertx-elasticsearch/");
    assertThat(request.headers().get("X-Opaque-Id")).isEqualTo("job-42");
    assertThat(request.headers().entries()).noneMatch(h -> h.getValue().contains("compatible-with=9"));
    assertThat(new JsonObject(request.body())).isEqualTo(JsonObject.mapFrom(book));
  }

  @Test
  void onlyTheClientRetriesEvenWhenElasticsearchJavaRetriesAreConfigured() {
    AtomicInteger calls = new AtomicInteger();
    handler = req -> {
      if (calls.incrementAndGet() <= 2) {
        answer(req, 503, error(503, "unavailable_shards_exception"));
      } else {
        answer(req, 200, searchAnswer(1));
      }
    };
    RetryConfig javaRetries = RetryConfig.of(r -> r.backoffPolicy(BackoffPolicy.constantBackoff(1L, 5)));
    TypedElasticsearchClient typed = TypedElasticsearchClient.create(vertx, client(9, 3))
      .withTransportOptions(o -> o.retryConfig(javaRetries));

    assertThat(await(typed.search(s -> s.index("books"), Book.class)).hits().hits()).hasSize(1);
    assertThat(calls.get()).isEqualTo(3);

    calls.set(-100);
    seen.clear();
    Throwable failure = failureOf(typed.search(s -> s.index("books"), Book.class));
    assertThat(failure).isInstanceOf(ElasticsearchException.class);
    assertThat(((ElasticsearchException) failure).status()).isEqualTo(503);
    assertThat(((ElasticsearchException) failure).error().type()).isEqualTo("unavailable_shards_exception");
    // 1 attempt + the client's 3 retries; elasticsearch-java added none
    assertThat(seen).hasSize(4);
  }

  @Test
  void aViewsRetryConfigReachesTheClientUnderTheTypedCalls() {
    AtomicInteger calls = new AtomicInteger();
    handler = req -> {
      calls.incrementAndGet();
      answer(req, 503, error(503, "unavailable_shards_exception"));
    };
    ElasticsearchClient noRetries = client(9, 3).withOptions(new dev.vertx.elasticsearch.transport.CallOptions()
      .setRetry(dev.vertx.elasticsearch.transport.RetryConfig.NONE));
    Throwable failure = failureOf(TypedElasticsearchClient.create(vertx, noRetries).search(s -> s.index("books"),
      Book.class));
    assertThat(failure).isInstanceOf(ElasticsearchException.class);
    assertThat(calls.get()).as("the view's RetryConfig.NONE, not the client's 3 retries").isEqualTo(1);
  }

  @Test
  void failuresToGetAnAnswerAreTheClientsTransportExceptions() throws Exception {
    int refused;
    try (ServerSocket socket = new ServerSocket(0)) {
      refused = socket.getLocalPort();
    }
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts("http://127.0.0.1:" + refused);
    options.getTransport().setRetry(dev.vertx.elasticsearch.transport.RetryConfig.NONE);
    ElasticsearchClient nowhere = ElasticsearchClient.create(vertx, options);
    try {
      Throwable failure = failureOf(TypedElasticsearchClient.create(vertx, nowhere).info());
      assertThat(failure).isInstanceOf(ConnectionException.class);
      assertThat(failure).isInstanceOf(dev.vertx.elasticsearch.error.TransportException.class);
    } finally {
      await(nowhere.close());
    }

    handler = req -> req.response().putHeader("content-type", "application/json").end(searchAnswer(1).encode());
    Throwable notElasticsearch = failureOf(TypedElasticsearchClient.create(vertx, client(9, 0))
      .search(s -> s.index("books"), Book.class));
    assertThat(notElasticsearch).isInstanceOf(UnsupportedProductException.class);
  }

  /** A document that counts how often it was decoded and on which thread. */
  public record Spy(String title, String genre, int year, double rating) {
    static final AtomicInteger DECODED = new AtomicInteger();
    static final List<String> THREADS = new CopyOnWriteArrayList<>();

    public Spy {
      DECODED.incrementAndGet();
      THREADS.add(Thread.currentThread().getName());
    }
  }

  @Test
  void aCancelledCallIsAbortedAndItsAnswerNeverDecoded() throws Exception {
    Promise<Void> held = Promise.promise();
    Promise<Void> closed = Promise.promise();
    handler = req -> {
      if (req.path().endsWith("/_search")) {
        // holds the answer: the connection only ends when the client resets it
        req.connection().closeHandler(v -> closed.tryComplete());
        held.tryComplete();
      } else {
        answer(req, 200, new JsonObject().put("count", 3).put("_shards", new JsonObject().put("total", 1)
          .put("successful", 1).put("skipped", 0).put("failed", 0)));
      }
    };
    ElasticsearchAsyncClient async = new ElasticsearchAsyncClient(VertxElasticsearchTransport.create(client(9, 0)));
    Spy.DECODED.set(0);
    CompletableFuture<SearchResponse<Spy>> search = async.search(s -> s.index("books"), Spy.class);
    await(held.future());
    assertThat(search.cancel(true)).isTrue();
    assertThat(search.isCancelled()).isTrue();
    // the request in flight is reset: the server sees its connection close
    await(closed.future());
    assertThat(async.count(c -> c.index("books")).get(30, TimeUnit.SECONDS).count()).isEqualTo(3);
    assertThat(seen).hasSize(2);
    assertThat(Spy.DECODED.get()).isZero();
  }

  @Test
  void aWarningsHandlerMayFailTheCall() {
    handler = req -> {
      req.response().putHeader("Warning", "299 Elasticsearch-9.5.3 \"this is deprecated\"");
      answer(req, 200, searchAnswer(1));
    };
    TypedElasticsearchClient typed = TypedElasticsearchClient.create(vertx, client(9, 0));
    List<List<String>> warnings = new CopyOnWriteArrayList<>();
    assertThat(await(typed.withTransportOptions(o -> o.onWarnings(w -> warnings.add(w) && false))
      .search(s -> s.index("books"), Book.class)).hits().hits()).hasSize(1);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).get(0)).contains("this is deprecated");

    Throwable failure = failureOf(typed.withTransportOptions(o -> o.onWarnings(w -> true))
      .search(s -> s.index("books"), Book.class));
    assertThat(failure).isInstanceOf(co.elastic.clients.transport.TransportException.class)
      .hasMessageContaining("this is deprecated");
  }

  @Test
  void bigAnswersAreDecodedOnAWorkerAndStillReachTheCallersContext() {
    Buffer big = searchAnswer(5_000).toBuffer();
    assertThat(big.length()).isGreaterThan(VertxElasticsearchTransportOptions.DEFAULT_WORKER_DECODE_THRESHOLD);
    handler = req -> req.response().putHeader("content-type", "application/json")
      .putHeader("X-Elastic-Product", "Elasticsearch").end(req.uri().contains("big") ? big
        : searchAnswer(2).toBuffer());
    TypedElasticsearchClient typed = TypedElasticsearchClient.create(vertx, client(9, 0));

    for (String index : List.of("big", "small")) {
      Spy.THREADS.clear();
      Context caller = vertx.getOrCreateContext();
      Promise<Context> completedOn = Promise.promise();
      caller.runOnContext(v -> typed.search(s -> s.index(index), Spy.class)
        .onSuccess(r -> completedOn.complete(Vertx.currentContext()))
        .onFailure(completedOn::fail));
      assertThat(await(completedOn.future())).isSameAs(caller);
      String decodedOn = Set.copyOf(Spy.THREADS).iterator().next();
      assertThat(Set.copyOf(Spy.THREADS)).hasSize(1);
      assertThat(decodedOn).startsWith(index.equals("big") ? "vert.x-worker-thread" : "vert.x-eventloop-thread");
    }
  }

  @Test
  void everyAnswerDecodesWhereItArrivesWhenTheThresholdIsOff() {
    handler = req -> answer(req, 200, searchAnswer(5_000));
    ElasticsearchAsyncClient async = new ElasticsearchAsyncClient(VertxElasticsearchTransport.create(client(9, 0),
      new VertxElasticsearchTransportOptions().setWorkerDecodeThreshold(-1)));
    Spy.THREADS.clear();
    assertThat(await(Future.fromCompletionStage(async.search(s -> s.index("books"), Spy.class))).hits().hits())
      .hasSize(5_000);
    assertThat(Set.copyOf(Spy.THREADS)).allMatch(t -> t.startsWith("vert.x-eventloop-thread"));
  }
}
