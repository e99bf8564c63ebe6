package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.testing.FaultInjectingProxy;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static dev.vertx.elasticsearch.testing.Await.result;

/**
 * A real node reached two ways: {@link #direct()}, and {@link #viaProxy()} through a {@link FaultInjectingProxy} whose
 * faults the test sets. It makes single-shard indices, counts their documents from the direct side, and deletes them
 * when closed.
 */
final class ProxiedNode implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final EmbeddedElasticsearch es;
  private final UnaryOperator<TransportOptions> transport;
  private final ElasticsearchClient direct;
  private final FaultInjectingProxy proxy;
  private final ElasticsearchClient viaProxy;
  private final List<String> indices = new ArrayList<>();

  /**
   * @param es the node
   * @param seed the seed of the proxy's random faults
   * @param transport more transport options of both clients (their hosts and compatibility version are set)
   */
  ProxiedNode(EmbeddedElasticsearch es, long seed, UnaryOperator<TransportOptions> transport) {
    this.es = es;
    this.transport = transport;
    direct = client(es.httpUrl());
    proxy = FaultInjectingProxy.start(vertx, es.httpUrl(), seed);
    viaProxy = client(proxy.url());
  }

  private ElasticsearchClient client(String url) {
    return ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(transport.apply(
      new TransportOptions().setHosts(url).setCompatibilityVersion(es.majorVersion()))));
  }

  Vertx vertx() {
    return vertx;
  }

  /** @return a client of the node itself, without faults */
  ElasticsearchClient direct() {
    return direct;
  }

  FaultInjectingProxy proxy() {
    return proxy;
  }

  /** @return a client of the node through the proxy */
  ElasticsearchClient viaProxy() {
    return viaProxy;
  }

  /**
   * Creates an index of one shard and no replica, deleted on {@link #close()}.
   *
   * @param prefix the start of its name, which ends with a random part
   * @param mappings its mappings, or {@code null} for none
   * @return its name
   */
  String index(String prefix, JsonObject mappings) {
    String index = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject body = new JsonObject()
      .put("settings", new JsonObject().put("number_of_shards", 1).put("number_of_replicas", 0));
    if (mappings != null) {
      body.put("mappings", mappings);
    }
    result(direct.perform(HttpMethod.PUT, "/" + index, null, body));
    indices.add(index);
    return index;
  }

  /** @return how many documents the index has, after a refresh */
  long count(String index) {
    refresh(index);
    return result(direct.perform(HttpMethod.GET, "/" + index + "/_count", null, null)).body().getLong("count");
  }

  /** Refreshes the index, so that searches see every document written to it. */
  void refresh(String index) {
    result(direct.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null));
  }

  /** Deletes the indices made, closes both clients, the proxy and the Vert.x instance. */
  @Override
  public void close() {
    try {
      for (String index : indices) {
        result(direct.withOptions(new CallOptions().setIgnoreStatus(Set.of(404))).perform(HttpMethod.DELETE,
          "/" + index, null, null));
      }
    } finally {
      result(viaProxy.close());
      result(direct.close());
      proxy.close();
      result(vertx.close());
    }
  }
}
