package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

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
  /**
   * Default retries: a search (or a whole request) answered 429, 502, 503 or 504 is retried 3 times, waiting 200 ms
   * doubling to 5 s (with jitter).
   */
  public static final RetryConfig DEFAULT_RETRY = new RetryConfig().withInitialBackoff(200).withMaxBackoff(5_000);

  private int maxOperations = DEFAULT_MAX_OPERATIONS;
  private long flushInterval = DEFAULT_FLUSH_INTERVAL;
  private int concurrency = DEFAULT_CONCURRENCY;
  private RetryConfig retry = DEFAULT_RETRY;

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
    if (json.getJsonObject("retry") != null) {
      setRetry(new RetryConfig(DEFAULT_RETRY.toJson().mergeIn(json.getJsonObject("retry"))));
    }
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
      .put("concurrency", concurrency).put("retry", retry.toJson());
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

  /** @return how searches answered with a retried status are retried (default {@link #DEFAULT_RETRY}) */
  public RetryConfig getRetry() {
    return retry;
  }

  /**
   * @param retry how searches are retried: {@code retryOnStatus} applies to each search's answer and to the whole
   *     request; {@code maxRetries} and {@code maxRetryTime} bound the retries of one search
   * @return this
   */
  public MsearchOptions setRetry(RetryConfig retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
    return this;
  }

  @Override
  public String toString() {
    return "MsearchOptions" + toJson().encode();
  }
}
