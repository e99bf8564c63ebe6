package dev.vertx.elasticsearch.testing;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

import static dev.vertx.elasticsearch.testing.Await.result;

/**
 * A Vert.x instance and the clients a test makes on it, all closed after the test (closing a closed client is a
 * no-op): a test holds it in an instance field annotated {@code @RegisterExtension}.
 */
public final class TestClients implements ClosedAfterEach {

  private final Vertx vertx = Vertx.vertx();
  private final List<ElasticsearchClient> clients = new ArrayList<>();
  private final List<AutoCloseable> before = new ArrayList<>();

  /** @return the Vert.x instance of the clients */
  public Vertx vertx() {
    return vertx;
  }

  /**
   * @param transport the transport options
   * @return a new client, closed after the test
   */
  public ElasticsearchClient create(TransportOptions transport) {
    return create(new ElasticsearchClientOptions().setTransport(transport));
  }

  /**
   * @param options the client options
   * @return a new client, closed after the test
   */
  public ElasticsearchClient create(ElasticsearchClientOptions options) {
    return adopt(ElasticsearchClient.create(vertx, options));
  }

  /**
   * Takes a client the test made itself on {@link #vertx()}, to close it after the test.
   *
   * @param client the client
   * @return the client
   */
  public ElasticsearchClient adopt(ElasticsearchClient client) {
    clients.add(client);
    return client;
  }

  /**
   * Takes something to close after the clients and before the Vert.x instance, e.g. a server the clients call.
   *
   * @param closeable what to close
   * @param <T> its type
   * @return it
   */
  public <T extends AutoCloseable> T closeAfterClients(T closeable) {
    before.add(closeable);
    return closeable;
  }

  /** Closes every client, then what was given to {@link #closeAfterClients}, then the Vert.x instance. */
  @Override
  public void close() {
    try {
      for (ElasticsearchClient client : clients) {
        result(client.close());
      }
      for (AutoCloseable closeable : before) {
        closeable.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not close a test resource", e);
    } finally {
      result(vertx.close());
    }
  }
}
