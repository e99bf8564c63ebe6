package dev.vertx.elasticsearch.helpers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the bulk helpers: when to flush, how many requests run at once, how much may wait in memory, what is
 * retried and how, and what is ignored. Every setting has a default; {@link #toJson()} and
 * {@link #BulkOptions(JsonObject)} round-trip them.
 */
public class BulkOptions {

  /** Default operations per bulk request: 500. */
  public static final int DEFAULT_MAX_OPERATIONS = 500;
  /** Default bytes per bulk request: 5 MiB. */
  public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
  /** Default longest wait of a buffered operation before it is sent in a partial request: 1 000 ms. */
  public static final long DEFAULT_FLUSH_INTERVAL = 1_000;
  /** Default bulk requests in flight: 2. */
  public static final int DEFAULT_CONCURRENCY = 2;
  /** Default operations waiting in the buffer before {@code writeQueueFull()}: 1 000. */
  public static final int DEFAULT_MAX_BUFFERED_OPERATIONS = 1_000;
  /** Default bytes waiting in the buffer before {@code writeQueueFull()}: 10 MiB. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 10L * 1024 * 1024;
  /** Default item and request statuses that are retried: 429. */
  public static final Set<Integer> DEFAULT_RETRY_ON_STATUS = Set.of(429);
  /** Default retries per operation: 8. */
  public static final int DEFAULT_MAX_RETRIES = 8;
  /** Default first retry delay: 200 ms. */
  public static final long DEFAULT_INITIAL_BACKOFF = 200;
  /** Default longest retry delay: 30 000 ms. */
  public static final long DEFAULT_MAX_BACKOFF = 30_000;
  /** Default failures kept in a {@link BulkSummary}: 1 000. */
  public static final int DEFAULT_MAX_REPORTED_FAILURES = 1_000;

  private int maxOperations = DEFAULT_MAX_OPERATIONS;
  private long maxBytes = DEFAULT_MAX_BYTES;
  private long flushInterval = DEFAULT_FLUSH_INTERVAL;
  private int concurrency = DEFAULT_CONCURRENCY;
  private int maxBufferedOperations = DEFAULT_MAX_BUFFERED_OPERATIONS;
  private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
  private Set<Integer> retryOnStatus = new LinkedHashSet<>(DEFAULT_RETRY_ON_STATUS);
  private boolean retryOnServerError = true;
  private boolean retryOnConnectionError = true;
  private boolean retryOnTimeout;
  private int maxRetries = DEFAULT_MAX_RETRIES;
  private long initialBackoff = DEFAULT_INITIAL_BACKOFF;
  private long maxBackoff = DEFAULT_MAX_BACKOFF;
  private Set<Integer> ignoreStatus = new LinkedHashSet<>();
  private String index;
  private String pipeline;
  private String routing;
  private String refresh;
  private Map<String, String> params = new LinkedHashMap<>();
  private boolean refreshOnCompletion;
  private int maxReportedFailures = DEFAULT_MAX_REPORTED_FAILURES;
  private boolean generateIds = true;

  /** Options with the defaults. */
  public BulkOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public BulkOptions(BulkOptions other) {
    this(other.toJson());
  }

  /**
   * Reads options written by {@link #toJson()}; missing fields keep their defaults.
   *
   * @param json the JSON form
   */
  public BulkOptions(JsonObject json) {
    maxOperations = json.getInteger("maxOperations", maxOperations);
    maxBytes = json.getLong("maxBytes", maxBytes);
    flushInterval = json.getLong("flushInterval", flushInterval);
    concurrency = json.getInteger("concurrency", concurrency);
    maxBufferedOperations = json.getInteger("maxBufferedOperations", maxBufferedOperations);
    maxBufferedBytes = json.getLong("maxBufferedBytes", maxBufferedBytes);
    if (json.getJsonArray("retryOnStatus") != null) {
      retryOnStatus = statuses(json.getJsonArray("retryOnStatus"));
    }
    retryOnServerError = json.getBoolean("retryOnServerError", retryOnServerError);
    retryOnConnectionError = json.getBoolean("retryOnConnectionError", retryOnConnectionError);
    retryOnTimeout = json.getBoolean("retryOnTimeout", retryOnTimeout);
    maxRetries = json.getInteger("maxRetries", maxRetries);
    initialBackoff = json.getLong("initialBackoff", initialBackoff);
    maxBackoff = json.getLong("maxBackoff", maxBackoff);
    if (json.getJsonArray("ignoreStatus") != null) {
      ignoreStatus = statuses(json.getJsonArray("ignoreStatus"));
    }
    index = json.getString("index");
    pipeline = json.getString("pipeline");
    routing = json.getString("routing");
    refresh = json.getString("refresh");
    JsonObject p = json.getJsonObject("params");
    if (p != null) {
      p.forEach(e -> params.put(e.getKey(), String.valueOf(e.getValue())));
    }
    refreshOnCompletion = json.getBoolean("refreshOnCompletion", refreshOnCompletion);
    maxReportedFailures = json.getInteger("maxReportedFailures", maxReportedFailures);
    generateIds = json.getBoolean("generateIds", generateIds);
  }

  static Set<Integer> statuses(JsonArray array) {
    Set<Integer> set = new LinkedHashSet<>();
    array.forEach(v -> set.add(((Number) v).intValue()));
    return set;
  }

  /** @return the JSON form of every setting */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("maxOperations", maxOperations)
      .put("maxBytes", maxBytes)
      .put("flushInterval", flushInterval)
      .put("concurrency", concurrency)
      .put("maxBufferedOperations", maxBufferedOperations)
      .put("maxBufferedBytes", maxBufferedBytes)
      .put("retryOnStatus", new JsonArray(List.copyOf(retryOnStatus)))
      .put("retryOnServerError", retryOnServerError)
      .put("retryOnConnectionError", retryOnConnectionError)
      .put("retryOnTimeout", retryOnTimeout)
      .put("maxRetries", maxRetries)
      .put("initialBackoff", initialBackoff)
      .put("maxBackoff", maxBackoff)
      .put("ignoreStatus", new JsonArray(List.copyOf(ignoreStatus)))
      .put("params", new JsonObject(new LinkedHashMap<>(params)))
      .put("refreshOnCompletion", refreshOnCompletion)
      .put("maxReportedFailures", maxReportedFailures)
      .put("generateIds", generateIds);
    if (index != null) json.put("index", index);
    if (pipeline != null) json.put("pipeline", pipeline);
    if (routing != null) json.put("routing", routing);
    if (refresh != null) json.put("refresh", refresh);
    return json;
  }

  /** @return operations per bulk request (default {@value #DEFAULT_MAX_OPERATIONS}) */
  public int getMaxOperations() {
    return maxOperations;
  }

  /**
   * @param maxOperations operations per bulk request; a request is sent as soon as this many are buffered
   * @return this
   */
  public BulkOptions setMaxOperations(int maxOperations) {
    this.maxOperations = positive("maxOperations", maxOperations);
    return this;
  }

  /** @return bytes per bulk request (default 5 MiB) */
  public long getMaxBytes() {
    return maxBytes;
  }

  /**
   * @param maxBytes NDJSON bytes per bulk request; a single larger operation is still sent, alone
   * @return this
   */
  public BulkOptions setMaxBytes(long maxBytes) {
    this.maxBytes = positive("maxBytes", maxBytes);
    return this;
  }

  /**
   * @return the longest an operation waits in the buffer for a request to fill up, in milliseconds (default
   *     {@value #DEFAULT_FLUSH_INTERVAL})
   */
  public long getFlushInterval() {
    return flushInterval;
  }

  /**
   * @param flushInterval the longest an operation waits in the buffer for a request to fill up, in milliseconds:
   *     this long after the first buffered operation, whatever is buffered is sent as a partial request (as the
   *     {@code flushInterval} of elasticsearch-java's {@code BulkIngester}); {@code 0} disables it (a partial request
   *     then waits for {@code flush()} or {@code end()})
   * @return this
   */
  public BulkOptions setFlushInterval(long flushInterval) {
    if (flushInterval < 0) {
      throw new IllegalArgumentException("flushInterval must be >= 0, got " + flushInterval);
    }
    this.flushInterval = flushInterval;
    return this;
  }

  /** @return bulk requests in flight at once (default {@value #DEFAULT_CONCURRENCY}) */
  public int getConcurrency() {
    return concurrency;
  }

  /**
   * @param concurrency bulk requests in flight at once, at least 1
   * @return this
   */
  public BulkOptions setConcurrency(int concurrency) {
    this.concurrency = positive("concurrency", concurrency);
    return this;
  }

  /** @return operations buffered before the ingester reports {@code writeQueueFull()} (default 1 000) */
  public int getMaxBufferedOperations() {
    return maxBufferedOperations;
  }

  /**
   * @param maxBufferedOperations operations waiting to be sent before {@code writeQueueFull()} is {@code true};
   *     memory is bounded by this buffer plus the requests in flight
   * @return this
   */
  public BulkOptions setMaxBufferedOperations(int maxBufferedOperations) {
    this.maxBufferedOperations = positive("maxBufferedOperations", maxBufferedOperations);
    return this;
  }

  /** @return bytes buffered before the ingester reports {@code writeQueueFull()} (default 10 MiB) */
  public long getMaxBufferedBytes() {
    return maxBufferedBytes;
  }

  /**
   * @param maxBufferedBytes serialised bytes waiting to be sent before {@code writeQueueFull()} is {@code true}
   * @return this
   */
  public BulkOptions setMaxBufferedBytes(long maxBufferedBytes) {
    this.maxBufferedBytes = positive("maxBufferedBytes", maxBufferedBytes);
    return this;
  }

  /** @return item and request statuses that are retried (default {@code [429]}) */
  public Set<Integer> getRetryOnStatus() {
    return retryOnStatus;
  }

  /**
   * @param retryOnStatus item statuses (and whole-request statuses) retried with backoff, e.g. 429 or 403 during a
   *     cluster block
   * @return this
   */
  public BulkOptions setRetryOnStatus(Set<Integer> retryOnStatus) {
    this.retryOnStatus = new LinkedHashSet<>(Objects.requireNonNull(retryOnStatus, "retryOnStatus"));
    return this;
  }

  /** @return whether a whole request failing with a 5xx status is retried (default {@code true}) */
  public boolean isRetryOnServerError() {
    return retryOnServerError;
  }

  /**
   * @param retryOnServerError whether a whole request answered with 5xx is retried
   * @return this
   */
  public BulkOptions setRetryOnServerError(boolean retryOnServerError) {
    this.retryOnServerError = retryOnServerError;
    return this;
  }

  /** @return whether a request that got no answer (connection refused or reset) is retried (default {@code true}) */
  public boolean isRetryOnConnectionError() {
    return retryOnConnectionError;
  }

  /**
   * @param retryOnConnectionError whether a request that failed with a connection error is retried. A reset after
   *     the request was sent may have been applied; with ids, index and delete are idempotent
   * @return this
   */
  public BulkOptions setRetryOnConnectionError(boolean retryOnConnectionError) {
    this.retryOnConnectionError = retryOnConnectionError;
    return this;
  }

  /** @return whether a timed-out request is retried (default {@code false}) */
  public boolean isRetryOnTimeout() {
    return retryOnTimeout;
  }

  /**
   * @param retryOnTimeout whether a timed-out request is retried; the server may still apply the first attempt, so
   *     documents without ids may be duplicated
   * @return this
   */
  public BulkOptions setRetryOnTimeout(boolean retryOnTimeout) {
    this.retryOnTimeout = retryOnTimeout;
    return this;
  }

  /** @return retries per operation (default {@value #DEFAULT_MAX_RETRIES}) */
  public int getMaxRetries() {
    return maxRetries;
  }

  /**
   * @param maxRetries how often one operation may be retried, {@code 0} for never
   * @return this
   */
  public BulkOptions setMaxRetries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
    this.maxRetries = maxRetries;
    return this;
  }

  /** @return the first retry delay in ms (default {@value #DEFAULT_INITIAL_BACKOFF}) */
  public long getInitialBackoff() {
    return initialBackoff;
  }

  /**
   * @param initialBackoff the first retry delay in milliseconds; it doubles with each retry, with equal jitter
   *     (a uniform pick in {@code [d/2, d]})
   * @return this
   */
  public BulkOptions setInitialBackoff(long initialBackoff) {
    if (initialBackoff < 0) {
      throw new IllegalArgumentException("initialBackoff must be >= 0, got " + initialBackoff);
    }
    this.initialBackoff = initialBackoff;
    return this;
  }

  /** @return the longest retry delay in ms (default {@value #DEFAULT_MAX_BACKOFF}) */
  public long getMaxBackoff() {
    return maxBackoff;
  }

  /**
   * @param maxBackoff the longest retry delay in milliseconds
   * @return this
   */
  public BulkOptions setMaxBackoff(long maxBackoff) {
    if (maxBackoff < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= 0, got " + maxBackoff);
    }
    this.maxBackoff = maxBackoff;
    return this;
  }

  /** @return item statuses reported as ignored instead of failed (default none) */
  public Set<Integer> getIgnoreStatus() {
    return ignoreStatus;
  }

  /**
   * @param ignoreStatus item statuses that are reported as ignored rather than failed, e.g. 404 for deletes or 409
   *     for creates
   * @return this
   */
  public BulkOptions setIgnoreStatus(Set<Integer> ignoreStatus) {
    this.ignoreStatus = new LinkedHashSet<>(Objects.requireNonNull(ignoreStatus, "ignoreStatus"));
    return this;
  }

  /** @return the default index (request path {@code /{index}/_bulk}), or {@code null} */
  public String getIndex() {
    return index;
  }

  /**
   * @param index the index of operations that name none
   * @return this
   */
  public BulkOptions setIndex(String index) {
    this.index = index;
    return this;
  }

  /** @return the default ingest pipeline, or {@code null} */
  public String getPipeline() {
    return pipeline;
  }

  /**
   * @param pipeline the ingest pipeline of operations that name none
   * @return this
   */
  public BulkOptions setPipeline(String pipeline) {
    this.pipeline = pipeline;
    return this;
  }

  /** @return the default routing, or {@code null} */
  public String getRouting() {
    return routing;
  }

  /**
   * @param routing the routing of operations that name none
   * @return this
   */
  public BulkOptions setRouting(String routing) {
    this.routing = routing;
    return this;
  }

  /** @return the {@code refresh} parameter of every bulk request, or {@code null} */
  public String getRefresh() {
    return refresh;
  }

  /**
   * @param refresh {@code true}, {@code false} or {@code wait_for} on every bulk request; prefer
   *     {@link #setRefreshOnCompletion(boolean)} for one refresh at the end
   * @return this
   */
  public BulkOptions setRefresh(String refresh) {
    this.refresh = refresh;
    return this;
  }

  /** @return other query parameters of every bulk request (e.g. {@code timeout}), never {@code null} */
  public Map<String, String> getParams() {
    return params;
  }

  /**
   * @param params other query parameters of every bulk request, e.g. {@code timeout} or {@code wait_for_active_shards}
   * @return this
   */
  public BulkOptions setParams(Map<String, String> params) {
    this.params = new LinkedHashMap<>(Objects.requireNonNull(params, "params"));
    return this;
  }

  /** @return whether the written indices are refreshed once everything is done (default {@code false}) */
  public boolean isRefreshOnCompletion() {
    return refreshOnCompletion;
  }

  /**
   * @param refreshOnCompletion when {@code true}, the indices written to are refreshed before completion is reported
   * @return this
   */
  public BulkOptions setRefreshOnCompletion(boolean refreshOnCompletion) {
    this.refreshOnCompletion = refreshOnCompletion;
    return this;
  }

  /** @return failures kept in a {@link BulkSummary} (default {@value #DEFAULT_MAX_REPORTED_FAILURES}) */
  public int getMaxReportedFailures() {
    return maxReportedFailures;
  }

  /**
   * @param maxReportedFailures how many failed operations a {@link BulkSummary} keeps (they hold their documents);
   *     every failure is still counted and passed to a result handler
   * @return this
   */
  public BulkOptions setMaxReportedFailures(int maxReportedFailures) {
    if (maxReportedFailures < 0) {
      throw new IllegalArgumentException("maxReportedFailures must be >= 0, got " + maxReportedFailures);
    }
    this.maxReportedFailures = maxReportedFailures;
    return this;
  }

  /** @return whether {@code index} and {@code create} operations without id get one from the client (default {@code true}) */
  public boolean isGenerateIds() {
    return generateIds;
  }

  /**
   * Gives every {@code index} and {@code create} operation without id a client-generated id before it is first sent
   * (time-ordered, URL-safe, unique across processes), so that a request whose answer was lost can be retried
   * without indexing its documents twice: exactly once, by default. Off, Elasticsearch makes the ids up, and the
   * operations of a request that may have been applied are reported with outcome
   * {@link BulkItemResult.Outcome#UNKNOWN} instead of being retried blind. Client ids cost Elasticsearch an id lookup
   * per document (see the benchmark results for the measured cost).
   *
   * @param generateIds whether to generate missing ids
   * @return this
   */
  public BulkOptions setGenerateIds(boolean generateIds) {
    this.generateIds = generateIds;
    return this;
  }

  private static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  private static long positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "BulkOptions" + toJson().encode();
  }
}
