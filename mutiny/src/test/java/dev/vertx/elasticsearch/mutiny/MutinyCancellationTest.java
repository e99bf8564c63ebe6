package dev.vertx.elasticsearch.mutiny;

import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.StallingServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicReference;

import static dev.vertx.elasticsearch.mutiny.MutinyTesting.await;
import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling a {@code Uni} aborts its request in flight, against a scripted server that stalls: the server sees the
 * connection closed, the span says the call was cancelled, and the pool (of one connection) serves the next call.
 */
class MutinyCancellationTest {

  @RegisterExtension
  final StallingServer node = new StallingServer();
  private final FaultyServer server = node.server();
  private final MutinyElasticsearchClient client = MutinyElasticsearchClient.create(node.client());

  @AfterEach
  void tearDown() {
    await(client.close()); // the StallingServer extension closes the rest after this
  }

  @Test
  void cancellingTheSubscriptionResetsTheRequestInFlightAndTheSpanSaysSo() {
    server.then(FaultyServer.stall());
    AtomicReference<Object> delivered = new AtomicReference<>();
    Cancellable subscription = client.search(r -> r.index("stalled")).subscribe()
      .with(delivered::set, delivered::set);
    until(() -> server.requests().size() == 1);
    assertThat(server.openConnections()).isEqualTo(1);

    subscription.cancel();

    // the server sees the connection go: it is not handed back to the pool with an answer still to come
    until(() -> server.openConnections() == 0);
    SpanData span = node.spans().await(s -> true);
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("elasticsearch.cancelled"))).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(delivered.get()).as("nothing is delivered to a cancelled subscriber").isNull();

    // the pool of one connection serves the next call
    assertThat(await(client.search(r -> r.index("next"))).body().getBoolean("ok")).isTrue();
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void cancellingTheBulkUniStopsTheBulk() {
    server.then(FaultyServer.stall());
    Promise<Void> subscribed = Promise.promise();
    Cancellable subscription = client.bulk(io.smallrye.mutiny.Multi.createFrom().range(0, 3)
        .map(i -> dev.vertx.elasticsearch.helpers.BulkOperation.index("books", new Book("B" + i, i))),
      new dev.vertx.elasticsearch.helpers.BulkOptions()).subscribe().with(summary -> subscribed.tryFail("completed"),
      subscribed::tryFail);
    until(() -> server.requests().size() == 1);
    subscription.cancel();
    until(() -> server.openConnections() == 0);
    assertThat(subscribed.future().isComplete()).isFalse();
  }

  @Test
  void andAwaitOnAnEventLoopSendsNothing() {
    Promise<Throwable> thrown = Promise.promise();
    node.vertx().runOnContext(v -> {
      try {
        client.searchAndAwait(r -> r.index("books"));
        thrown.fail("no exception");
      } catch (IllegalStateException e) {
        thrown.complete(e);
      }
    });
    assertThat(result(thrown.future())).hasMessageContaining("event-loop");
    assertThat(await(client.info())).isNotNull(); // the next request is the first the server sees
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).request().path()).isEqualTo("/");
  }
}
