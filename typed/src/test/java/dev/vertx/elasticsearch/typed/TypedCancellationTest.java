package dev.vertx.elasticsearch.typed;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import dev.vertx.elasticsearch.testing.Contexts;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.StallingServer;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Cancellation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.vertx.elasticsearch.testing.Await.until;
import static dev.vertx.elasticsearch.typed.TypedTesting.await;
import static dev.vertx.elasticsearch.typed.TypedTesting.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cancelling typed calls aborts their HTTP request, against a scripted server that stalls on demand: cancelling
 * elasticsearch-java's {@code CompletableFuture} resets the request in flight (the server sees the connection go, the
 * pool of one connection serves the next call) and the call's span records the cancellation; a token on the client
 * under {@link TypedElasticsearchClient} fails its Vert.x futures with {@link RequestCancelledException} on the
 * caller's context. Also: the blocking client refuses to wait on a worker context, where it could only hang.
 */
class TypedCancellationTest {

  @RegisterExtension
  final StallingServer node = new StallingServer();
  private final Vertx vertx = node.vertx();
  private final FaultyServer server = node.server();
  private final ElasticsearchClient client = node.client();

  private SpanData spanOf(String operation) {
    return node.spans().await(s -> s.getName().startsWith(operation));
  }

  @Test
  void cancellingElasticsearchJavasFutureResetsTheRequestInFlight() throws Exception {
    server.then(FaultyServer.stall());
    ElasticsearchAsyncClient async = new ElasticsearchAsyncClient(VertxElasticsearchTransport.create(client));
    CompletableFuture<SearchResponse<Book>> call = async.search(s -> s.index("books"), Book.class);
    until(() -> server.requests().size() == 1);

    assertThat(call.cancel(false)).isTrue();

    assertThatThrownBy(() -> call.get(TypedTesting.WAIT_SECONDS, TimeUnit.SECONDS))
      .isInstanceOf(CancellationException.class);
    // the request was reset: its connection closes, the pool's one connection is free for the next call
    until(() -> server.openConnections() == 0);
    assertThat(await(client.perform(HttpMethod.GET, "/next/_search", null, null)).status()).isEqualTo(200);
    SpanData span = spanOf("search");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("elasticsearch.cancelled"))).isTrue();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
      .isEqualTo(RequestCancelledException.class.getName());
  }

  @Test
  void aTokenOnTheClientCancelsTheVertxFacadesCallOnTheCallersContext() {
    server.then(FaultyServer.stall());
    Cancellation token = Cancellation.create();
    TypedElasticsearchClient typed = TypedElasticsearchClient.create(vertx,
      client.withOptions(new CallOptions().setCancellation(token)));
    Context caller = vertx.getOrCreateContext();
    Promise<Future<?>> made = Promise.promise();
    Promise<Context> failedOn = Promise.promise();
    caller.runOnContext(v -> {
      Future<?> call = typed.search(s -> s.index("books"), Book.class);
      call.onComplete(ar -> failedOn.complete(Vertx.currentContext()));
      made.complete(call);
    });
    Future<?> call = await(made.future());
    until(() -> server.requests().size() == 1);

    token.cancel();

    Throwable error = failureOf(call);
    assertThat(error).isInstanceOf(RequestCancelledException.class);
    assertThat(((RequestCancelledException) error).maybeApplied()).isTrue();
    assertThat(await(failedOn.future())).isSameAs(caller);
    until(() -> server.openConnections() == 0);
    assertThat(await(client.perform(HttpMethod.GET, "/next/_search", null, null)).status()).isEqualTo(200);
  }

  @Test
  void cancellingAFutureOfACallNotYetSentKeepsItFromBeingSent() throws Exception {
    server.then(FaultyServer.stall());
    ElasticsearchAsyncClient async = new ElasticsearchAsyncClient(VertxElasticsearchTransport.create(client));
    CompletableFuture<?> first = async.search(s -> s.index("first"), Book.class);
    until(() -> server.requests().size() == 1);
    // the only pooled connection is busy: this call waits for it
    CompletableFuture<?> second = async.search(s -> s.index("second"), Book.class);

    second.cancel(true);
    first.cancel(true);

    assertThat(await(client.perform(HttpMethod.GET, "/third/_search", null, null)).status()).isEqualTo(200);
    List<String> paths = server.requests().stream().map(r -> r.request().path()).toList();
    assertThat(paths).containsExactly("/first/_search", "/third/_search");
    assertThat(second.isCancelled()).isTrue();
  }

  @Test
  void theBlockingClientRefusesToWaitOnAWorkerContext() {
    Context worker = await(Contexts.deployed(vertx, ThreadingModel.WORKER));
    Throwable refused = failureOf(Contexts.on(worker, () -> blocking().info()));

    assertThat(refused).isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("worker context").hasMessageContaining("VIRTUAL_THREAD");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void theBlockingClientWaitsInExecuteBlockingOfAWorkerContext() {
    Context worker = await(Contexts.deployed(vertx, ThreadingModel.WORKER));
    co.elastic.clients.elasticsearch.ElasticsearchClient blocking = blocking();
    // not a task of the worker context's own queue: its answer can complete on the context meanwhile
    Future<Boolean> pinged = Contexts.on(worker, () -> vertx.executeBlocking(() -> blocking.ping().value()))
      .compose(ping -> ping);

    assertThat(await(pinged)).isTrue();
  }

  private co.elastic.clients.elasticsearch.ElasticsearchClient blocking() {
    return new co.elastic.clients.elasticsearch.ElasticsearchClient(VertxElasticsearchTransport.create(client));
  }
}
