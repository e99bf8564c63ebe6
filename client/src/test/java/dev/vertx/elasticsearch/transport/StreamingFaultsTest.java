package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.ElasticsearchStream;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.error.UnsupportedProductException;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.NdjsonSource;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streamed bodies against servers that misbehave on purpose (what a real node does not do on demand): slow and
 * stalled answers, early answers and resets while a body streams, a server that stops reading, failing sources.
 */
@ExtendWith(VertxExtension.class)
class StreamingFaultsTest {

  private Vertx vertx;
  private Context context;
  private HttpServer server;
  private ElasticsearchClient client;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger closedConnections = new AtomicInteger();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      result(client.close());
    }
    if (server != null) {
      result(server.close());
    }
  }

  /** Starts a server with the given request handler and a client with the given request timeout. */
  private void serve(Handler<HttpServerRequest> handler, TransportOptions options) {
    server = vertx.createHttpServer().connectionHandler(c -> c.closeHandler(v -> closedConnections.incrementAndGet()))
      .requestHandler(req -> {
        requests.incrementAndGet();
        handler.handle(req);
      });
    result(server.listen(0, "127.0.0.1"));
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      options.setHosts("http://127.0.0.1:" + server.actualPort())));
  }

  private static HttpServerResponse streaming(HttpServerRequest req) {
    return req.response().setChunked(true).putHeader("X-Elastic-Product", "Elasticsearch")
      .putHeader("content-type", "text/plain");
  }

  /** Writes {@code count} chunks {@code every} ms apart, then ends (never, with {@code end} false). */
  private void drip(HttpServerResponse response, int count, long every, boolean end) {
    AtomicInteger sent = new AtomicInteger();
    vertx.setPeriodic(every, id -> {
      if (response.closed()) {
        vertx.cancelTimer(id);
      } else if (sent.get() < count) {
               response.write("chunk-" + sent.getAndIncrement() + "\n");
      } else {
        vertx.cancelTimer(id);
        if (end) {
          response.end();
        }
      }
    });
  }

  /** Reads a streamed body whole, on the context; pauses it first for {@code pauseMillis} when positive. */
  private Promise<Buffer> read(ElasticsearchStream stream, long pauseMillis) {
    Promise<Buffer> read = Promise.promise();
    Buffer all = Buffer.buffer();
    context.runOnContext(v -> {
      if (pauseMillis > 0) {
        stream.body().pause();
        vertx.setTimer(pauseMillis, t -> stream.body().resume());
      }
      stream.body().handler(all::appendBuffer);
      stream.body().exceptionHandler(read::tryFail);
      stream.body().endHandler(e -> read.tryComplete(all));
    });
    return read;
  }

  @Test
  void theTimeoutBoundsEachGapOfAStreamedAnswerNotTheWhole() {
    serve(req -> drip(streaming(req), 6, 300, true), new TransportOptions().setRequestTimeout(1_000));
    ElasticsearchStream stream = result(client.performStream(HttpMethod.GET, "/_cat/indices", null, null));
    long begin = System.nanoTime();
    String body = result(read(stream, 0).future()).toString();
    assertThat(body).startsWith("chunk-0\n").endsWith("chunk-5\n");
    assertThat(System.nanoTime() - begin).isGreaterThan(1_200_000_000L);
    result(stream.completion());
  }

  @Test
  void aStalledStreamedAnswerFailsWithARequestTimeoutAndResetsTheConnection() {
    serve(req -> drip(streaming(req), 1, 10, false), new TransportOptions().setRequestTimeout(1_000));
    ElasticsearchStream stream = result(client.performStream(HttpMethod.GET, "/_cat/indices", null, null));
    Throwable error = failure(read(stream, 0).future());
    assertThat(error).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("1000 ms");
    assertThat(failure(stream.completion())).isSameAs(error);
    until(() -> closedConnections.get() == 1);
  }

  @Test
  void aPausedReaderIsNeverTimedOut() {
    serve(req -> drip(streaming(req), 5, 10, true), new TransportOptions().setRequestTimeout(1_000));
    ElasticsearchStream stream = result(client.performStream(HttpMethod.GET, "/_cat/indices", null, null));
    assertThat(result(read(stream, 2_500).future()).toString()).endsWith("chunk-4\n");
  }

  @Test
  void anEmptyStreamedAnswerEndsEvenWhenItsHandlersComeLate() {
    serve(req -> req.response().putHeader("X-Elastic-Product", "Elasticsearch").end(), new TransportOptions());
    ElasticsearchStream stream = result(client.performStream(HttpMethod.POST, "/_refresh", null, null));
    Promise<Void> late = Promise.promise();
    vertx.setTimer(200, t -> context.runOnContext(v -> {
      stream.body().handler(chunk -> late.tryFail("unexpected data"));
      stream.body().endHandler(late::tryComplete);
    }));
    result(late.future());
    result(stream.completion());
  }

  @Test
  void cancellingAStreamResetsItsConnection() {
    serve(req -> drip(streaming(req), 1_000, 20, true), new TransportOptions());
    ElasticsearchStream stream = result(client.performStream(HttpMethod.GET, "/_cat/indices", null, null));
    context.runOnContext(v -> stream.body().handler(chunk -> stream.cancel()));
    assertThat(failure(stream.completion())).isInstanceOf(CancellationException.class);
    until(() -> closedConnections.get() == 1);
  }

  @Test
  void closingTheClientFailsAStreamBeingRead() {
    serve(req -> drip(streaming(req), 1, 10, false), new TransportOptions());
    ElasticsearchStream stream = result(client.performStream(HttpMethod.GET, "/_cat/indices", null, null));
    Promise<Buffer> read = read(stream, 0);
    result(client.close());
    client = null;
    assertThat(failure(read.future())).isInstanceOf(ClientClosedException.class);
  }

  @Test
  void theProductCheckAndTypedErrorsApplyToStreamedAnswers() {
    serve(req -> {
      if (req.path().equals("/missing")) {
        req.response().setStatusCode(404).putHeader("X-Elastic-Product", "Elasticsearch")
          .end("{\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index\"},\"status\":404}");
      } else {
        req.response().end("not elasticsearch");
      }
    }, new TransportOptions().setRetry(RetryConfig.NONE));
    assertThat(failure(client.performStream(HttpMethod.GET, "/other", null, null)))
      .isInstanceOf(UnsupportedProductException.class);
    Throwable missing = failure(client.performStream(HttpMethod.GET, "/missing", null, null));
    assertThat(missing).isInstanceOf(ApiException.class);
    assertThat(((ApiException) missing).errorType()).isEqualTo("index_not_found_exception");
  }

  @Test
  void aStreamBodyAnsweredWithARetriedStatusIsNotSentAgain() {
    try (FaultyServer faulty = FaultyServer.start(vertx).then(FaultyServer.error(503, "unavailable"))) {
      client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
        .setHosts(faulty.url()).setRetry(new RetryConfig().withInitialBackoff(0))));
      Throwable error = failure(client.perform(HttpMethod.POST, "/_bulk", null,
        NdjsonSource.bulk(context, "i", 100, 10)));
      assertThat(error).isInstanceOf(ApiException.class);
      assertThat(((ApiException) error).status()).isEqualTo(503);
      assertThat(faulty.requests()).hasSize(1);
      assertThat(faulty.requests().get(0).body().length()).isEqualTo(NdjsonSource.lines("i", 0, 100).length());
    }
  }

  @Test
  void aResetWhileTheBodyStreamsIsNotRetriedAndSaysWhy() {
    serve(req -> {
      AtomicLong received = new AtomicLong();
      req.handler(chunk -> {
        if (received.addAndGet(chunk.length()) > 64 * 1024) {
          req.connection().close();
        }
      });
    }, new TransportOptions().setRetry(new RetryConfig().withMaxRetries(3).withInitialBackoff(0)));
    NdjsonSource source = NdjsonSource.bulk(context, "i", 50_000, 200);
    Throwable error = failure(client.perform(HttpMethod.POST, "/_bulk", null, source));
    assertThat(error).isInstanceOf(ConnectionException.class)
      .hasMessageContaining("not retried: the request body is a stream");
    assertThat(((ConnectionException) error).maybeApplied()).isFalse();
    assertThat(((ConnectionException) error).attempts()).isEqualTo(1);
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void aServerThatStopsReadingPausesTheSource() {
    AtomicBoolean holding = new AtomicBoolean(true);
    AtomicLong received = new AtomicLong();
    serve(req -> {
      req.pause();
      req.handler(chunk -> received.addAndGet(chunk.length()));
      req.endHandler(v -> req.response().putHeader("X-Elastic-Product", "Elasticsearch").end("{\"errors\":false}"));
      vertx.setTimer(800, t -> {
        holding.set(false);
        req.resume();
      });
    }, new TransportOptions().setRequestTimeout(5_000));
    int docs = 400_000; // about 48 MB, generated as it is read
    NdjsonSource source = NdjsonSource.bulk(context, "i", docs, 500);
    var response = client.perform(HttpMethod.POST, "/_bulk", null, source);
    until(() -> source.pauses() > 1);
    long whileHeld = source.bytesEmitted();
    assertThat(holding.get()).isTrue();
    assertThat(whileHeld).isLessThan(16L * 1024 * 1024);
    assertThat(result(response).status()).isEqualTo(200);
    assertThat(received.get()).isEqualTo(source.bytesEmitted()).isGreaterThan(40L * 1024 * 1024);
  }

  @Test
  void theTimeoutBoundsEachGapOfASlowUploadNotTheWhole() {
    AtomicLong received = new AtomicLong();
    serve(req -> {
      req.handler(chunk -> received.addAndGet(chunk.length()));
      req.endHandler(v -> req.response().putHeader("X-Elastic-Product", "Elasticsearch").end("{}"));
    }, new TransportOptions().setRequestTimeout(1_000));
    long begin = System.nanoTime();
    assertThat(result(client.perform(HttpMethod.POST, "/_bulk", null, new TimedSource(8, 300, null))).status())
      .isEqualTo(200);
    assertThat(System.nanoTime() - begin).isGreaterThan(2_000_000_000L);
    assertThat(received.get()).isEqualTo(8 * TimedSource.CHUNK.length());
  }

  @Test
  void aFailingSourceFailsTheRequestWithoutRetry() {
    serve(req -> req.handler(chunk -> { }), new TransportOptions().setRetry(new RetryConfig().withMaxRetries(3)));
    Throwable error = failure(client.perform(HttpMethod.POST, "/_bulk", null,
      new TimedSource(3, 20, new IllegalStateException("disk gone"))));
    assertThat(error).isInstanceOf(SerializationException.class).hasMessageContaining("disk gone");
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void aStreamIsGzippedWhenRequestsAreCompressed() throws Exception {
    try (FaultyServer faulty = FaultyServer.start(vertx)) {
      client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
        .setHosts(faulty.url()).setCompressRequests(true)));
      result(client.perform(HttpMethod.POST, "/_bulk", null, NdjsonSource.bulk(context, "i", 5_000, 300)));
      FaultyServer.Recorded recorded = faulty.requests().get(0);
      assertThat(recorded.headers().get("content-encoding")).isEqualTo("gzip");
      assertThat(recorded.headers().get("transfer-encoding")).isEqualTo("chunked");
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(recorded.body().getBytes()))) {
        assertThat(in.readAllBytes()).isEqualTo(NdjsonSource.lines("i", 0, 5_000).getBytes());
      }
    }
  }

  /** Emits {@code count} small chunks {@code every} ms apart once resumed, then ends or fails. */
  private final class TimedSource implements ReadStream<Buffer> {
    static final Buffer CHUNK = Buffer.buffer("{\"index\":{}}\n{\"slow\":true}\n");
    private final int count;
    private final long every;
    private final RuntimeException failure;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean started;

    TimedSource(int count, long every, RuntimeException failure) {
      this.count = count;
      this.every = every;
      this.failure = failure;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      exceptionHandler = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      this.handler = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      if (!started) {
        started = true;
        AtomicInteger sent = new AtomicInteger();
        vertx.setPeriodic(every, id -> {
          if (sent.getAndIncrement() < count) {
            emit(handler, CHUNK);
          } else {
            vertx.cancelTimer(id);
            if (failure != null) {
              emit(exceptionHandler, failure);
            } else {
              emit(endHandler, null);
            }
          }
        });
      }
      return this;
    }

    private <T> void emit(Handler<T> h, T value) {
      if (h != null) {
        h.handle(value);
      }
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return resume();
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      this.endHandler = endHandler;
      return this;
    }
  }
}
