package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.error.ElasticsearchException;
import io.vertx.core.json.JsonObject;

/**
 * A scan page reported failed shards ({@code _shards.successful + _shards.skipped < _shards.total}); raised after
 * that page's hits were delivered, unless {@code raiseOnShardFailure} is off.
 */
public class ScanException extends ElasticsearchException {

  /** The scroll id or point in time id. */
  private final String contextId;
  /** The failing page's {@code _shards}. */
  private final JsonObject shards;

  /**
   * @param message what failed
   * @param contextId the scroll id or point in time id of the scan
   * @param shards the page's {@code _shards} object
   */
  public ScanException(String message, String contextId, JsonObject shards) {
    super(message, null);
    this.contextId = contextId;
    this.shards = shards;
  }

  /** @return the scroll id or point in time id of the scan */
  public String contextId() {
    return contextId;
  }

  /** @return the {@code _shards} object of the failing page, with {@code failures} when Elasticsearch sent them */
  public JsonObject shards() {
    return shards;
  }
}
