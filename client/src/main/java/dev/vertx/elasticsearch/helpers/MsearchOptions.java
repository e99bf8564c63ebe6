package dev.vertx.elasticsearch.helpers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the multi-search batcher: searches per {@code _msearch}, how long a search may wait for others,
 * requests in flight, and retries of 429 sub-responses. {@link #toJson()} and {@link #MsearchOptions(JsonObject)}
 * round-trip them.
 */
public class MsearchOptions {

  /** Default searches per {@code _msearch} request: 5. */
  public static final int DEFAULT_MAX_OPERATIONS = 5;
  /** Default time a search waits for others before its batch is sent: 500 ms. */
  public static final long DEFAULT_FLUSH_INTERVAL = 500;
  /** Default {@code _msearch} requests in flight: 5. */
  public static final int DEFAULT_CONCURRENCY = 5;
  /** Default retries of a search (or a whole request) answered with a retried status: 3. */
  public static final int DEFAULT_MAX_RETRIES = 3;
  /** Default first retry delay: 200 ms. */
  public static final long DEFAULT_INITIAL_BACKOFF = 200;
  /** Default longest retry delay: 5 000 ms. */
  public static final long DEFAULT_MAX_BACKOFF = 5_000;

  private int maxOperations = DEFAULT_MAX_OPERATIONS;
  private long flushInterval = DEFAULT_FLUSH_INTERVAL;
  private int concurrency = DEFAULT_CONCURRENCY;
  private Set<Integer> retryOnStatus = new LinkedHashSet<>(Set.of(429));
  private int maxRetries = DEFAULT_MAX_RETRIES;
  private long initialBackoff = DEFAULT_INITIAL_BACKOFF;
  private long maxBackoff = DEFAULT_MAX_BACKOFF;

  /** Options with the defaults. */
  public MsearchOptions() {
  }

  /**
   * Reads options written by {@link #toJson()}; missing fields keep their defaults.
   *
   * @param json the JSON form
   */
  public MsearchOptions(JsonObject json) {
    maxOperations = json.getInteger("maxOperations", maxOperations);
    flushInterval = json.getLong("flushInterval", flushInterval);
    concurrency = json.getInteger("concurrency", concurrency);
    JsonArray r = json.getJsonArray("retryOnStatus");
    if (r != null) {
      retryOnStatus = BulkOptions.statuses(r);
    }
    maxRetries = json.getInteger("maxRetries", maxRetries);
    initialBackoff = json.getLong("initialBackoff", initialBackoff);
    maxBackoff = json.getLong("maxBackoff", maxBackoff);
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public MsearchOptions(MsearchOptions other) {
    this(other.toJson());
  }

  /** @return the JSON form */
  public JsonObject toJson() {
    return new JsonObject().put("maxOperations", maxOperations).put("flushInterval", flushInterval)
      .put("concurrency", concurrency).put("retryOnStatus", new JsonArray(List.copyOf(retryOnStatus)))
      .put("maxRetries", maxRetries).put("initialBackoff", initialBackoff).put("maxBackoff", maxBackoff);
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

  /** @return statuses retried, per search and per request (default {@code [429]}) */
  public Set<Integer> getRetryOnStatus() {
    return retryOnStatus;
  }

  /**
   * @param retryOnStatus statuses of sub-responses (and whole requests) that are retried with backoff
   * @return this
   */
  public MsearchOptions setRetryOnStatus(Set<Integer> retryOnStatus) {
    this.retryOnStatus = new LinkedHashSet<>(Objects.requireNonNull(retryOnStatus, "retryOnStatus"));
    return this;
  }

  /** @return retries per search (default {@value #DEFAULT_MAX_RETRIES}) */
  public int getMaxRetries() {
    return maxRetries;
  }

  /**
   * @param maxRetries how often one search may be retried
   * @return this
   */
  public MsearchOptions setMaxRetries(int maxRetries) {
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
   * @param initialBackoff the first retry delay in milliseconds, doubling with each retry, with jitter
   * @return this
   */
  public MsearchOptions setInitialBackoff(long initialBackoff) {
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
  public MsearchOptions setMaxBackoff(long maxBackoff) {
    this.maxBackoff = maxBackoff;
    return this;
  }

  @Override
  public String toString() {
    return "MsearchOptions" + toJson().encode();
  }
}
