package dev.vertx.elasticsearch.generator;

import java.util.List;
import java.util.Set;

/**
 * Which paths of an endpoint are safe to repeat, so that the transport may retry an attempt that may have been
 * applied (its connection broke after the request was written). The spec says it for most paths through their HTTP
 * methods; the rest is listed here, conservatively:
 * <ul>
 *   <li>a path that takes {@code GET} or {@code HEAD} reads, also when sent as {@code POST} with a body (search,
 *   count, msearch, mget, field_caps, scroll...);</li>
 *   <li>a {@code POST}-only endpoint that only reads or computes ({@link #POST_READS}) or whose repetition leaves the
 *   same state ({@link #REPEATABLE_POSTS});</li>
 *   <li>a path that takes {@code PUT} or {@code DELETE} names what it writes (an id, a name), except for the
 *   endpoints in {@link #UNSAFE_PUTS}, which create something new on every call;</li>
 *   <li>anything else (an index without id, update, bulk, reindex, rollover, ...) is not.</li>
 * </ul>
 */
final class Idempotency {

  /** POST-only endpoints that read or compute and change nothing. */
  static final Set<String> POST_READS = Set.of("open_point_in_time", "esql.query", "search_application.render_query",
    "query_rules.test", "indices.simulate_index_template", "indices.simulate_template", "indices.disk_usage",
    "ml.estimate_model_memory", "ml.evaluate_data_frame", "ml.validate", "ml.validate_detector",
    "ml.infer_trained_model", "profiling.flamegraph", "profiling.stacktraces", "profiling.topn_functions",
    "text_structure.find_structure", "inference.inference", "inference.completion", "inference.rerank",
    "inference.sparse_embedding", "inference.text_embedding", "inference.embedding",
    "_internal.prevalidate_node_removal");

  /** POST-only endpoints whose repetition leaves the same state. */
  static final Set<String> REPEATABLE_POSTS = Set.of("indices.clear_cache", "indices.open", "indices.close",
    "ilm.start", "ilm.stop", "slm.start", "slm.stop", "watcher.start", "watcher.stop", "sql.clear_cursor",
    "security.clear_api_key_cache", "security.clear_cached_privileges", "security.clear_cached_realms",
    "security.clear_cached_roles", "security.clear_cached_service_tokens", "searchable_snapshots.clear_cache",
    "ml.clear_trained_model_deployment_cache");

  /** Endpoints taking {@code PUT} that create something new (documents, keys, snapshots) on every call. */
  static final Set<String> UNSAFE_PUTS = Set.of("bulk", "monitoring.bulk", "security.create_api_key",
    "slm.execute_lifecycle", "enrich.execute_policy");

  private Idempotency() {
  }

  /**
   * @param endpoint the endpoint
   * @param path one of its paths
   * @return whether repeating a request on that path cannot change the result
   */
  static boolean idempotent(Spec.Endpoint endpoint, Spec.Path path) {
    List<String> methods = path.methods();
    if (methods.contains("GET") || methods.contains("HEAD")) {
      return true;
    }
    String id = endpoint.id();
    if (POST_READS.contains(id) || REPEATABLE_POSTS.contains(id)) {
      return true;
    }
    return !UNSAFE_PUTS.contains(id) && (methods.contains("PUT") || methods.contains("DELETE"));
  }
}
