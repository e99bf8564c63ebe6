package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.CountingTcpProxy;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.TestLog;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code close()} with many requests pending: stalled on the wire, queued for a pooled connection, and waiting in a
 * retry backoff. All of them fail with {@link ClientClosedException} by the time {@code close()} completes, and no
 * timer fires afterwards: over an observation window longer than every timeout, backoff and sniff interval (bounded
 * by a Vert.x timer the test awaits), the server sees no request and no connection.
 */
@ExtendWith({ReliabilityReport.class, EmbeddedElasticsearchExtension.class})
class CloseUnderLoadTest {

  private static final long BACKOFF = 800;
  private static final long TIMEOUT = 1_500;
  private static final long SNIFF_INTERVAL = 300;
  private static final long WINDOW = 2_500;

  private static Vertx vertx;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void tearDown() {
    result(vertx.close());
  }

  /** Waits for a Vert.x timer: the observation window, independent of the client's own timers. */
  private static void observe(long millis) {
    Promise<Void> window = Promise.promise();
    vertx.setTimer(millis, id -> window.complete());
    result(window.future());
  }

  @Test
  void pendingStalledQueuedAndBackingOffRequestsFailPromptlyAndNoTimerFiresLater() {
    FaultyServer server = FaultyServer.start(vertx);
    server.otherwise(r -> {
      if (r.request().path().startsWith("/busy")) {
        FaultyServer.error(503, "unavailable_shards_exception").handle(r);
      }
      // everything else stalls: searches and sniffs
    });
    ElasticsearchClient client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(server.url()).setConnectionsPerNode(6).setRequestTimeout(TIMEOUT)
        .setRetry(new RetryConfig().withMaxRetries(5).withBackoff(BACKOFF, BACKOFF).withRetryOnTimeout(true))
        .setSniffInterval(SNIFF_INTERVAL).setSniffTimeout(500)));
    try {
      List<Future<ElasticsearchResponse>> pending = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        pending.add(client.perform(HttpMethod.GET, "/busy/_search", null, null));
      }
      Await.until(() -> server.requests().stream().filter(r -> r.request().path().startsWith("/busy")).count() >= 20);
      for (int i = 0; i < 30; i++) {
        pending.add(client.perform(HttpMethod.GET, "/stalled/_search", null, null));
      }
      Await.until(() -> server.requests().stream().anyMatch(r -> r.request().path().startsWith("/stalled")));
      assertThat(pending).noneMatch(Future::isComplete);

      long start = System.nanoTime();
      result(client.close());
      long closeMillis = (System.nanoTime() - start) / 1_000_000;
      // close() completes once every pending request has failed: nothing is left to hang.
      assertThat(pending).allMatch(Future::isComplete);
      for (Future<ElasticsearchResponse> f : pending) {
        assertThat(f.cause()).isInstanceOf(ClientClosedException.class);
      }
      int requestsAtClose = server.requests().size();
      int connectionsAtClose = server.totalConnections();
      Await.until(() -> server.openConnections() == 0);

      observe(WINDOW);
      assertThat(server.requests()).as("requests after close").hasSize(requestsAtClose);
      assertThat(server.totalConnections()).as("connections after close").isEqualTo(connectionsAtClose);
      assertThat(server.openConnections()).isZero();
      // Later calls fail fast and send nothing.
      assertThat(Await.failure(client.perform(HttpMethod.GET, "/after", null, null)))
        .isInstanceOf(ClientClosedException.class);
      assertThat(Await.failure(client.transport().sniff())).isInstanceOf(ClientClosedException.class);
      assertThat(server.requests()).hasSize(requestsAtClose);

      String line = String.format("%d pending (20 in 503 backoff, 30 stalled or queued) failed with"
        + " ClientClosedException; close() took %d ms; server saw %d requests and %d connections, none in the %d ms"
        + " after close", pending.size(), closeMillis, requestsAtClose, connectionsAtClose, WINDOW);
      TestLog.info("%s", "close under load: " + line);
      ReliabilityReport.note("close under load", line);
      ReliabilityReport.add(ReliabilityReport.SENT, pending.size());
      ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, pending.size());
      ReliabilityReport.fault("stall (close under load)", 30);
      ReliabilityReport.fault("503 backoff (close under load)", 20);
    } finally {
      result(client.close());
      server.close();
    }
  }

  @Test
  void closeFromAResponseCallbackUnderLoadAgainstTheRealNode(EmbeddedElasticsearch es) {
    CountingTcpProxy wire = CountingTcpProxy.start(vertx, es.httpUrl());
    ElasticsearchClient client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(wire.url()).setCompatibilityVersion(es.majorVersion()).setConnectionsPerNode(4)
        .setSniffInterval(SNIFF_INTERVAL)));
    try {
      AtomicInteger completed = new AtomicInteger();
      Promise<Void> closed = Promise.promise();
      List<Future<ElasticsearchResponse>> calls = new ArrayList<>();
      vertx.runOnContext(v -> {
        for (int i = 0; i < 200; i++) {
          Future<ElasticsearchResponse> f = client.perform(HttpMethod.GET, "/_search", Map.of("size", 0), null);
          synchronized (calls) {
            calls.add(f);
          }
          f.onComplete(ar -> {
            if (completed.incrementAndGet() == 10) {
              client.close().onComplete(closed);
            }
          });
        }
      });
      result(closed.future());
      List<Future<ElasticsearchResponse>> all;
      synchronized (calls) {
        all = List.copyOf(calls);
      }
      assertThat(all).hasSize(200).allMatch(Future::isComplete);
      long ok = all.stream().filter(Future::succeeded).count();
      assertThat(all.stream().filter(Future::failed)).allMatch(f -> f.cause() instanceof ClientClosedException);
      assertThat(ok).isGreaterThanOrEqualTo(10);
      Await.until(() -> wire.openConnections() == 0);
      long bytes = wire.bytesReceived();
      int connections = wire.acceptedConnections();
      observe(1_000);
      assertThat(wire.bytesReceived()).as("bytes sent after close").isEqualTo(bytes);
      assertThat(wire.acceptedConnections()).isEqualTo(connections);
      TestLog.info("close from a callback: %d of 200 succeeded before close, %d failed with"
        + " ClientClosedException%n", ok, 200 - ok);
      ReliabilityReport.add(ReliabilityReport.SENT, 200);
      ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, 200 - ok);
    } finally {
      result(client.close());
      wire.close();
    }
  }
}
