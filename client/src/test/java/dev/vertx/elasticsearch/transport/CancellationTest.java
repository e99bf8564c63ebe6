package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.ElasticsearchStream;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.StallingServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling calls through a {@link Cancellation} token, against a scripted server that stalls on demand: the call
 * fails promptly with {@link RequestCancelledException} on the caller's context, the request in flight is reset (the
 * server sees its connection close), a call not yet sent is never sent, a call waiting to be retried is not retried,
 * the pool keeps no broken connection, and the span says the call was cancelled.
 */
class CancellationTest {

  /** How long a cancelled call may take to fail: far below every stall and backoff of these tests. */
  private static final long PROMPT_SECONDS = 5;

  @RegisterExtension
  final StallingServer node = new StallingServer(transport -> transport
    .setRetry(transport.getRetry().withBackoff(60_000, 60_000)));
  private final FaultyServer server = node.server();
  private final ElasticsearchClient client = node.client();

  /** @return the future of a call made on that context */
  private static <T> Future<T> on(Context context, java.util.function.Supplier<Future<T>> call) {
    Promise<T> made = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(made));
    return made.future();
  }

  private static Future<ElasticsearchResponse> search(ElasticsearchClient c, String path) {
    return c.perform(HttpMethod.GET, path, null, null);
  }

  /** @return the failure of a call that must fail within {@link #PROMPT_SECONDS} */
  private static Throwable promptFailure(Future<?> call) {
    try {
      Object value = call.await(PROMPT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("Expected a failure, got " + value);
    } catch (TimeoutException e) {
      throw new AssertionError("The cancelled call did not fail within " + PROMPT_SECONDS + " s", e);
    } catch (RuntimeException e) {
      return call.cause();
    }
  }

  private List<String> paths() {
    return server.requests().stream().map(r -> r.request().path()).toList();
  }

  private SpanData span(String path) {
    return node.spans().await(s -> path.equals(urlPath(s)));
  }

  private static String urlPath(SpanData span) {
    String url = span.getAttributes().get(AttributeKey.stringKey("url.full"));
    return url == null ? null : url.substring(url.indexOf('/', "http://".length()));
  }

  @Test
  void cancellingARequestInFlightResetsItsConnectionAndTheSpanSaysSo() {
    server.then(FaultyServer.stall());
    Cancellation token = Cancellation.create();
    Future<ElasticsearchResponse> call = search(client.withOptions(new CallOptions().setCancellation(token)),
      "/stalled/_search");
    until(() -> server.requests().size() == 1);
    assertThat(server.openConnections()).isEqualTo(1);

    assertThat(token.cancel()).isTrue();
    Throwable error = promptFailure(call);

    assertThat(error).isInstanceOf(RequestCancelledException.class)
      .hasMessageContaining("was cancelled").hasMessageContaining("it may have been applied");
    RequestCancelledException cancelled = (RequestCancelledException) error;
    assertThat(cancelled.maybeApplied()).isTrue();
    assertThat(cancelled.node()).isEqualTo(server.url());
    // the server sees the connection go: it is not handed back to the pool with an answer still to come
    until(() -> server.openConnections() == 0);
    // the pool of one connection serves the next request
    assertThat(result(search(client, "/next/_search")).status()).isEqualTo(200);
    assertThat(server.totalConnections()).isEqualTo(2);

    SpanData span = span("/stalled/_search");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("elasticsearch.cancelled"))).isTrue();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
      .isEqualTo(RequestCancelledException.class.getName());
    assertThat(span.getEvents()).singleElement().satisfies(event -> assertThat(event.getAttributes()
      .get(AttributeKey.stringKey("error.type"))).isEqualTo(RequestCancelledException.class.getName()));
    assertThat(span("/next/_search").getAttributes().get(AttributeKey.booleanKey("elasticsearch.cancelled"))).isNull();
  }

  @Test
  void aCallWithACancelledTokenIsNeverSent() {
    Cancellation token = Cancellation.create();
    token.cancel();
    Throwable error = promptFailure(search(client.withOptions(new CallOptions().setCancellation(token)),
      "/never/_search"));

    assertThat(error).isInstanceOf(RequestCancelledException.class);
    assertThat(((RequestCancelledException) error).maybeApplied()).isFalse();
    assertThat(((RequestCancelledException) error).node()).isNull();
    assertThat(result(search(client, "/after/_search")).status()).isEqualTo(200);
    assertThat(paths()).containsExactly("/after/_search");
  }

  @Test
  void aCallWaitingForAPooledConnectionIsNotSentOnceCancelled() {
    server.then(FaultyServer.stall());
    Cancellation first = Cancellation.create();
    Future<ElasticsearchResponse> stalled = search(client.withOptions(new CallOptions().setCancellation(first)),
      "/first/_search");
    until(() -> server.requests().size() == 1);
    Cancellation second = Cancellation.create();
    // the only connection is busy: this one waits for it
    Future<ElasticsearchResponse> waiting = search(client.withOptions(new CallOptions().setCancellation(second)),
      "/second/_search");

    second.cancel();
    Throwable error = promptFailure(waiting);
    assertThat(error).isInstanceOf(RequestCancelledException.class);
    assertThat(((RequestCancelledException) error).maybeApplied()).isFalse();

    first.cancel();
    assertThat(promptFailure(stalled)).isInstanceOf(RequestCancelledException.class);
    assertThat(result(search(client, "/third/_search")).status()).isEqualTo(200);
    assertThat(paths()).containsExactly("/first/_search", "/third/_search");
  }

  @Test
  void aCancelDuringTheBackoffWaitStopsTheRetries() {
    server.then(FaultyServer.error(503, "unavailable"));
    Cancellation token = Cancellation.create();
    Promise<Void> answered = Promise.promise();
    // an instrumentation of the call tells when the first answer (503) came: the call then waits 60 s
    TransportRequest request = TransportRequest.of(HttpMethod.GET, "/retried/_search").idempotent(true);
    Instrumentation firstAnswer = started -> new CallObserver() {
      @Override
      public void onPhase(TransportAttempt attempt) {
        if (attempt.phase() == TransportAttempt.Phase.DONE) {
          answered.tryComplete();
        }
      }
    };
    Future<TransportResponse> call = client.transport().perform(request, new CallOptions().setCancellation(token)
      .setRetry(new RetryConfig().withMaxRetries(3).withBackoff(60_000, 60_000)
        .withRetryOnStatus(java.util.Set.of(503))), firstAnswer);
    result(answered.future());

    token.cancel();
    Throwable error = promptFailure(call);

    assertThat(error).isInstanceOf(RequestCancelledException.class);
    RequestCancelledException cancelled = (RequestCancelledException) error;
    assertThat(cancelled.maybeApplied()).isFalse();
    assertThat(cancelled.attemptErrors()).singleElement().isInstanceOf(ApiException.class);
    assertThat(cancelled.attempts()).isEqualTo(1);
    assertThat(paths()).containsExactly("/retried/_search");
  }

  @Test
  void aCancelledStreamedAnswerFailsItsReaderAndResetsTheConnection() {
    // headers and the first bytes, then nothing more
    server.then(r -> r.response().setChunked(true).putHeader("X-Elastic-Product", "Elasticsearch")
      .putHeader("content-type", "application/json").write("{\"hits\":"));
    Cancellation token = Cancellation.create();
    ElasticsearchStream stream = result(client.withOptions(new CallOptions().setCancellation(token))
      .performStream(HttpMethod.GET, "/streamed/_search", null, null));
    Promise<Throwable> failed = Promise.promise();
    stream.body().exceptionHandler(failed::tryComplete).handler(chunk -> { });

    token.cancel();

    assertThat(result(failed.future())).isInstanceOf(RequestCancelledException.class);
    until(() -> server.openConnections() == 0);
    assertThat(result(search(client, "/next/_search")).status()).isEqualTo(200);
  }

  @Test
  void theCancelledCallFailsOnTheCallersContext() {
    server.then(FaultyServer.stall());
    Cancellation token = Cancellation.create();
    Context caller = node.vertx().getOrCreateContext();
    Promise<Context> failedOn = Promise.promise();
    Promise<Void> sent = Promise.promise();
    caller.runOnContext(v -> {
      search(client.withOptions(new CallOptions().setCancellation(token)), "/stalled/_search")
        .onComplete(ar -> failedOn.complete(ar.failed() && ar.cause() instanceof RequestCancelledException
          ? Vertx.currentContext() : null));
      sent.complete();
    });
    result(sent.future());
    until(() -> server.requests().size() == 1);

    // cancelled from a thread of no context: the failure still comes on the caller's
    token.cancel();
    assertThat(result(failedOn.future())).isSameAs(caller);
  }

  @Test
  void oneTokenCancelsEveryCallMadeWithItStillRunningAndOnlyThose() {
    Cancellation token = Cancellation.create();
    ElasticsearchClient view = client.withOptions(new CallOptions().setCancellation(token));
    for (int i = 0; i < 3; i++) {
      assertThat(result(search(view, "/ok/_search")).status()).isEqualTo(200);
    }
    server.then(FaultyServer.stall());
    // issued in this order from one context, so that they queue for the pool's one connection in this order
    Context caller = node.vertx().getOrCreateContext();
    Future<ElasticsearchResponse> a = on(caller, () -> search(view, "/a/_search"));
    until(() -> server.requests().size() == 4);
    // b waits for the pool's one connection
    Future<ElasticsearchResponse> b = on(caller, () -> search(view, "/b/_search"));
    Future<ElasticsearchResponse> other = on(caller, () -> search(client, "/other/_search"));
    result(on(caller, () -> Future.succeededFuture(null)));

    assertThat(token.cancel()).isTrue();
    assertThat(token.cancel()).isFalse();
    assertThat(promptFailure(a)).isInstanceOf(RequestCancelledException.class);
    assertThat(promptFailure(b)).isInstanceOf(RequestCancelledException.class);
    assertThat(token.isCancelled()).isTrue();
    // a call of the client without the token is not cancelled: it gets the connection once a's is reset
    assertThat(result(other).status()).isEqualTo(200);
    assertThat(paths()).containsExactly("/ok/_search", "/ok/_search", "/ok/_search", "/a/_search", "/other/_search");
  }
}
