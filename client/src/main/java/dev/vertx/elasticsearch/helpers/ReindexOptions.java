package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Settings of a client-side reindex: source index and query, target index, {@code op_type}, and the scan and bulk
 * settings used underneath. {@link #toJson()} and {@link #ReindexOptions(JsonObject)} round-trip them.
 * <p>
 * Retries: {@link #setRetry(RetryConfig)} gives the scan and the bulk one retry setting, which replaces theirs; unset
 * (the default, {@code null}), each keeps its own: {@link ScanOptions#DEFAULT_RETRY} and
 * {@link BulkOptions#DEFAULT_RETRY}, or what the options given to {@link #setScan} and {@link #setBulk} say.
 */
public class ReindexOptions extends RetryingOptions<ReindexOptions> {

  private String sourceIndex;
  private String targetIndex;
  private JsonObject query;
  private JsonObject body = new JsonObject();
  private BulkOperation.Type opType;
  private ScanOptions scan = new ScanOptions();
  private BulkOptions bulk = new BulkOptions();

  /** Options with the defaults; source and target index must be set. */
  public ReindexOptions() {
    super(null);
  }

  /**
   * Reads options written by {@link #toJson()}.
   *
   * @param json the JSON form
   */
  public ReindexOptions(JsonObject json) {
    super(null, json);
    sourceIndex = json.getString("sourceIndex");
    targetIndex = json.getString("targetIndex");
    JsonObject q = json.getJsonObject("query");
    query = q == null ? null : ScanOptions.checkedQuery(q);
    JsonObject searchBody = json.getJsonObject("body");
    body = searchBody == null ? new JsonObject() : searchBody.copy();
    String op = json.getString("opType");
    opType = op == null ? null : BulkOperation.Type.valueOf(op);
    JsonObject s = json.getJsonObject("scan");
    scan = s == null ? new ScanOptions() : new ScanOptions(s);
    JsonObject b = json.getJsonObject("bulk");
    bulk = b == null ? new BulkOptions() : new BulkOptions(b);
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = putRetry(new JsonObject()).put("body", body.copy()).put("scan", scan.toJson())
      .put("bulk", bulk.toJson());
    if (query != null) json.put("query", query.copy());
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

  /** @return the query selecting the documents, or {@code null} (default) for all */
  public JsonObject getQuery() {
    return query;
  }

  /**
   * @param query a query such as {@code {"term": {"genre": "fantasy"}}}; {@code null} for every document
   * @return this
   * @throws IllegalArgumentException when given a whole search body: set that with {@link #setBody(JsonObject)}
   */
  public ReindexOptions setQuery(JsonObject query) {
    this.query = query == null ? null : ScanOptions.checkedQuery(query);
    return this;
  }

  /** @return the search body of the scan besides the query (default {@code {}}) */
  public JsonObject getBody() {
    return body;
  }

  /**
   * @param body a search body for the scan, e.g. {@code {"_source": ["title", "year"]}}, possibly with its own
   *     {@code query} (then leave {@link #setQuery(JsonObject)} unset)
   * @return this
   */
  public ReindexOptions setBody(JsonObject body) {
    this.body = Objects.requireNonNull(body, "body").copy();
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

  /**
   * @return the scan settings (index, query and body are taken from these options; the retry settings too, when
   *     {@link #getRetry()} is set)
   */
  public ScanOptions getScan() {
    return scan;
  }

  /**
   * @param scan scan settings: mode, page size, keep-alive...; its index, query and body are replaced
   * @return this
   */
  public ReindexOptions setScan(ScanOptions scan) {
    this.scan = new ScanOptions(Objects.requireNonNull(scan, "scan"));
    return this;
  }

  /** @return the bulk settings (the retry settings are taken from these options when {@link #getRetry()} is set) */
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
}
