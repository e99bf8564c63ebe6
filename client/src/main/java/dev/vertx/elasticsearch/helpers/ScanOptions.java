package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.Set;

/**
 * Settings of a scan: what to read ({@code index} and a search body), how ({@link Mode#POINT_IN_TIME} with
 * {@code search_after}, or {@link Mode#SCROLL}), page size, keep-alive, slicing, shard-failure handling and retries.
 * Every setting has a default; {@link #toJson()} and {@link #ScanOptions(JsonObject)} round-trip them, and a value
 * read from JSON is checked as its setter checks it.
 * <p>
 * Retries ({@link #setRetry(RetryConfig)}, default {@link #DEFAULT_RETRY}): a page (or opening the point in time or
 * scroll) answered with one of {@code retryOnStatus} is asked again; the other settings also govern the transport's
 * retries of the scan's requests (connection failures, and timeouts with {@code retryOnTimeout}).
 */
public class ScanOptions extends RetryingOptions<ScanOptions> {

  /** How pages are fetched. */
  public enum Mode {
    /** A point in time ({@code POST /{index}/_pit}) and {@code search_after}; the default. */
    POINT_IN_TIME,
    /** A scroll ({@code ?scroll=}), as the Python {@code scan} helper does. */
    SCROLL
  }

  /** Default hits per page: 1 000. */
  public static final int DEFAULT_PAGE_SIZE = 1_000;
  /** Default keep-alive of the point in time or scroll between pages: {@code 5m}. */
  public static final String DEFAULT_KEEP_ALIVE = "5m";
  /**
   * Default retries: a page answered 429, 502, 503 or 504 is asked again 5 times, waiting 500 ms doubling to 10 s
   * (with jitter).
   */
  public static final RetryConfig DEFAULT_RETRY = new RetryConfig().withMaxRetries(5).withBackoff(500, 10_000);

  private String index;
  private JsonObject query;
  private JsonObject body = new JsonObject();
  private Mode mode = Mode.POINT_IN_TIME;
  private int pageSize = DEFAULT_PAGE_SIZE;
  private String keepAlive = DEFAULT_KEEP_ALIVE;
  private boolean preserveOrder;
  private boolean raiseOnShardFailure = true;
  private Integer sliceId;
  private Integer sliceMax;

  /** Options with the defaults; an index must be set. */
  public ScanOptions() {
    super(DEFAULT_RETRY);
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public ScanOptions(ScanOptions other) {
    this(other.toJson());
  }

  /**
   * Reads options written by {@link #toJson()}; missing fields keep their defaults.
   *
   * @param json the JSON form
   */
  public ScanOptions(JsonObject json) {
    super(DEFAULT_RETRY, json);
    index = json.getString("index");
    JsonObject q = json.getJsonObject("query");
    query = q == null ? null : checkedQuery(q);
    JsonObject b = json.getJsonObject("body");
    body = b == null ? new JsonObject() : b.copy();
    mode = Mode.valueOf(json.getString("mode", mode.name()));
    setPageSize(json.getInteger("pageSize", pageSize));
    setKeepAlive(json.getString("keepAlive", keepAlive));
    preserveOrder = json.getBoolean("preserveOrder", preserveOrder);
    raiseOnShardFailure = json.getBoolean("raiseOnShardFailure", raiseOnShardFailure);
    Integer id = json.getInteger("sliceId");
    Integer max = json.getInteger("sliceMax");
    if (id != null || max != null) {
      if (id == null || max == null) {
        throw new IllegalArgumentException("sliceId and sliceMax go together, got " + id + " of " + max);
      }
      setSlice(id, max);
    }
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = putRetry(new JsonObject()).put("body", body.copy()).put("mode", mode.name())
      .put("pageSize", pageSize).put("keepAlive", keepAlive).put("preserveOrder", preserveOrder)
      .put("raiseOnShardFailure", raiseOnShardFailure);
    if (index != null) json.put("index", index);
    if (query != null) json.put("query", query.copy());
    if (sliceId != null) json.put("sliceId", sliceId);
    if (sliceMax != null) json.put("sliceMax", sliceMax);
    return json;
  }

  /** @return the index, list or pattern to read */
  public String getIndex() {
    return index;
  }

  /**
   * @param index the index, comma-separated list or pattern to read; required
   * @return this
   */
  public ScanOptions setIndex(String index) {
    this.index = index;
    return this;
  }

  /** @return the query selecting the hits, or {@code null} (default) for every document */
  public JsonObject getQuery() {
    return query;
  }

  /**
   * @param query a query, e.g. {@code {"match": {"title": "dragon"}}} (what goes under {@code "query"} of a search);
   *     {@code null} for every document
   * @return this
   * @throws IllegalArgumentException when given a whole search body (with {@code query}, {@code sort}, {@code _source}
   *     ...): set that with {@link #setBody(JsonObject)}
   */
  public ScanOptions setQuery(JsonObject query) {
    this.query = query == null ? null : checkedQuery(query);
    return this;
  }

  /** @return the search body besides the query (default {@code {}}) */
  public JsonObject getBody() {
    return body;
  }

  /**
   * @param body a search body, e.g. {@code {"_source": ["title"], "sort": ["year"]}}, possibly with its own
   *     {@code query} (then leave {@link #setQuery(JsonObject)} unset); {@code size}, {@code pit},
   *     {@code search_after} and {@code slice} are set by the helper
   * @return this
   */
  public ScanOptions setBody(JsonObject body) {
    this.body = Objects.requireNonNull(body, "body").copy();
    return this;
  }

  /**
   * @return the search body that is sent: {@link #getBody()} with {@link #getQuery()} as its {@code query}
   * @throws IllegalArgumentException when both the body and {@link #setQuery(JsonObject)} give a query
   */
  public JsonObject getSearchBody() {
    JsonObject search = body.copy();
    if (query != null) {
      if (search.containsKey("query")) {
        throw new IllegalArgumentException("The query is set twice: with setQuery and in the body given to setBody");
      }
      search.put("query", query.copy());
    }
    return search;
  }

  /** Search body fields that no query is named after: a "query" holding one of them is a whole body. */
  private static final Set<String> BODY_FIELDS = Set.of("query", "sort", "_source", "size", "from", "aggs",
    "aggregations", "track_total_hits", "search_after", "pit", "fields", "highlight", "post_filter", "knn");

  static JsonObject checkedQuery(JsonObject query) {
    for (String field : query.fieldNames()) {
      if (BODY_FIELDS.contains(field)) {
        throw new IllegalArgumentException("setQuery takes a query such as {\"match\": {...}}, not a search body with \""
          + field + "\": set a whole search body with setBody");
      }
    }
    return query.copy();
  }

  /** @return the mode (default {@link Mode#POINT_IN_TIME}) */
  public Mode getMode() {
    return mode;
  }

  /**
   * @param mode point in time with {@code search_after}, or scroll
   * @return this
   */
  public ScanOptions setMode(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** @return hits per page (default {@value #DEFAULT_PAGE_SIZE}) */
  public int getPageSize() {
    return pageSize;
  }

  /**
   * @param pageSize hits per page (the search's {@code size})
   * @return this
   */
  public ScanOptions setPageSize(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1, got " + pageSize);
    }
    this.pageSize = pageSize;
    return this;
  }

  /** @return the keep-alive (default {@value #DEFAULT_KEEP_ALIVE}) */
  public String getKeepAlive() {
    return keepAlive;
  }

  /**
   * @param keepAlive how long the point in time or scroll lives between two pages, e.g. {@code 1m}
   * @return this
   */
  public ScanOptions setKeepAlive(String keepAlive) {
    this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
    return this;
  }

  /** @return whether the query's sort is kept in scroll mode (default {@code false}) */
  public boolean isPreserveOrder() {
    return preserveOrder;
  }

  /**
   * @param preserveOrder scroll mode: keep the query's sort instead of the fast {@code _doc} order. In point in time
   *     mode the query's sort is always kept, with {@code _shard_doc} added as tiebreaker
   * @return this
   */
  public ScanOptions setPreserveOrder(boolean preserveOrder) {
    this.preserveOrder = preserveOrder;
    return this;
  }

  /** @return whether shard failures fail the stream (default {@code true}) */
  public boolean isRaiseOnShardFailure() {
    return raiseOnShardFailure;
  }

  /**
   * @param raiseOnShardFailure when {@code true}, a page with failed shards fails the stream with a
   *     {@link ScanException} after its hits were delivered; when {@code false}, the partial results are delivered
   * @return this
   */
  public ScanOptions setRaiseOnShardFailure(boolean raiseOnShardFailure) {
    this.raiseOnShardFailure = raiseOnShardFailure;
    return this;
  }

  /** @return the slice of this scan, or {@code null} */
  public Integer getSliceId() {
    return sliceId;
  }

  /** @return the number of slices, or {@code null} */
  public Integer getSliceMax() {
    return sliceMax;
  }

  /**
   * @param id the slice read by this scan, from 0
   * @param max the number of slices
   * @return this
   */
  public ScanOptions setSlice(int id, int max) {
    if (max < 1 || id < 0 || id >= max) {
      throw new IllegalArgumentException("slice id must be in [0, max), got " + id + " of " + max);
    }
    this.sliceId = id;
    this.sliceMax = max;
    return this;
  }
}
