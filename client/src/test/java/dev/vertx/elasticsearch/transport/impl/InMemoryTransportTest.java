package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.UnsupportedProductException;
import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Cancellation;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.TransportAttempt;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.TransportStream;
import dev.vertx.elasticsearch.transport.impl.InMemoryNodes.Behaviour;
import io.vertx.core.Completable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request path on in-memory nodes behind the {@link NodeConnector} seam: retries, dead nodes, timeouts,
 * sniffing, streaming, cancellation and the instrumentation seam, without sockets.
 */
class InMemoryTransportTest {

  private static final String A = "http://a:9200";
  private static final String B = "http://b:9200";

  private Vertx vertx;
  private InMemoryNodes nodes;
  private HttpTransport transport;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    nodes = new InMemoryNodes(vertx);
  }

  @AfterEach
  void tearDown() {
    if (transport != null) {
      result(transport.close());
    }
    result(vertx.close());
  }

  private HttpTransport transport(TransportOptions options) {
    transport = new HttpTransport(vertx, options.setCompatibilityVersion(9)
      .setRetry(options.getRetry().withBackoff(1, 2)), nodes);
    return transport;
  }

  private HttpTransport transport(String... hosts) {
    return transport(new TransportOptions().setHosts(hosts).setNodeSelectorName("round_robin"));
  }

  private static TransportRequest get(String path) {
    return TransportRequest.of(HttpMethod.GET, path);
  }

  private Node node(String url) {
    return transport.nodes().stream().filter(n -> n.url().equals(url)).findFirst().orElseThrow();
  }

  @Test
  void anOverloadedNodeIsMarkedDeadAndTheRequestRetriedOnTheNext() {
    transport(A, B);
    nodes.then(A, Behaviour.answer(503, "{\"error\":\"busy\"}"));

    TransportResponse response = result(transport.perform(get("/_search"), null));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.node()).isEqualTo(B);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(node(A).isAlive()).isFalse();
    assertThat(node(B).isAlive()).isTrue();
  }

  @Test
  void aRefusedConnectionWasNotSentSoEvenAWriteIsRetried() {
    transport(A, B);
    nodes.then(A, Behaviour.refuse());

    TransportResponse response = result(transport.perform(TransportRequest.of(HttpMethod.POST, "/books/_doc")
      .body(Buffer.buffer("{}"), "application/json"), null));

    assertThat(response.node()).isEqualTo(B);
    assertThat(nodes.contacted).containsExactly(A, B);
    assertThat(node(A).isAlive()).isFalse();
  }

  @Test
  void aBrokenConnectionAfterTheWriteMayHaveAppliedAWriteWhichIsNotRetried() {
    transport(A, B);
    nodes.then(A, Behaviour.resetAfterWrite());

    Throwable error = failure(transport.perform(TransportRequest.of(HttpMethod.POST, "/books/_doc")
      .body(Buffer.buffer("{}"), "application/json"), null));

    assertThat(error).isInstanceOf(ConnectionException.class);
    assertThat(((ConnectionException) error).maybeApplied()).isTrue();
    assertThat(nodes.exchanges).hasSize(1);
  }

  @Test
  void aBrokenConnectionAfterTheWriteOfAReadIsRetried() {
    transport(A, B);
    nodes.then(A, Behaviour.resetAfterWrite());

    TransportResponse response = result(transport.perform(get("/_search"), null));

    assertThat(response.node()).isEqualTo(B);
    assertThat(response.attemptErrors()).singleElement().isInstanceOf(ConnectionException.class);
  }

  @Test
  void aStalledNodeTimesOutAndStaysInRotation() {
    transport(new TransportOptions().setHosts(A).setRequestTimeout(50)
      .setRetry(TransportOptions.DEFAULT_RETRY.withMaxRetries(0)));
    nodes.then(A, Behaviour.stall());

    Throwable error = failure(transport.perform(get("/_search"), null));

    assertThat(error).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("50 ms");
    assertThat(((RequestTimeoutException) error).maybeApplied()).isTrue();
    assertThat(node(A).isAlive()).isTrue();
    assertThat(nodes.exchanges.get(0).reset).as("the stalled exchange was reset").isTrue();
  }

  @Test
  void anAnswerWithoutTheProductHeaderIsRefused() {
    transport(A);
    nodes.then(A, Behaviour.notElasticsearch());

    assertThat(failure(transport.perform(get("/"), null))).isInstanceOf(UnsupportedProductException.class);
  }

  @Test
  void sniffingReplacesThePoolWithTheClusterNodes() {
    transport(A);
    JsonObject cluster = new JsonObject().put("nodes", new JsonObject()
      .put("n1", new JsonObject().put("name", "one").put("http", new JsonObject().put("publish_address", "a:9200")))
      .put("n2", new JsonObject().put("name", "two").put("http", new JsonObject().put("publish_address", "c:9200"))));
    nodes.then(A, Behaviour.answer(200, cluster.encode()));

    List<Node> sniffed = result(transport.sniff());

    assertThat(sniffed).extracting(Node::url).containsExactlyInAnyOrder(A, "http://c:9200");
    assertThat(sniffed).extracting(Node::name).containsExactlyInAnyOrder("one", "two");
    assertThat(nodes.exchanges.get(0).sent.uri()).isEqualTo(Sniffer.NODES_PATH);
  }

  @Test
  void aStreamedAnswerIsDeliveredAsTheReaderAsksAndEndsTheCall() {
    transport(A);
    nodes.then(A, Behaviour.chunks("{\"a\":", "1", "}"));
    Recorder recorder = new Recorder();

    TransportStream stream = result(transport.performStream(get("/_search"), null, recorder));
    List<String> read = new CopyOnWriteArrayList<>();
    stream.body().pause();
    stream.body().handler(chunk -> read.add(chunk.toString()));
    stream.body().fetch(1);
    assertThat(recorder.ended.future().isComplete()).as("the call ends with its body").isFalse();
    stream.body().fetch(Long.MAX_VALUE);
    result(stream.completion());

    assertThat(String.join("", read)).isEqualTo("{\"a\":1}");
    assertThat(result(recorder.ended.future())).isEqualTo("200");
    assertThat(recorder.phases).containsExactly("ACQUIRING", "WRITING", "AWAITING", "STREAMING", "DONE:ANSWERED:200");
  }

  @Test
  void everyAttemptAndTheOutcomeAreSeenOnceThroughTheInstrumentation() {
    transport(A, B);
    nodes.then(A, Behaviour.answer(503, "{}"));
    Recorder recorder = new Recorder();

    result(transport.perform(get("/_search"), null, recorder));

    assertThat(recorder.phases).containsExactly(
      "ACQUIRING", "WRITING", "AWAITING", "READING", "DONE:ANSWERED:503",
      "ACQUIRING", "WRITING", "AWAITING", "READING", "DONE:ANSWERED:200");
    assertThat(result(recorder.ended.future())).isEqualTo("200");
  }

  @Test
  void theRequestIsFrozenAndTraceHeadersAreTheCallsOwn() {
    transport(A);
    TransportRequest request = get("/_search");
    Instrumentation tracing = call -> {
      call.putHeader("traceparent", "00-abc-def-01");
      return null;
    };

    result(transport.perform(request, null, tracing));
    result(transport.perform(request, null));

    assertThat(nodes.exchanges.get(0).sent.headers().get("traceparent")).isEqualTo("00-abc-def-01");
    assertThat(nodes.exchanges.get(1).sent.headers().get("traceparent")).as("not left in the request").isNull();
    assertThat(request.headers().contains("traceparent")).isFalse();
    assertThatThrownBy(() -> request.param("q", "x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aCallCancelledDuringItsBackoffIsNotSentAgain() {
    transport = new HttpTransport(vertx, new TransportOptions().setHosts(A).setCompatibilityVersion(9)
      .setRetry(TransportOptions.DEFAULT_RETRY.withBackoff(60_000, 60_000)), nodes);
    nodes.then(A, Behaviour.answer(503, "{}"));
    Cancellation token = Cancellation.create();
    Recorder recorder = new Recorder();

    Future<TransportResponse> call = transport.perform(get("/_search"),
      new CallOptions().setCancellation(token), recorder);
    result(recorder.firstDone.future());
    token.cancel();

    assertThat(failure(call)).isInstanceOf(RequestCancelledException.class);
    assertThat(nodes.exchanges).hasSize(1);
  }

  @Test
  void aConnectionThatComesWhileTheTokenCancelsItsCallsIsNeverWrittenTo() {
    HeldConnection held = new HeldConnection(nodes);
    transport = new HttpTransport(vertx, new TransportOptions().setHosts(A).setCompatibilityVersion(9), held);
    Cancellation token = Cancellation.create();
    // the token runs this first, before the call's own action: the connection comes in between
    token.onCancel(() -> result(result(held.asked.future()).get()));
    Future<TransportResponse> call = transport.perform(get("/_search"),
      new CallOptions().setCancellation(token));
    result(held.asked.future());
    token.cancel();

    assertThat(failure(call)).isInstanceOf(RequestCancelledException.class);
    assertThat(nodes.exchanges).singleElement().satisfies(exchange -> {
      assertThat(exchange.written).as("written").isFalse();
      assertThat(exchange.reset).as("reset").isTrue();
    });
  }

  @Test
  void aCallMadeOutsideVertxRunsOnItsContextToTheNode() {
    transport(A);
    Future<TransportResponse> call = transport.perform(get("/_search"), null); // from the test's own thread
    Promise<Context> completedOn = Promise.promise();
    call.onComplete(ar -> completedOn.complete(Vertx.currentContext()));

    Context context = result(completedOn.future());
    assertThat(context).isNotNull();
    assertThat(nodes.exchanges).singleElement().satisfies(exchange ->
      assertThat(exchange.context).as("the context the exchange was opened on").isSameAs(context));
  }

  /** Holds the first connection asked for until released, then opens it on the context that asked. */
  private static final class HeldConnection implements NodeConnector {

    final NodeConnector nodes;
    /** Completes when a connection is asked for, with what releases it (completing once it was handed over). */
    final Promise<Supplier<Future<Void>>> asked = Promise.promise();

    HeldConnection(NodeConnector nodes) {
      this.nodes = nodes;
    }

    @Override
    public void open(PooledNode node, HttpMethod method, String uri, MultiMap headers,
                     Completable<Exchange> opened) {
      Context context = Vertx.currentContext();
      asked.tryComplete(() -> {
        Promise<Void> handedOver = Promise.promise();
        context.runOnContext(v -> {
          nodes.open(node, method, uri, headers, opened);
          handedOver.complete();
        });
        return handedOver.future();
      });
    }

    @Override
    public Future<Void> close() {
      return nodes.close();
    }
  }

  /** Records the phases of every attempt and the call's end. */
  private static final class Recorder implements Instrumentation, CallObserver {

    final List<String> phases = new CopyOnWriteArrayList<>();
    final Promise<String> ended = Promise.promise();
    final Promise<Void> firstDone = Promise.promise();

    @Override
    public CallObserver startCall(dev.vertx.elasticsearch.transport.TransportCall call) {
      return this;
    }

    @Override
    public void onAttempt(TransportAttempt attempt, Runnable issue) {
      phases.add(attempt.phase().name());
      issue.run();
    }

    @Override
    public void onPhase(TransportAttempt attempt) {
      if (attempt.phase() == TransportAttempt.Phase.DONE) {
        String detail = attempt.phase() + ":" + attempt.outcome() + ":" + attempt.status();
        phases.add(attempt.outcome() == null || attempt.error() != null ? "DONE" : detail);
        firstDone.tryComplete();
      } else {
        phases.add(attempt.phase().name());
      }
    }

    @Override
    public void onEnd(TransportResponse response, Throwable failure) {
      ended.tryComplete(response == null ? String.valueOf(failure) : String.valueOf(response.status()));
    }
  }
}
