package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports attempts to the Vert.x metrics SPI, as the Vert.x SQL and Redis clients report theirs: one
 * {@link ClientMetrics} of type {@value #TYPE} per node, created on the node's first attempt and closed with the
 * transport; per attempt {@code requestBegin} → {@code requestEnd} → {@code responseBegin} → {@code responseEnd},
 * or {@code requestReset}. With vertx-micrometer-metrics, for example, that gives {@code vertx.elasticsearch.*} request
 * counts, latencies and resets per node ({@code remote} label).
 */
final class ClientMetricsObserver implements AttemptObserver {

  /** The client type, which names the metrics. */
  static final String TYPE = "elasticsearch";
  /** Stands for a node whose metrics the SPI declined (its category is disabled). */
  private static final ClientMetrics<Object, Object, Object> NONE = new ClientMetrics<>() { };

  private final VertxMetrics metrics;
  private final String namespace;
  private final Map<String, ClientMetrics<Object, Object, Object>> nodes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ClientMetricsObserver(VertxMetrics metrics, String namespace) {
    this.metrics = metrics;
    this.namespace = namespace;
  }

  /**
   * @param metrics the Vert.x metrics SPI, or {@code null} when Vert.x has no metrics
   * @param namespace the name the client's metrics carry beside the node, or {@code null}
   * @return the observer, or {@code null} when there is nothing to report to
   */
  static ClientMetricsObserver create(VertxMetrics metrics, String namespace) {
    return metrics == null ? null : new ClientMetricsObserver(metrics, namespace);
  }

  @Override
  public Attempt begin(PooledNode node, HttpClientRequest request) {
    ClientMetrics<Object, Object, Object> client = nodes.get(node.url);
    if (client == null) {
      if (closed) {
        return null;
      }
      client = nodes.computeIfAbsent(node.url, url -> forNode(node));
    }
    if (client == NONE) {
      return null;
    }
    Object metric = client.requestBegin(request.getURI(), request);
    return new ObservedAttempt(client, metric);
  }

  @SuppressWarnings("unchecked")
  private ClientMetrics<Object, Object, Object> forNode(PooledNode node) {
    ClientMetrics<?, ?, ?> created = metrics.createClientMetrics(SocketAddress.inetSocketAddress(node.port, node.host),
      TYPE, namespace);
    return created == null ? NONE : (ClientMetrics<Object, Object, Object>) created;
  }

  @Override
  public void close() {
    closed = true;
    nodes.values().forEach(ClientMetrics::close);
    nodes.clear();
  }

  private record ObservedAttempt(ClientMetrics<Object, Object, Object> client, Object metric) implements Attempt {

    @Override
    public void requestEnd() {
      client.requestEnd(metric);
    }

    @Override
    public void responseBegin(HttpClientResponse response) {
      client.responseBegin(metric, response);
    }

    @Override
    public void responseEnd() {
      client.responseEnd(metric);
    }

    @Override
    public void reset() {
      client.requestReset(metric);
    }
  }
}
