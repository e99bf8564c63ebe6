package dev.vertx.elasticsearch.helpers;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Settings of a client-side reindex: source index and query, target index, {@code op_type}, and the scan and bulk
 * settings used underneath. {@link #toJson()} and {@link #ReindexOptions(JsonObject)} round-trip them.
 */
public class ReindexOptions {

  private String sourceIndex;
  private String targetIndex;
  private JsonObject query = new JsonObject();
  private BulkOperation.Type opType;
  private ScanOptions scan = new ScanOptions();
  private BulkOptions bulk = new BulkOptions();

  /** Options with the defaults; source and target index must be set. */
  public ReindexOptions() {
  }

  /**
   * Reads options written by {@link #toJson()}.
   *
   * @param json the JSON form
   */
  public ReindexOptions(JsonObject json) {
    sourceIndex = json.getString("sourceIndex");
    targetIndex = json.getString("targetIndex");
    JsonObject q = json.getJsonObject("query");
    query = q == null ? new JsonObject() : q.copy();
    String op = json.getString("opType");
    opType = op == null ? null : BulkOperation.Type.valueOf(op);
    JsonObject s = json.getJsonObject("scan");
    scan = s == null ? new ScanOptions() : new ScanOptions(s);
    JsonObject b = json.getJsonObject("bulk");
    bulk = b == null ? new BulkOptions() : new BulkOptions(b);
  }

  /** @return the JSON form */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("query", query.copy()).put("scan", scan.toJson()).put("bulk", bulk.toJson());
    if (sourceIndex != null) json.put("sourceIndex", sourceIndex);
    if (targetIndex != null) json.put("targetIndex", targetIndex);
    if (opType != null) json.put("opType", opType.name());
    return json;
  }

  /** @return the index, list or pattern read */
  public String getSourceIndex() {
    return sourceIndex;
  }

  /**
   * @param sourceIndex the index, list or pattern to read; required
   * @return this
   */
  public ReindexOptions setSourceIndex(String sourceIndex) {
    this.sourceIndex = sourceIndex;
    return this;
  }

  /** @return the index or data stream written */
  public String getTargetIndex() {
    return targetIndex;
  }

  /**
   * @param targetIndex the index or data stream to write; required
   * @return this
   */
  public ReindexOptions setTargetIndex(String targetIndex) {
    this.targetIndex = targetIndex;
    return this;
  }

  /** @return the search body selecting the documents (default: all) */
  public JsonObject getQuery() {
    return query;
  }

  /**
   * @param query a search body such as {@code {"query": {"term": {...}}}}
   * @return this
   */
  public ReindexOptions setQuery(JsonObject query) {
    this.query = Objects.requireNonNull(query, "query").copy();
    return this;
  }

  /** @return the operation type, or {@code null} for {@code index} ({@code create} for data streams) */
  public BulkOperation.Type getOpType() {
    return opType;
  }

  /**
   * @param opType {@link BulkOperation.Type#INDEX} or {@link BulkOperation.Type#CREATE}; a data stream target
   *     requires {@code null} or {@code CREATE}
   * @return this
   */
  public ReindexOptions setOpType(BulkOperation.Type opType) {
    if (opType != null && opType != BulkOperation.Type.INDEX && opType != BulkOperation.Type.CREATE) {
      throw new IllegalArgumentException("opType must be INDEX or CREATE, got " + opType);
    }
    this.opType = opType;
    return this;
  }

  /** @return the scan settings (index and query are taken from these options) */
  public ScanOptions getScan() {
    return scan;
  }

  /**
   * @param scan scan settings: mode, page size, keep-alive...; its index and query are replaced
   * @return this
   */
  public ReindexOptions setScan(ScanOptions scan) {
    this.scan = new ScanOptions(Objects.requireNonNull(scan, "scan"));
    return this;
  }

  /** @return the bulk settings */
  public BulkOptions getBulk() {
    return bulk;
  }

  /**
   * @param bulk bulk settings: chunk sizes, concurrency, retries, {@code refreshOnCompletion}...
   * @return this
   */
  public ReindexOptions setBulk(BulkOptions bulk) {
    this.bulk = new BulkOptions(Objects.requireNonNull(bulk, "bulk"));
    return this;
  }

  @Override
  public String toString() {
    return "ReindexOptions" + toJson().encode();
  }
}
