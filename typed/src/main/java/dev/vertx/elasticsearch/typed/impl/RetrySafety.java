package dev.vertx.elasticsearch.typed.impl;

import dev.vertx.elasticsearch.client.api.EndpointCatalog;
import io.vertx.core.http.HttpMethod;

/**
 * Which typed requests may be sent again when the outcome of an attempt is unknown (a reset or a timeout after the
 * request was written): the core client's rules, from the endpoint catalog generated from the REST specification.
 * Reads (also {@code search}, {@code count}, {@code mget} sent as {@code POST}) and writes by id are; an index without
 * id, an update, a bulk are not. A request the catalog does not know is safe only as {@code GET} or {@code HEAD}.
 */
final class RetrySafety {

  private RetrySafety() {
  }

  /**
   * @param method the HTTP method elasticsearch-java chose for this request
   * @param path the percent-encoded path, without query string
   * @return whether an attempt with an unknown outcome may be retried
   */
  static boolean retrySafe(HttpMethod method, String path) {
    EndpointCatalog.Match match = EndpointCatalog.match(method, path);
    return match != null ? match.path().idempotent() : method == HttpMethod.GET || method == HttpMethod.HEAD;
  }
}
