package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The service deployed for a test class on the shared embedded node, on a Vert.x instance of its own, with what the
 * tests call it and watch it with from another one: a web client and a client of the node. A test class holds it in
 * a static field annotated {@code @RegisterExtension}: it is deployed before the class's {@code @BeforeAll} methods
 * and, after its {@code @AfterAll} methods, undeployed, its index deleted and its clients closed.
 */
final class DeployedService implements BeforeAllCallback, AfterAllCallback {

  private final String index;
  private final String apiKey;
  private final UnaryOperator<ServiceConfig> tuning;
  private Vertx vertx;
  private Vertx clientVertx;
  private WebClient web;
  private ElasticsearchClient observer;
  private int port;

  /**
   * @param index the service's index (alias)
   * @param apiKey the key writes need, {@code null} for none
   * @param tuning changes to the configuration of {@link ServiceTestSupport#config}
   */
  DeployedService(String index, String apiKey, UnaryOperator<ServiceConfig> tuning) {
    this.index = index;
    this.apiKey = apiKey;
    this.tuning = tuning;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    EmbeddedElasticsearch es = EmbeddedElasticsearchExtension.shared(context);
    vertx = Vertx.vertx();
    clientVertx = Vertx.vertx();
    web = WebClient.create(clientVertx);
    observer = ServiceTestSupport.observer(clientVertx, es);
    port = ServiceTestSupport.deploy(vertx, tuning.apply(ServiceTestSupport.config(es, index, apiKey)));
  }

  /** @return the Vert.x instance of the test's clients, not the service's */
  Vertx clientVertx() {
    return clientVertx;
  }

  /** @return a web client for the service's port */
  WebClient web() {
    return web;
  }

  /** @return a client of the node, beside the service */
  ElasticsearchClient observer() {
    return observer;
  }

  /** @return the port the service listens on */
  int port() {
    return port;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (vertx != null) {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
      if (observer != null) {
        observer.perform(HttpMethod.DELETE, "/" + index + "-v" + BooksIndex.MAPPINGS_VERSION, null, null)
          .otherwiseEmpty().await(30, TimeUnit.SECONDS);
        observer.close().await(30, TimeUnit.SECONDS);
      }
    } finally {
      if (clientVertx != null) {
        clientVertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }
}
