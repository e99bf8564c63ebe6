package dev.vertx.elasticsearch.health;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of an {@link ElasticsearchHealthCheck}.
 */
public class ElasticsearchHealthCheckOptions {

  /** The default timeout: 2 s. */
  public static final long DEFAULT_TIMEOUT = 2_000;
  /** By default a yellow cluster (a replica unassigned) is UP. */
  public static final boolean DEFAULT_YELLOW_IS_UP = true;

  private long timeout = DEFAULT_TIMEOUT;
  private boolean yellowIsUp = DEFAULT_YELLOW_IS_UP;
  private List<String> indices = List.of();

  /** Options with the defaults. */
  public ElasticsearchHealthCheckOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public ElasticsearchHealthCheckOptions(ElasticsearchHealthCheckOptions other) {
    timeout = other.timeout;
    yellowIsUp = other.yellowIsUp;
    indices = other.indices;
  }

  /**
   * Reads options written by {@link #toJson()}; missing fields keep their defaults.
   *
   * @param json the JSON form
   * @throws IllegalArgumentException for a timeout that is not positive
   */
  public ElasticsearchHealthCheckOptions(JsonObject json) {
    setTimeout(json.getLong("timeout", DEFAULT_TIMEOUT));
    yellowIsUp = json.getBoolean("yellowIsUp", DEFAULT_YELLOW_IS_UP);
    JsonArray list = json.getJsonArray("indices");
    if (list != null) {
      setIndices(list.stream().map(String::valueOf).toList());
    }
  }

  /** @return the JSON form */
  public JsonObject toJson() {
    return new JsonObject().put("timeout", timeout).put("yellowIsUp", yellowIsUp)
      .put("indices", new JsonArray(new ArrayList<>(indices)));
  }

  /** @return how long the check waits for the cluster's answer, in ms */
  public long getTimeout() {
    return timeout;
  }

  /**
   * @param timeout how long the check waits for the cluster's answer, in ms, across retries (default
   *     {@value #DEFAULT_TIMEOUT}); then it is DOWN. Keep it below the timeout the procedure is registered with, so
   *     that the check reports why it is DOWN.
   * @return this
   * @throws IllegalArgumentException when not positive
   */
  public ElasticsearchHealthCheckOptions setTimeout(long timeout) {
    if (timeout <= 0) {
      throw new IllegalArgumentException("The health check timeout must be positive, got " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /** @return whether a yellow cluster is UP */
  public boolean isYellowIsUp() {
    return yellowIsUp;
  }

  /**
   * @param yellowIsUp whether a yellow cluster (every primary shard assigned, a replica not) is UP (default) or DOWN
   * @return this
   */
  public ElasticsearchHealthCheckOptions setYellowIsUp(boolean yellowIsUp) {
    this.yellowIsUp = yellowIsUp;
    return this;
  }

  /** @return the indices whose health is checked; empty (default) for the whole cluster */
  public List<String> getIndices() {
    return indices;
  }

  /**
   * @param indices the indices, aliases or patterns the application uses: their health is checked
   *     ({@code GET /_cluster/health/<indices>}) instead of the whole cluster's, so that a red index of another
   *     application does not take this one down; a missing index is red. Empty for the whole cluster
   * @return this
   */
  public ElasticsearchHealthCheckOptions setIndices(List<String> indices) {
    this.indices = List.copyOf(indices);
    return this;
  }

  @Override
  public String toString() {
    return "ElasticsearchHealthCheckOptions" + toJson().encode();
  }
}
