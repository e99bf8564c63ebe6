package dev.vertx.elasticsearch.metrics.impl;

import dev.vertx.elasticsearch.impl.BoundedCache;
import dev.vertx.elasticsearch.tracing.impl.DbConventions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import java.net.URI;

/**
 * The attribute sets of calls, built once per kind of call (operation, index, node, status, error, cluster) and kept
 * in the project's bounded cache, so that recording a call of a kind seen before allocates only its small key. Past
 * the bound (thousands of daily indices, say), a kind's set is built per call instead.
 */
final class CallAttributes {

  private static final int MAX_KINDS = 2048;

  private record Kind(String operation, String collection, String node, int status, String error,
                      String namespace) {
  }

  private final BoundedCache<Kind, Attributes> cache = new BoundedCache<>(MAX_KINDS,
    k -> build(k.operation(), k.collection(), k.node(), k.status(), k.error(), k.namespace()));

  /**
   * @param operation the endpoint id, or {@code null}
   * @param collection the index, or {@code null}
   * @param node the URL of the node of the final attempt, or {@code null}
   * @param status the status of the final answer, or {@code 0}
   * @param error the error type, or {@code null}
   * @param namespace the cluster name, or {@code null}
   * @return the attribute set
   */
  Attributes get(String operation, String collection, String node, int status, String error, String namespace) {
    return cache.get(new Kind(operation, collection, node, status, error, namespace));
  }

  private static Attributes build(String operation, String collection, String node, int status, String error,
                                  String namespace) {
    AttributesBuilder b = Attributes.builder().put(DbConventions.DB_SYSTEM, DbConventions.SYSTEM);
    putIfSet(b, DbConventions.DB_OPERATION, operation);
    putIfSet(b, DbConventions.DB_COLLECTION, collection);
    putIfSet(b, DbConventions.DB_NAMESPACE, namespace);
    putIfSet(b, DbConventions.ERROR_TYPE, error);
    if (status != 0) {
      b.put(DbConventions.DB_STATUS, DbConventions.status(status));
    }
    if (node != null) {
      URI u = DbConventions.nodeUri(node);
      b.put(DbConventions.SERVER_ADDRESS, u.getHost()).put(DbConventions.SERVER_PORT, (long) u.getPort());
    }
    return b.build();
  }

  private static void putIfSet(AttributesBuilder b, AttributeKey<String> key, String value) {
    if (value != null) {
      b.put(key, value);
    }
  }
}
