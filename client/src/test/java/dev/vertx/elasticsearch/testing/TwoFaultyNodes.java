package dev.vertx.elasticsearch.testing;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

import static dev.vertx.elasticsearch.testing.Await.result;

/**
 * Two scripted servers, {@link #a()} and {@link #b()}, on a Vert.x instance of their own, and the clients a test makes
 * for them: what the transport tests of failover, timeouts and sniffing start from. A test holds one in an instance
 * field annotated {@code @RegisterExtension}, which closes it after each test: every client made or adopted (closing a
 * closed client is a no-op), both servers, then the Vert.x instance.
 */
public final class TwoFaultyNodes implements ClosedAfterEach {

  private final Vertx vertx;
  private final FaultyServer a;
  private final FaultyServer b;
  private final List<ElasticsearchClient> clients = new ArrayList<>();

  /** Starts a Vert.x instance and both servers. */
  public TwoFaultyNodes() {
    vertx = Vertx.vertx();
    a = FaultyServer.start(vertx);
    b = FaultyServer.start(vertx);
  }

  /** @return the Vert.x instance of the servers and the clients */
  public Vertx vertx() {
    return vertx;
  }

  /** @return the first server */
  public FaultyServer a() {
    return a;
  }

  /** @return the second server */
  public FaultyServer b() {
    return b;
  }

  /**
   * @param transport the transport options, with the hosts the test wants
   * @return a new client, which {@link #close()} closes
   */
  public ElasticsearchClient client(TransportOptions transport) {
    return adopt(ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(transport)));
  }

  /**
   * Takes a client the test made itself, to close it with the servers.
   *
   * @param client the client
   * @return the client
   */
  public ElasticsearchClient adopt(ElasticsearchClient client) {
    clients.add(client);
    return client;
  }

  /** Closes every client made or adopted, both servers, then the Vert.x instance. */
  @Override
  public void close() {
    try {
      for (ElasticsearchClient client : clients) {
        result(client.close());
      }
    } finally {
      a.close();
      b.close();
      result(vertx.close());
    }
  }
}
