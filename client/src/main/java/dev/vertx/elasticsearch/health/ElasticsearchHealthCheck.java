package dev.vertx.elasticsearch.health;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.health.impl.ElasticsearchHealthCheckImpl;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.ext.healthchecks.Status;

/**
 * A health check procedure for {@code io.vertx:vertx-health-check} (an optional dependency: add it to use this):
 * it reads {@code GET /_cluster/health} within its own timeout and completes with
 * <ul>
 *   <li>UP for a green cluster, and for a yellow one unless {@link ElasticsearchHealthCheckOptions#setYellowIsUp}
 *   says otherwise;</li>
 *   <li>DOWN for a red cluster, an error answer, no answer within the timeout, or no node reachable.</li>
 * </ul>
 * The data holds {@code status} ({@code green}, {@code yellow} or {@code red}), {@code number_of_nodes},
 * {@code timed_out} and {@code cluster_name} when the cluster answered, and {@code reason} (never a credential) and
 * {@code error} (the exception's simple name) when the check is DOWN. It never fails its promise.
 * <pre>{@code
 * HealthChecks checks = HealthChecks.create(vertx);
 * checks.register("elasticsearch", 5_000, ElasticsearchHealthCheck.create(client));
 * }</pre>
 */
public interface ElasticsearchHealthCheck extends Handler<Promise<Status>> {

  /**
   * @param client the client to check with; the check sends its request through it (with its credentials)
   * @return a procedure with the default options
   */
  static ElasticsearchHealthCheck create(ElasticsearchClient client) {
    return create(client, new ElasticsearchHealthCheckOptions());
  }

  /**
   * @param client the client to check with
   * @param options the timeout and the status of a yellow cluster, copied
   * @return the procedure, for {@code HealthChecks.register(name, timeout, procedure)}
   */
  static ElasticsearchHealthCheck create(ElasticsearchClient client, ElasticsearchHealthCheckOptions options) {
    return new ElasticsearchHealthCheckImpl(client, options);
  }
}
