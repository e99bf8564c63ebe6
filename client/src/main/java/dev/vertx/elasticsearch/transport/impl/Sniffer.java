package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Keeps the node pool in line with the cluster by asking {@code GET /_nodes/_all/http}: before the first request
 * ({@code sniffOnStart}), at an interval, and after a node failure (at most once per
 * {@code minDelayBetweenSniffs}). Only one sniff runs at a time; the nodes are asked one after the other until one
 * answers.
 */
final class Sniffer {

  private static final Logger log = LoggerFactory.getLogger(Sniffer.class);
  static final String NODES_PATH = "/_nodes/_all/http";

  private final HttpTransport transport;
  private final TransportOptions options;
  private final Predicate<Node> filter;
  private final String scheme;
  private final String pathPrefix;
  private final AtomicReference<Future<List<Node>>> inProgress = new AtomicReference<>();
  private volatile Future<Void> initial;
  private volatile long lastSniff;
  private final long periodicTimer;

  Sniffer(HttpTransport transport, TransportOptions options) {
    this.transport = transport;
    this.options = options;
    this.filter = options.getSniffedNodeFilter();
    PooledNode first = transport.pool().pooled().get(0);
    this.scheme = first.ssl ? "https" : "http";
    this.pathPrefix = first.pathPrefix;
    this.periodicTimer = options.getSniffInterval() > 0
      ? transport.ownContext().setPeriodic(options.getSniffInterval(), id -> sniffQuietly())
      : -1;
  }

  /** @return the initial sniff that requests wait for, started on the first call; {@code null} when not configured */
  Future<Void> ready() {
    if (!options.isSniffOnStart()) {
      return null;
    }
    Future<Void> f = initial;
    if (f == null) {
      synchronized (this) {
        if (initial == null) {
          initial = sniff().<Void>mapEmpty().recover(err -> {
            log.warn("The initial sniff failed, using the configured hosts: " + err.getMessage());
            return Future.succeededFuture();
          });
        }
        f = initial;
      }
    }
    return f;
  }

  void onNodeFailure() {
    if (options.isSniffOnNodeFailure() && System.nanoTime() - lastSniff >= options.getMinDelayBetweenSniffs() * 1_000_000L) {
      sniffQuietly();
    }
  }

  private void sniffQuietly() {
    if (!transport.isClosed()) {
      sniff().onFailure(err -> log.warn("Sniffing failed: " + err.getMessage()));
    }
  }

  /** Sniffs now, or joins the sniff in progress. */
  Future<List<Node>> sniff() {
    Promise<List<Node>> promise = Promise.promise();
    Future<List<Node>> running = inProgress.compareAndExchange(null, promise.future());
    if (running != null) {
      return running;
    }
    lastSniff = System.nanoTime();
    List<PooledNode> candidates = new ArrayList<>(transport.pool().pooled());
    tryNode(candidates, 0, new ArrayList<>()).onComplete(ar -> {
      inProgress.set(null);
      lastSniff = System.nanoTime();
      promise.handle(ar);
    });
    return promise.future();
  }

  private Future<List<Node>> tryNode(List<PooledNode> candidates, int index, List<TransportException> errors) {
    if (index >= candidates.size() || transport.isClosed()) {
      TransportException error = new ConnectionException("Sniffing failed: no node answered "
        + NODES_PATH, null, null);
      errors.forEach(error::addSuppressed);
      return Future.failedFuture(error);
    }
    PooledNode node = candidates.get(index);
    return transport.performOn(node, HttpMethod.GET, NODES_PATH, options.getSniffTimeout())
      .compose(response -> {
        if (response.status() != 200) {
          return Future.failedFuture(new ConnectionException("Sniffing got status " + response.status(),
            node.url, null));
        }
        return Future.succeededFuture(transport.pool().update(parse(response)));
      })
      .recover(err -> {
        errors.add(err instanceof TransportException ? (TransportException) err
          : new ConnectionException(String.valueOf(err.getMessage()), node.url, err));
        return tryNode(candidates, index + 1, errors);
      });
  }

  private List<PooledNode> parse(TransportResponse response) {
    JsonObject nodes = response.body().toJsonObject().getJsonObject("nodes", new JsonObject());
    List<PooledNode> discovered = new ArrayList<>();
    for (String id : nodes.fieldNames()) {
      JsonObject info = nodes.getJsonObject(id);
      JsonObject http = info.getJsonObject("http");
      String publish = http == null ? null : http.getString("publish_address");
      if (publish == null) {
        continue;
      }
      PooledNode node = toNode(id, info, publish);
      if (node != null && filter.test(node)) {
        discovered.add(node);
      }
    }
    return discovered;
  }

  /** Reads {@code host/ip:port}, {@code ip:port} or {@code [v6]:port}; the host name wins over the IP. */
  PooledNode toNode(String id, JsonObject info, String publish) {
    String host;
    String address = publish;
    int slash = publish.indexOf('/');
    String fqdn = slash > 0 ? publish.substring(0, slash) : null;
    if (slash >= 0) {
      address = publish.substring(slash + 1);
    }
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    host = fqdn != null ? fqdn : address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Set<String> roles = new HashSet<>();
    JsonArray r = info.getJsonArray("roles");
    if (r != null) {
      r.forEach(v -> roles.add(String.valueOf(v)));
    }
    Map<String, String> attributes = new HashMap<>();
    JsonObject a = info.getJsonObject("attributes");
    if (a != null) {
      a.forEach(e -> attributes.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return new PooledNode(scheme, host, port, pathPrefix, id, info.getString("name"), roles, attributes);
  }

  void close() {
    if (periodicTimer != -1) {
      transport.vertx().cancelTimer(periodicTimer);
    }
  }
}
