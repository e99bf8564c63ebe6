package dev.vertx.elasticsearch.rxjava3;

import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.StallingServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.disposables.Disposable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.vertx.elasticsearch.rxjava3.RxTesting.await;
import static dev.vertx.elasticsearch.testing.Await.SECONDS;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disposing a {@code Single} aborts its request in flight, against a scripted server that stalls: the server sees the
 * connection closed, the span says the call was cancelled, and the pool (of one connection) serves the next call.
 */
class RxCancellationTest {

  @RegisterExtension
  final StallingServer node = new StallingServer();
  private final FaultyServer server = node.server();
  private final RxElasticsearchClient client = RxElasticsearchClient.create(node.client());

  @AfterEach
  void tearDown() {
    client.close().blockingAwait(SECONDS, TimeUnit.SECONDS); // the StallingServer extension closes the rest after this
  }

  @Test
  void disposingTheSubscriptionResetsTheRequestInFlightAndTheSpanSaysSo() {
    server.then(FaultyServer.stall());
    AtomicReference<Object> delivered = new AtomicReference<>();
    Disposable subscription = client.search(r -> r.index("stalled")).subscribe(delivered::set, delivered::set);
    until(() -> server.requests().size() == 1);
    assertThat(server.openConnections()).isEqualTo(1);

    subscription.dispose();

    // the server sees the connection go: it is not handed back to the pool with an answer still to come
    until(() -> server.openConnections() == 0);
    SpanData span = node.spans().await(s -> true);
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("elasticsearch.cancelled"))).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(delivered.get()).as("nothing is delivered to a disposed subscriber").isNull();

    // the pool of one connection serves the next call
    assertThat(await(client.search(r -> r.index("next"))).body().getBoolean("ok")).isTrue();
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void disposingTheBulkSingleStopsTheBulk() {
    server.then(FaultyServer.stall());
    AtomicReference<Object> delivered = new AtomicReference<>();
    Disposable subscription = client.bulk(Flowable.range(0, 3).map(i -> BulkOperation.index("books",
      new Book("B" + i, i))), new BulkOptions()).subscribe(delivered::set, delivered::set);
    until(() -> server.requests().size() == 1);
    subscription.dispose();
    until(() -> server.openConnections() == 0);
    assertThat(delivered.get()).isNull();
  }

  @Test
  void aCompletedSingleIsNotCancelledAfterwards() {
    assertThat(await(client.info()).body().getBoolean("ok")).isTrue();
    assertThat(node.spans().await(s -> true).getAttributes()
      .get(AttributeKey.booleanKey("elasticsearch.cancelled"))).isNull();
    assertThat(server.openConnections()).isEqualTo(1);
  }
}
