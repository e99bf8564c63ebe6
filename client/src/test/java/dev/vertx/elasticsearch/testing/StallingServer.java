package dev.vertx.elasticsearch.testing;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;

import java.util.function.UnaryOperator;

import static dev.vertx.elasticsearch.testing.Await.result;

/**
 * A scripted server that stalls on demand ({@link FaultyServer#stall()}), its own Vert.x instance and a traced client
 * with one pooled connection to it: what the cancellation tests of every module start from. A connection given back
 * to the pool half-read would break the next request, so one connection shows it. A test holds one in an instance
 * field annotated {@code @RegisterExtension}, which closes it after each test.
 */
public final class StallingServer implements ClosedAfterEach {

  private final Vertx vertx;
  private final FaultyServer server;
  private final CapturedSpans spans = new CapturedSpans();
  private final ElasticsearchClient client;

  /** Starts a server and a client of one connection to it. */
  public StallingServer() {
    this(UnaryOperator.identity());
  }

  /**
   * Starts a server and a client of one connection to it.
   *
   * @param transport more transport options of the client (its hosts and one connection are set)
   */
  public StallingServer(UnaryOperator<TransportOptions> transport) {
    vertx = Vertx.vertx();
    server = FaultyServer.start(vertx);
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setOpenTelemetry(spans.otel())
      .setTracingPolicy(TracingPolicy.ALWAYS).setTransport(transport.apply(new TransportOptions()
        .setHosts(server.url()).setConnectionsPerNode(1))));
  }

  /** @return the Vert.x instance of the server and the client */
  public Vertx vertx() {
    return vertx;
  }

  /** @return the scripted server */
  public FaultyServer server() {
    return server;
  }

  /** @return the client, which traces every call into {@link #spans()} */
  public ElasticsearchClient client() {
    return client;
  }

  /** @return the spans of the client's calls */
  public CapturedSpans spans() {
    return spans;
  }

  /** Closes the client, the server, the Vert.x instance and the SDK, in that order. */
  @Override
  public void close() {
    try {
      result(client.close());
      server.close();
      result(vertx.close());
    } finally {
      spans.close();
    }
  }
}
