package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.health.ElasticsearchHealthCheck;
import dev.vertx.elasticsearch.health.ElasticsearchHealthCheckOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.List;

/**
 * Liveness and readiness, with {@code vertx-health-check}.
 * <ul>
 *   <li>Liveness ({@code /health/live}) answers 200 as long as the event loop serves requests, whatever the state
 *   of Elasticsearch: restarting the service would not fix Elasticsearch.</li>
 *   <li>Readiness ({@code /health/ready}) answers 200 when every procedure is UP and 503 otherwise, with a JSON body
 *   that says what it waits for: {@code elasticsearch} (the cluster answers), {@code sample-data}
 *   (the index was set up and its data loaded) and {@code index} (the alias points at an index with the expected
 *   mappings that is not red).</li>
 * </ul>
 */
final class HealthEndpoints {

  /** Bound of each readiness procedure; one that does not answer in time counts as DOWN. */
  static final long PROCEDURE_TIMEOUT_MS = 6_000;
  /** Bound of the Elasticsearch check itself, inside the procedure's, so that it says why it is DOWN. */
  private static final long PROBE_TIMEOUT_MS = 4_000;
  private static final String PROCEDURE_ERROR = "procedure-execution-failure";

  private HealthEndpoints() {
  }

  /** @return the liveness handler: {@code 200 {"status":"UP"}} */
  static Handler<RoutingContext> liveness() {
    return ctx -> SearchVerticle.sendJson(ctx, 200, new JsonObject().put("status", "UP"));
  }

  /**
   * @param probe a client view with a short timeout and no retries
   * @return the readiness handler
   */
  static HealthCheckHandler readiness(Vertx vertx, ElasticsearchClient probe, BooksIndex index, IndexSetup setup) {
    HealthChecks checks = HealthChecks.create(vertx)
      // the client's procedure, on the service's own index: another application's red index does not matter here
      .register("elasticsearch", PROCEDURE_TIMEOUT_MS, ElasticsearchHealthCheck.create(probe,
        new ElasticsearchHealthCheckOptions().setIndices(List.of(index.alias())).setTimeout(PROBE_TIMEOUT_MS)))
      .register("sample-data", PROCEDURE_TIMEOUT_MS, promise -> {
        JsonObject state = setup.state();
        promise.complete(setup.ready() ? Status.OK(state) : Status.KO(state));
      })
      .register("index", PROCEDURE_TIMEOUT_MS, promise -> index.check().onSuccess(status -> {
        if (status.state() == IndexStatus.State.MISSING || "loading".equals(status.sampleData())) {
          setup.ensure();
        }
        promise.complete(status.usable() ? Status.OK(status.toJson()) : Status.KO(status.toJson()));
      }));
    // A procedure that timed out makes the handler answer 500; for readiness it is just DOWN (503).
    return HealthCheckHandler.createWithHealthChecks(checks).resultMapper(result -> {
      result.getChecks().forEach(check -> {
        JsonObject data = check.getData();
        if (data != null && data.getBoolean(PROCEDURE_ERROR, false)) {
          data.remove(PROCEDURE_ERROR);
          data.put("reason", "No answer within " + PROCEDURE_TIMEOUT_MS + " ms");
        }
      });
      return Future.succeededFuture(result);
    });
  }


}
