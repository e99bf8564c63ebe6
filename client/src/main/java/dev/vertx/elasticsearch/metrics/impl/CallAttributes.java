package dev.vertx.elasticsearch.metrics.impl;

import dev.vertx.elasticsearch.tracing.impl.DbConventions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The attribute sets of calls, built once per kind of call (operation, index, node, status, error, cluster) and kept
 * in a small lock-free table, so that recording a call of a kind seen before allocates nothing. The table is bounded:
 * when the slots a kind hashes to are taken (thousands of daily indices, say), its set is built per call instead.
 */
final class CallAttributes {

  private static final int SLOTS = 2048;
  private static final int PROBES = 8;

  private final AtomicReferenceArray<Entry> table = new AtomicReferenceArray<>(SLOTS);

  private record Entry(String operation, String collection, String node, int status, String error, String namespace,
                       Attributes attributes) {

    boolean matches(String operation, String collection, String node, int status, String error, String namespace) {
      return this.status == status && Objects.equals(this.operation, operation)
        && Objects.equals(this.collection, collection) && Objects.equals(this.node, node)
        && Objects.equals(this.error, error) && Objects.equals(this.namespace, namespace);
    }
  }

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
    int h = status;
    h = 31 * h + Objects.hashCode(operation);
    h = 31 * h + Objects.hashCode(collection);
    h = 31 * h + Objects.hashCode(node);
    h = 31 * h + Objects.hashCode(error);
    h = 31 * h + Objects.hashCode(namespace);
    h ^= h >>> 16;
    for (int i = 0; i < PROBES; i++) {
      int slot = (h + i) & (SLOTS - 1);
      Entry e = table.get(slot);
      if (e == null) {
        Attributes built = build(operation, collection, node, status, error, namespace);
        table.compareAndSet(slot, null, new Entry(operation, collection, node, status, error, namespace, built));
        return built;
      }
      if (e.matches(operation, collection, node, status, error, namespace)) {
        return e.attributes;
      }
    }
    return build(operation, collection, node, status, error, namespace);
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
