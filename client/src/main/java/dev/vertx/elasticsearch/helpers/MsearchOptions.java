package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.json.JsonObject;


/**
 * Settings of the multi-search batcher: searches per {@code _msearch}, how long a search may wait for others,
 * requests in flight, and retries. {@link #toJson()} and {@link #MsearchOptions(JsonObject)} round-trip them, and a
 * value read from JSON is checked as its setter checks it.
 * <p>
 * Retries ({@link #setRetry(RetryConfig)}, default {@link #DEFAULT_RETRY}): {@code retryOnStatus} applies to each
 * search's answer and to the whole request; {@code maxRetries} and {@code maxRetryTime} bound the retries of one
 * search. The {@code _msearch} requests themselves are not retried by the transport.
 */
public class MsearchOptions extends RetryingOptions<MsearchOptions> {

  /** Default searches per {@code _msearch} request: 5. */
  public static final int DEFAULT_MAX_OPERATIONS = 5;
  /** Default time a search waits for others before its batch is sent: 500 ms. */
  public static final long DEFAULT_FLUSH_INTERVAL = 500;
  /** Default {@code _msearch} requests in flight: 5. */
  public static final int DEFAULT_CONCURRENCY = 5;
  /**
   * Default retries: a search (or a whole request) answered 429, 502, 503 or 504 is retried 3 times, waiting 200 ms
   * doubling to 5 s (with jitter).
   */
  public static final RetryConfig DEFAULT_RETRY = new RetryConfig().withBackoff(200, 5_000);

  private int maxOperations = DEFAULT_MAX_OPERATIONS;
  private long flushInterval = DEFAULT_FLUSH_INTERVAL;
  private int concurrency = DEFAULT_CONCURRENCY;

  /** Options with the defaults. */
  public MsearchOptions() {
    super(DEFAULT_RETRY);
  }

  /**
   * Reads options written by {@link #toJson()}; missing fields keep their defaults.
   *
   * @param json the JSON form
   */
  public MsearchOptions(JsonObject json) {
    super(DEFAULT_RETRY, json);
    setMaxOperations(json.getInteger("maxOperations", maxOperations));
    setFlushInterval(json.getLong("flushInterval", flushInterval));
    setConcurrency(json.getInteger("concurrency", concurrency));
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public MsearchOptions(MsearchOptions other) {
    this(other.toJson());
  }

  @Override
  public JsonObject toJson() {
    return putRetry(new JsonObject().put("maxOperations", maxOperations).put("flushInterval", flushInterval)
      .put("concurrency", concurrency));
  }

  /** @return searches per request (default {@value #DEFAULT_MAX_OPERATIONS}) */
  public int getMaxOperations() {
    return maxOperations;
  }

  /**
   * @param maxOperations searches per {@code _msearch}; a batch is sent as soon as it is full
   * @return this
   */
  public MsearchOptions setMaxOperations(int maxOperations) {
    if (maxOperations < 1) {
      throw new IllegalArgumentException("maxOperations must be >= 1, got " + maxOperations);
    }
    this.maxOperations = maxOperations;
    return this;
  }

  /** @return ms a search waits for others (default {@value #DEFAULT_FLUSH_INTERVAL}) */
  public long getFlushInterval() {
    return flushInterval;
  }

  /**
   * @param flushInterval milliseconds after the first search of a partial batch before it is sent
   * @return this
   */
  public MsearchOptions setFlushInterval(long flushInterval) {
    if (flushInterval < 1) {
      throw new IllegalArgumentException("flushInterval must be >= 1, got " + flushInterval);
    }
    this.flushInterval = flushInterval;
    return this;
  }

  /** @return requests in flight (default {@value #DEFAULT_CONCURRENCY}) */
  public int getConcurrency() {
    return concurrency;
  }

  /**
   * @param concurrency {@code _msearch} requests in flight at once
   * @return this
   */
  public MsearchOptions setConcurrency(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
    this.concurrency = concurrency;
    return this;
  }
}
