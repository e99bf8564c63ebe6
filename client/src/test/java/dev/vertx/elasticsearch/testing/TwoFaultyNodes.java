package dev.vertx.elasticsearch.testing;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Vertx;

/**
 * Two scripted servers, {@link #a()} and {@link #b()}, on a Vert.x instance of their own, and the clients a test makes
 * for them: what the transport tests of failover, timeouts and sniffing start from. A test holds one in an instance
 * field annotated {@code @RegisterExtension}, which closes it after each test: every client made or adopted (closing a
 * closed client is a no-op), both servers, then the Vert.x instance.
 */
public final class TwoFaultyNodes implements ClosedAfterEach {

  private final TestClients clients = new TestClients();
  private final FaultyServer a = clients.closeAfterClients(FaultyServer.start(clients.vertx()));
  private final FaultyServer b = clients.closeAfterClients(FaultyServer.start(clients.vertx()));

  /** @return the Vert.x instance of the servers and the clients */
  public Vertx vertx() {
    return clients.vertx();
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
    return clients.create(transport);
  }

  /** Closes every client made, both servers, then the Vert.x instance. */
  @Override
  public void close() {
    clients.close();
  }
}
