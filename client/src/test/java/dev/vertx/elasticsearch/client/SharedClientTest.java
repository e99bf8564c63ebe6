package dev.vertx.elasticsearch.client;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.testing.CountingTcpProxy;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static dev.vertx.elasticsearch.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client shared by many verticles ({@code createShared}), and clients released with the verticle that created
 * them. A counting relay in front of the node shows when the shared transport's connections really close.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class SharedClientTest {

  /** Creates its client in {@code start} and leaves it open: the undeploy must release it. */
  static final class ClientVerticle extends VerticleBase {
    static final Map<String, ElasticsearchClient> CLIENTS = new ConcurrentHashMap<>();
    private final ElasticsearchClientOptions options;
    private final String sharedName;

    ClientVerticle(ElasticsearchClientOptions options, String sharedName) {
      this.options = options;
      this.sharedName = sharedName;
    }

    @Override
    public Future<?> start() {
      ElasticsearchClient client = sharedName == null ? ElasticsearchClient.create(vertx, options)
        : ElasticsearchClient.createShared(vertx, options, sharedName);
      CLIENTS.put(deploymentID(), client);
      return client.info();
    }
  }

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private CountingTcpProxy relay;
  private ElasticsearchClientOptions options;

  SharedClientTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    relay = CountingTcpProxy.start(vertx, es.httpUrl());
    options = new ElasticsearchClientOptions().setTransport(new TransportOptions().setHosts(relay.url())
      .setCompatibilityVersion(es.majorVersion()));
  }

  @AfterEach
  void tearDown() {
    relay.close();
    result(vertx.close());
  }

  private String deploy(String sharedName) {
    return result(vertx.deployVerticle(new ClientVerticle(options, sharedName)));
  }

  @Test
  void fourVerticlesShareOneTransportUntilTheLastUndeploys() {
    List<String> deployments = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      deployments.add(deploy("books"));
    }
    List<ElasticsearchClient> clients = deployments.stream().map(ClientVerticle.CLIENTS::get).toList();
    assertThat(clients.stream().map(ElasticsearchClient::transport).distinct()).hasSize(1);
    // one pool: four verticles' first calls went over at most the pool's connections, and they stay open
    assertThat(relay.openConnections()).isPositive();

    result(vertx.undeploy(deployments.get(0)));
    assertThat(failure(clients.get(0).info())).isInstanceOf(ClientClosedException.class);
    for (ElasticsearchClient remaining : clients.subList(1, 4)) {
      assertThat(result(remaining.info()).status()).isEqualTo(200);
    }
    assertThat(relay.openConnections()).isPositive();

    result(vertx.undeploy(deployments.get(1)));
    result(vertx.undeploy(deployments.get(2)));
    assertThat(result(clients.get(3).info()).status()).isEqualTo(200);
    result(vertx.undeploy(deployments.get(3)));

    for (ElasticsearchClient released : clients) {
      assertThat(failure(released.info())).isInstanceOf(ClientClosedException.class);
    }
    // the transport itself is closed: its connections are gone, and a call on it directly fails the same way
    assertThat(failure(clients.get(3).transport().sniff())).isInstanceOf(ClientClosedException.class);
    until(() -> relay.openConnections() == 0);
  }

  @Test
  void aSharedTransportCreatedInAVerticleOutlivesItWhileAnotherClientHoldsIt() {
    String deployment = deploy("survivor");
    ElasticsearchClient outside = ElasticsearchClient.createShared(vertx, options, "survivor");
    assertThat(outside.transport()).isSameAs(ClientVerticle.CLIENTS.get(deployment).transport());

    result(vertx.undeploy(deployment));
    // the verticle that created the transport is gone; its HTTP client and sniffer were not tied to it
    assertThat(result(outside.info()).status()).isEqualTo(200);

    result(outside.close());
    assertThat(failure(outside.info())).isInstanceOf(ClientClosedException.class);
    until(() -> relay.openConnections() == 0);
  }

  @Test
  void aPlainClientCreatedInAVerticleIsClosedWhenItUndeploys() {
    String deployment = deploy(null);
    ElasticsearchClient client = ClientVerticle.CLIENTS.get(deployment);
    assertThat(relay.openConnections()).isPositive();

    result(vertx.undeploy(deployment));

    assertThat(failure(client.info())).isInstanceOf(ClientClosedException.class);
    assertThat(failure(client.transport().sniff())).isInstanceOf(ClientClosedException.class);
    until(() -> relay.openConnections() == 0);
  }

  @Test
  void closingOneSharedClientReleasesOnlyItsReference() {
    ElasticsearchClient first = ElasticsearchClient.createShared(vertx, options, "refs");
    ElasticsearchClient second = ElasticsearchClient.createShared(vertx, options, "refs");
    ElasticsearchClient view = first.withOptions(new dev.vertx.elasticsearch.transport.CallOptions()
      .setOpaqueId("view"));
    assertThat(result(first.info()).status()).isEqualTo(200);

    result(first.close());
    result(first.close()); // idempotent: releases nothing more
    assertThat(failure(first.info())).isInstanceOf(ClientClosedException.class);
    assertThat(failure(view.info())).isInstanceOf(ClientClosedException.class);
    assertThat(result(second.info()).status()).isEqualTo(200);

    result(second.close());
    assertThat(failure(second.info())).isInstanceOf(ClientClosedException.class);
    until(() -> relay.openConnections() == 0);
  }
}
