package dev.vertx.elasticsearch.health.impl;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.cluster.ClusterHealthRequest;
import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.health.ElasticsearchHealthCheck;
import dev.vertx.elasticsearch.health.ElasticsearchHealthCheckOptions;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads {@code GET /_cluster/health[/<indices>]} through a view of the client whose total timeout is the check's, and bounds the
 * wait once more with a timer of its own (a sniff on start, for one, comes before the request's timeout starts).
 */
public final class ElasticsearchHealthCheckImpl implements ElasticsearchHealthCheck {

  private final ElasticsearchClient client;
  private final long timeout;
  private final boolean yellowIsUp;
  private final List<String> indices;

  /**
   * @param client the client to check with
   * @param options the settings, read once
   */
  public ElasticsearchHealthCheckImpl(ElasticsearchClient client, ElasticsearchHealthCheckOptions options) {
    this.timeout = options.getTimeout();
    this.yellowIsUp = options.isYellowIsUp();
    this.indices = options.getIndices();
    // a missing index is answered 408 with status red: read it as an answer
    this.client = client.withOptions(new CallOptions().setTotalTimeout(timeout).setIgnoreStatus(Set.of(408)));
  }

  @Override
  public void handle(Promise<Status> promise) {
    Future<ElasticsearchResponse> answer;
    try {
      ClusterHealthRequest request = new ClusterHealthRequest();
      if (!indices.isEmpty()) {
        // a missing index is waited for until Elasticsearch's timeout, then answered red: keep it inside ours
        request.index(indices).timeout(Math.max(1, timeout / 2) + "ms");
      }
      answer = client.cluster().health(request);
    } catch (RuntimeException e) {
      promise.tryComplete(down(e));
      return;
    }
    answer.timeout(timeout, TimeUnit.MILLISECONDS)
      .onComplete(ar -> promise.tryComplete(ar.succeeded() ? status(ar.result()) : down(ar.cause())));
  }

  private Status status(ElasticsearchResponse response) {
    JsonObject health;
    try {
      health = response.body();
    } catch (RuntimeException e) {
      return down(e);
    }
    String status = health == null ? null : health.getString("status");
    if (status == null) {
      return Status.KO(new JsonObject().put("reason", "The cluster health answer has no status"));
    }
    JsonObject data = new JsonObject()
      .put("status", status)
      .put("number_of_nodes", health.getValue("number_of_nodes"))
      .put("timed_out", health.getValue("timed_out"))
      .put("cluster_name", health.getValue("cluster_name"));
    switch (status) {
      case "green":
        return Status.OK(data);
      case "yellow":
        return yellowIsUp ? Status.OK(data) : Status.KO(data.put("reason", "The cluster status is yellow"));
      default:
        return Status.KO(data.put("reason", "The cluster status is " + status));
    }
  }

  private Status down(Throwable failure) {
    String reason;
    if (failure instanceof TimeoutException) {
      reason = "No answer from Elasticsearch within the health check timeout of " + timeout + " ms";
    } else if (failure instanceof TransportException) {
      reason = "Elasticsearch is unreachable: " + failure.getMessage();
    } else {
      reason = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
    return Status.KO(new JsonObject().put("reason", reason).put("error", failure.getClass().getSimpleName()));
  }

}
