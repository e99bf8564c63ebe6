package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.TransportAttempt;
import dev.vertx.elasticsearch.transport.TransportCall;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports attempts to the Vert.x metrics SPI, as the Vert.x SQL and Redis clients report theirs: one
 * {@link ClientMetrics} of type {@value #TYPE} per node, created on the node's first attempt and closed with the
 * transport; per attempt that got a connection {@code requestBegin} → {@code requestEnd} → {@code responseBegin} →
 * {@code responseEnd}, or {@code requestReset}. With vertx-micrometer-metrics, for example, that gives
 * {@code vertx.elasticsearch.*} request counts, latencies and resets per node ({@code remote} label).
 */
final class ClientMetricsInstrumentation implements Instrumentation {

  /** The client type, which names the metrics. */
  static final String TYPE = "elasticsearch";
  /** Stands for a node whose metrics the SPI declined (its category is disabled). */
  private static final ClientMetrics<Object, Object, Object> NONE = new ClientMetrics<>() { };

  private final VertxMetrics metrics;
  private final Map<String, ClientMetrics<Object, Object, Object>> nodes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ClientMetricsInstrumentation(VertxMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * @param metrics the Vert.x metrics SPI, or {@code null} when Vert.x has no metrics
   * @return the instrumentation, or {@link Instrumentation#none()} when there is nothing to report to
   */
  static Instrumentation create(VertxMetrics metrics) {
    return metrics == null ? Instrumentation.none() : new ClientMetricsInstrumentation(metrics);
  }

  @Override
  public CallObserver startCall(TransportCall call) {
    return closed ? null : new Observer();
  }

  private ClientMetrics<Object, Object, Object> metricsOf(PooledNode node) {
    ClientMetrics<Object, Object, Object> client = nodes.get(node.url);
    if (client == null && !closed) {
      client = nodes.computeIfAbsent(node.url, url -> forNode(node));
    }
    return client == null || client == NONE ? null : client;
  }

  @SuppressWarnings("unchecked")
  private ClientMetrics<Object, Object, Object> forNode(PooledNode node) {
    ClientMetrics<?, ?, ?> created = metrics.createClientMetrics(SocketAddress.inetSocketAddress(node.port, node.host),
      TYPE, null);
    return created == null ? NONE : (ClientMetrics<Object, Object, Object>) created;
  }

  /** Closes the nodes' metrics; later calls are not observed. */
  void close() {
    closed = true;
    nodes.values().forEach(ClientMetrics::close);
    nodes.clear();
  }

  /** The attempts of one call, one after the other. */
  private final class Observer implements CallObserver {

    private ClientMetrics<Object, Object, Object> client;
    private Object metric;

    @Override
    public void onPhase(TransportAttempt attempt) {
      switch (attempt.phase()) {
        case WRITING -> {
          client = metricsOf((PooledNode) attempt.node());
          metric = client == null ? null : client.requestBegin(attempt.node().url(), attempt);
        }
        case AWAITING -> {
          if (metric != null) {
            client.requestEnd(metric);
          }
        }
        case READING, STREAMING -> {
          if (metric != null) {
            client.responseBegin(metric, attempt);
          }
        }
        case DONE -> {
          if (metric != null) {
            if (attempt.outcome() == TransportAttempt.Outcome.ANSWERED && attempt.error() == null) {
              client.responseEnd(metric);
            } else {
              client.requestReset(metric);
            }
            metric = null;
          }
        }
        default -> {
        }
      }
    }
  }
}
