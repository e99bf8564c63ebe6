package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the bulk helpers: when to flush, how many requests run at once, how much may wait in memory, what is
 * retried and how, and what is ignored. Every setting has a default; {@link #toJson()} and
 * {@link #BulkOptions(JsonObject)} round-trip them, and a value read from JSON is checked as its setter checks it.
 * <p>
 * Retries ({@link #setRetry(RetryConfig)}, default {@link #DEFAULT_RETRY}) cover rejected operations and failed
 * requests: {@code retryOnStatus} applies to items and to whole requests; a request that was not sent is always
 * retried, one whose answer was lost only for the operations that are safe to repeat. An operation is reported failed
 * once {@code maxRetries} or {@code maxRetryTime} (counted from its first rejection) is spent; errors no retry can fix
 * (mapping conflicts, other 4xx) are reported at once.
 */
public class BulkOptions extends RetryingOptions<BulkOptions> {

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
  /**
   * Default retries: a rejected operation is retried for up to 5 minutes after its first rejection, with no count
   * limit, waiting 200 ms doubling to 30 s (with jitter) between attempts; item and request statuses 429, 502, 503
   * and 504 are retried, timeouts are not.
   */
  public static final RetryConfig DEFAULT_RETRY = new RetryConfig().withMaxRetries(RetryConfig.UNLIMITED)
    .withMaxRetryTime(5 * 60_000).withBackoff(200, 30_000);
  /** Default interval between progress snapshots: 1 000 ms. */
  public static final long DEFAULT_PROGRESS_INTERVAL = 1_000;
  /** Default failures kept in a {@link BulkSummary}: 1 000. */
  public static final int DEFAULT_MAX_REPORTED_FAILURES = 1_000;

  private int maxOperations = DEFAULT_MAX_OPERATIONS;
  private long maxBytes = DEFAULT_MAX_BYTES;
  private long flushInterval = DEFAULT_FLUSH_INTERVAL;
  private int concurrency = DEFAULT_CONCURRENCY;
  private int maxBufferedOperations = DEFAULT_MAX_BUFFERED_OPERATIONS;
  private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
  private boolean adaptiveConcurrency = true;
  private long progressInterval = DEFAULT_PROGRESS_INTERVAL;
  private WriteStream<Buffer> deadLetterStream;
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
    super(DEFAULT_RETRY);
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public BulkOptions(BulkOptions other) {
    this(other.toJson());
    this.deadLetterStream = other.deadLetterStream;
  }

  /**
   * Reads options written by {@link #toJson()}; missing fields keep their defaults.
   *
   * @param json the JSON form
   */
  public BulkOptions(JsonObject json) {
    super(DEFAULT_RETRY, json);
    setMaxOperations(json.getInteger("maxOperations", maxOperations));
    setMaxBytes(json.getLong("maxBytes", maxBytes));
    setFlushInterval(json.getLong("flushInterval", flushInterval));
    setConcurrency(json.getInteger("concurrency", concurrency));
    setMaxBufferedOperations(json.getInteger("maxBufferedOperations", maxBufferedOperations));
    setMaxBufferedBytes(json.getLong("maxBufferedBytes", maxBufferedBytes));
    adaptiveConcurrency = json.getBoolean("adaptiveConcurrency", adaptiveConcurrency);
    setProgressInterval(json.getLong("progressInterval", progressInterval));
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
    setMaxReportedFailures(json.getInteger("maxReportedFailures", maxReportedFailures));
    generateIds = json.getBoolean("generateIds", generateIds);
  }

  static Set<Integer> statuses(JsonArray array) {
    Set<Integer> set = new LinkedHashSet<>();
    array.forEach(v -> set.add(((Number) v).intValue()));
    return set;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = putRetry(new JsonObject())
      .put("maxOperations", maxOperations)
      .put("maxBytes", maxBytes)
      .put("flushInterval", flushInterval)
      .put("concurrency", concurrency)
      .put("maxBufferedOperations", maxBufferedOperations)
      .put("maxBufferedBytes", maxBufferedBytes)
      .put("adaptiveConcurrency", adaptiveConcurrency)
      .put("progressInterval", progressInterval)
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

  /** @return the most bulk requests in flight at once (default {@value #DEFAULT_CONCURRENCY}) */
  public int getConcurrency() {
    return concurrency;
  }

  /**
   * @param concurrency the most bulk requests in flight at once, at least 1; with adaptive concurrency (the
   *     default) the ceiling of the limit the ingester adapts
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

  /**
   * @return whether the ingester adapts how many requests are in flight to what Elasticsearch answers, with
   *     {@link #getConcurrency()} as the ceiling (default {@code true})
   */
  public boolean isAdaptiveConcurrency() {
    return adaptiveConcurrency;
  }

  /**
   * @param adaptiveConcurrency whether to adapt the requests in flight: fewer when Elasticsearch pushes back (a
   *     request answered 429 or 503 as a whole, or with at least half of its items rejected), more again while the
   *     answers are clean, never above {@link #getConcurrency()}; {@code false} keeps {@code concurrency} requests
   *     in flight whatever the answers
   * @return this
   */
  public BulkOptions setAdaptiveConcurrency(boolean adaptiveConcurrency) {
    this.adaptiveConcurrency = adaptiveConcurrency;
    return this;
  }

  /** @return milliseconds between progress snapshots (default {@value #DEFAULT_PROGRESS_INTERVAL}) */
  public long getProgressInterval() {
    return progressInterval;
  }

  /**
   * @param progressInterval milliseconds between the snapshots given to the progress handler, at least 1
   * @return this
   */
  public BulkOptions setProgressInterval(long progressInterval) {
    this.progressInterval = positive("progressInterval", progressInterval);
    return this;
  }

  /** @return the stream that receives every operation finally reported failed, or {@code null} (the default) */
  public WriteStream<Buffer> getDeadLetterStream() {
    return deadLetterStream;
  }

  /**
   * Names a stream that receives every operation finally reported failed (outcome {@code FAILED} or
   * {@code UNKNOWN}), as the two NDJSON lines the bulk API takes, the action line carrying one more member,
   * {@code "_failure"}, with the status, error type and reason. {@link ElasticsearchHelpers#ndjsonOperations} reads
   * such a file back as it is. An operation whose document cannot be written as JSON has no such lines: the results
   * and the summary report it. Its back-pressure holds back new requests; the ingester ends once every write to it
   * completed; it does not end the stream. Not part of the JSON form.
   *
   * @param deadLetterStream the stream, e.g. an {@code AsyncFile}, or {@code null} for none
   * @return this
   */
  public BulkOptions setDeadLetterStream(WriteStream<Buffer> deadLetterStream) {
    this.deadLetterStream = deadLetterStream;
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
}
