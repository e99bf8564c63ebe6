package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;

import java.util.concurrent.TimeUnit;

/**
 * The service deployed on a Vert.x instance of its own, with what a test calls it and watches it with from another
 * one: a web client and a client of the node. Closing it undeploys the service, deletes the index it made and closes
 * the clients.
 */
final class DeployedService implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Vertx clientVertx = Vertx.vertx();
  private final WebClient web = WebClient.create(clientVertx);
  private final ElasticsearchClient observer;
  private final String index;
  private int port;

  private DeployedService(EmbeddedElasticsearch es, String index) {
    observer = ServiceTestSupport.observer(clientVertx, es);
    this.index = index;
  }

  /**
   * Deploys the service; closes what it made if the deployment fails.
   *
   * @param es the node
   * @param config the service's configuration
   * @return the service, listening
   */
  static DeployedService start(EmbeddedElasticsearch es, ServiceConfig config) throws Exception {
    DeployedService service = new DeployedService(es, config.index());
    try {
      service.port = ServiceTestSupport.deploy(service.vertx, config);
      return service;
    } catch (Exception | Error e) {
      service.close();
      throw e;
    }
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
  public void close() throws Exception {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
      observer.perform(HttpMethod.DELETE, "/" + index + "-v" + BooksIndex.MAPPINGS_VERSION, null, null)
        .otherwiseEmpty().await(30, TimeUnit.SECONDS);
      observer.close().await(30, TimeUnit.SECONDS);
    } finally {
      clientVertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
