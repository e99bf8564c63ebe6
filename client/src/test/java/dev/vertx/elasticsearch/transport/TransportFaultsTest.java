package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.NotFoundException;
import dev.vertx.elasticsearch.error.ResponseTooLargeException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.error.TooManyRequestsException;
import dev.vertx.elasticsearch.error.UnsupportedProductException;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.TwoFaultyNodes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.FaultyServer.error;
import static org.assertj.core.api.Assertions.assertThat;

/** Transport behaviour under faults a real node cannot produce on demand, against {@link FaultyServer}s. */
class TransportFaultsTest {

  @RegisterExtension
  final TwoFaultyNodes servers = new TwoFaultyNodes();
  private final FaultyServer a = servers.a();
  private final FaultyServer b = servers.b();

  private ElasticsearchClient client(TransportOptions transport) {
    return servers.client(transport);
  }

  /** The default retries with short waits. */
  private static final RetryConfig FAST = new RetryConfig().withBackoff(1, 5);

  private static TransportOptions fast(String... hosts) {
    return new TransportOptions().setHosts(hosts).setRetry(FAST);
  }

  private Future<ElasticsearchResponse> get(ElasticsearchClient c) {
    return c.perform(HttpMethod.GET, "/_search", null, null);
  }

  @Test
  void retriesRetryableStatusesAndKeepsEarlierErrors() {
    a.then(error(503, "unavailable"), error(429, "es_rejected_execution_exception"));
    ElasticsearchResponse response = result(get(client(fast(a.url()))));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.attempts()).isEqualTo(3);
    assertThat(response.transportResponse().attemptErrors())
      .extracting(e -> ((ApiException) e).status()).containsExactly(503, 429);
    assertThat(a.requests()).hasSize(3);
  }

  @Test
  void exhaustedRetriesFailWithTheLastStatusAndAllEarlierErrors() {
    a.otherwise(error(429, "es_rejected_execution_exception"));
    Throwable error = failure(get(client(fast(a.url()).setRetry(FAST.withMaxRetries(2)))));

    assertThat(error).isInstanceOf(TooManyRequestsException.class);
    TooManyRequestsException tooMany = (TooManyRequestsException) error;
    assertThat(tooMany.errorType()).isEqualTo("es_rejected_execution_exception");
    assertThat(tooMany.attemptErrors()).hasSize(2);
    assertThat(a.requests()).hasSize(3);
  }

  @Test
  void theRetryTimeBudgetBoundsUnlimitedRetries() {
    a.otherwise(error(503, "unavailable"));
    Throwable error = failure(get(client(fast(a.url()).setRetry(new RetryConfig()
      .withMaxRetries(RetryConfig.UNLIMITED).withBackoff(20, 20).withMaxRetryTime(200)))));

    assertThat(error).isInstanceOf(ApiException.class);
    // retried every 10-20 ms for 200 ms after the first failure, then given up
    assertThat(a.requests().size()).isBetween(3, 25);
  }

  @Test
  void retryStatusesAreConfigurableAndOtherStatusesAreNotRetried() {
    a.otherwise(error(500, "internal"));
    ElasticsearchClient client = client(fast(a.url()));
    Throwable error = failure(get(client));
    assertThat(error).isInstanceOf(ApiException.class);
    assertThat(((ApiException) error).status()).isEqualTo(500);
    assertThat(a.requests()).hasSize(1);

    a.requests().clear();
    ElasticsearchClient c = client.withOptions(new CallOptions()
      .setRetry(FAST.withMaxRetries(1).withRetryOnStatus(Set.of(500))));
    assertThat(failure(get(c))).isInstanceOf(ApiException.class);
    assertThat(a.requests()).hasSize(2);
  }

  @Test
  void notFoundIsTypedAndNotRetriedAndCanBeIgnored() {
    a.otherwise(error(404, "index_not_found_exception"));
    ElasticsearchClient client = client(fast(a.url()));
    Throwable error = failure(get(client));
    assertThat(error).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) error).reason()).isEqualTo("injected 404");
    assertThat(a.requests()).hasSize(1);

    ElasticsearchResponse ignored = result(get(client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404)))));
    assertThat(ignored.status()).isEqualTo(404);
    assertThat(ignored.body().getJsonObject("error").getString("type")).isEqualTo("index_not_found_exception");
  }

  @Test
  void headToAMissingResourceIsAResponse() {
    a.otherwise(FaultyServer.status(404, ""));
    ElasticsearchResponse response = result(client(fast(a.url())).perform(HttpMethod.HEAD, "/missing", null, null));
    assertThat(response.status()).isEqualTo(404);
  }

  @Test
  void connectionRefusedFailsOverToAnotherNodeAndMarksTheNodeDead() throws Exception {
    String refused = FaultyServer.refusedUrl();
    ElasticsearchClient c = client(fast(refused, b.url()).setNodeSelector(nodes -> nodes.get(0)));

    ElasticsearchResponse response = result(get(c));
    assertThat(response.node()).isEqualTo(b.url());
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(response.transportResponse().attemptErrors().get(0)).isInstanceOf(ConnectionException.class);

    Node dead = c.transport().nodes().stream().filter(n -> n.url().equals(refused)).findFirst().orElseThrow();
    assertThat(dead.isAlive()).isFalse();
    assertThat(dead.failures()).isEqualTo(1);
    // While it is dead, requests go straight to the live node.
    result(get(c));
    assertThat(result(get(c)).attempts()).isEqualTo(1);
  }

  @Test
  void clientErrorsNeverMarkANodeDead() {
    a.otherwise(error(409, "version_conflict_engine_exception"));
    ElasticsearchClient c = client(fast(a.url(), b.url()).setNodeSelector(nodes -> nodes.get(0)));
    for (int status : new int[] {400, 401, 402, 403, 404, 409}) {
      a.then(error(status, "client_error"));
      assertThat(failure(get(c))).isInstanceOf(ApiException.class);
    }
    assertThat(c.transport().nodes()).allMatch(Node::isAlive);
    assertThat(b.requests()).isEmpty();
  }

  @Test
  void aDeadNodeComesBackAfterItsBackoff() throws Exception {
    a.then(error(503, "unavailable"));
    ElasticsearchClient c = client(fast(a.url(), b.url()).setNodeSelector(nodes -> nodes.get(0))
      .setDeadNodeBackoffBase(50).setDeadNodeBackoffMax(50));
    assertThat(result(get(c)).node()).isEqualTo(b.url());
    Node nodeA = c.transport().nodes().get(0);
    assertThat(nodeA.isAlive()).isFalse();

    long deadline = System.nanoTime() + 10_000_000_000L;
    String servedBy;
    do {
      servedBy = result(get(c)).node();
    } while (!servedBy.equals(a.url()) && System.nanoTime() < deadline);
    assertThat(servedBy).isEqualTo(a.url());
    assertThat(c.transport().nodes()).allMatch(n -> n.isAlive() && n.failures() == 0);
  }

  @Test
  void whenEveryNodeIsDeadOneIsTriedAnyway() throws Exception {
    String r1 = FaultyServer.refusedUrl();
    String r2 = FaultyServer.refusedUrl();
    ElasticsearchClient c = client(fast(r1, r2).setRetry(FAST.withMaxRetries(3)));
    Throwable error = failure(get(c));
    assertThat(error).isInstanceOf(ConnectionException.class).hasMessageEndingWith("(4 attempts on 2 nodes)");
    assertThat(((ElasticsearchException) error).attemptErrors()).hasSize(3);
    assertThat(((ElasticsearchException) error).attempts()).isEqualTo(4);
    assertThat(c.transport().nodes()).noneMatch(Node::isAlive);
    // The pool still hands out a node: the request is attempted, not refused by the client.
    assertThat(failure(get(c))).isInstanceOf(ConnectionException.class);
  }

  @Test
  void aStalledNodeTimesOutAndIsNotRetriedByDefault() {
    a.otherwise(FaultyServer.stall());
    long start = System.nanoTime();
    Throwable error = failure(get(client(fast(a.url()).setRequestTimeout(300))));
    assertThat(error).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("300 ms");
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 10_000L);
    assertThat(a.requests()).hasSize(1);
  }

  @Test
  void timeoutsAreRetriedWhenEnabled() {
    a.then(FaultyServer.stall());
    ElasticsearchResponse response = result(get(client(fast(a.url()).setRequestTimeout(300)
      .setRetry(FAST.withRetryOnTimeout(true)))));
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(response.transportResponse().attemptErrors().get(0)).isInstanceOf(RequestTimeoutException.class);
  }

  @Test
  void aTimedOutAttemptIsRetriedAndCompletesOnTheCallersContext() {
    a.then(FaultyServer.stall());
    ElasticsearchClient c = client(fast(a.url()).setRequestTimeout(300).setRetry(FAST.withRetryOnTimeout(true)));
    Context caller = servers.vertx().getOrCreateContext();
    Promise<Context> completedOn = Promise.promise();
    Promise<Integer> attempts = Promise.promise();
    caller.runOnContext(v -> get(c).onComplete(ar -> {
      completedOn.complete(Vertx.currentContext());
      attempts.handle(ar.map(ElasticsearchResponse::attempts));
    }));
    assertThat(result(attempts.future())).isEqualTo(2);
    assertThat(result(completedOn.future())).isSameAs(caller);
  }

  @Test
  void perRequestTimeoutOverridesTheClientTimeout() {
    a.otherwise(FaultyServer.stall());
    ElasticsearchClient c = client(fast(a.url())).withOptions(new CallOptions().setRequestTimeout(200));
    assertThat(failure(get(c))).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("200 ms");
  }

  @Test
  void resetsAndTruncatedBodiesAreConnectionErrorsAndRetried() {
    a.then(FaultyServer.reset(), FaultyServer.truncated());
    ElasticsearchResponse response = result(get(client(fast(a.url()))));
    assertThat(response.attempts()).isEqualTo(3);
    assertThat(response.transportResponse().attemptErrors()).allMatch(e -> e instanceof ConnectionException);
  }

  @Test
  void aBodyThatIsNotJsonIsASerializationErrorOnRead() {
    a.then(FaultyServer.notJson());
    ElasticsearchResponse response = result(get(client(fast(a.url()))));
    assertThat(response.bodyAsString()).contains("gateway");
    org.assertj.core.api.Assertions.assertThatThrownBy(response::body).isInstanceOf(SerializationException.class);
  }

  @Test
  void aServerWithoutTheProductHeaderIsRejectedUnlessTheCheckIsOff() {
    a.otherwise(FaultyServer.withoutProductHeader());
    ElasticsearchClient checking = client(fast(a.url()));
    assertThat(failure(get(checking))).isInstanceOf(UnsupportedProductException.class);
    result(checking.close());
    assertThat(result(get(client(fast(a.url()).setProductCheck(false)))).status()).isEqualTo(200);
  }

  @Test
  void responsesOverTheMaximumSizeFailAndResetTheConnection() {
    a.then(FaultyServer.hugeChunked(4 << 20), FaultyServer.gzipBomb(8 << 20),
      FaultyServer.ok("{\"pad\":\"" + "x".repeat(2 << 20) + "\"}"));
    ElasticsearchClient c = client(fast(a.url()).setMaxResponseSize(1 << 20));
    assertThat(failure(get(c))).isInstanceOf(ResponseTooLargeException.class);
    assertThat(failure(get(c))).isInstanceOf(ResponseTooLargeException.class);
    assertThat(failure(get(c))).isInstanceOf(ResponseTooLargeException.class);
    assertThat(a.requests()).hasSize(3);
    assertThat(result(get(c)).status()).isEqualTo(200);
    Await.until(() -> a.openConnections() <= 1);
  }

  @Test
  void noConnectionLeaksAfterFaultsAndNoneAfterClose() {
    a.then(FaultyServer.reset(), FaultyServer.truncated(), FaultyServer.stall(), error(503, "x"), error(503, "x"));
    ElasticsearchClient c = client(fast(a.url()).setRequestTimeout(300)
      .setRetry(FAST.withMaxRetries(10).withRetryOnTimeout(true)).setConnectionsPerNode(2));
    for (int i = 0; i < 5; i++) {
      result(get(c));
    }
    Await.until(() -> a.openConnections() <= 2);
    result(c.close());
    Await.until(() -> a.openConnections() == 0);
  }

  @Test
  void closeFailsPendingRequestsAndLaterCallsFailFast() {
    a.otherwise(FaultyServer.stall());
    ElasticsearchClient c = client(fast(a.url()).setRequestTimeout(0));
    Future<ElasticsearchResponse> pending = get(c);
    Await.until(() -> a.requests().size() == 1);
    result(c.close());
    assertThat(failure(pending)).isInstanceOf(ClientClosedException.class);
    assertThat(failure(get(c))).isInstanceOf(ClientClosedException.class);
    assertThat(result(c.close())).isNull();
  }

  @Test
  void closeCancelsABackoffInProgress() {
    a.otherwise(error(503, "unavailable"));
    ElasticsearchClient c = client(new TransportOptions().setHosts(a.url())
      .setRetry(new RetryConfig().withBackoff(60_000, 60_000)));
    Future<ElasticsearchResponse> pending = get(c);
    Await.until(() -> a.requests().size() == 1);
    long start = System.nanoTime();
    result(c.close());
    assertThat(failure(pending)).isInstanceOf(ClientClosedException.class);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    assertThat(a.requests()).hasSize(1);
  }

  @Test
  void backoffWaitsBetweenAttemptsOnTheSameNode() {
    a.then(error(503, "unavailable"));
    long start = System.nanoTime();
    ElasticsearchResponse response = result(get(client(new TransportOptions().setHosts(a.url())
      .setRetry(new RetryConfig().withBackoff(400, 400)))));
    assertThat(response.attempts()).isEqualTo(2);
    // Equal jitter: the first wait is between base/2 and base.
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
  }

  @Test
  void callbacksRunOnTheCallersContext() {
    a.then(error(503, "x"));
    ElasticsearchClient c = client(fast(a.url()));
    Context context = servers.vertx().getOrCreateContext();
    Promise<Boolean> sameContext = Promise.promise();
    context.runOnContext(v -> get(c).onComplete(ar -> sameContext.complete(Vertx.currentContext() == context)));
    assertThat(result(sameContext.future())).isTrue();

    a.then(error(404, "missing"));
    Promise<Boolean> sameOnFailure = Promise.promise();
    context.runOnContext(v -> get(c).onComplete(ar -> sameOnFailure.complete(ar.failed()
      && Vertx.currentContext() == context)));
    assertThat(result(sameOnFailure.future())).isTrue();
  }

  @Test
  void aCallFromANonVertxThreadCompletesOnAVertxThread() {
    Promise<Boolean> onVertx = Promise.promise();
    get(client(fast(a.url()))).onComplete(ar -> onVertx.complete(Context.isOnEventLoopThread()));
    assertThat(result(onVertx.future())).isTrue();
  }
}
