package dev.vertx.elasticsearch.transport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How failed work is retried: how many times, for how long, on which statuses, and how long to wait before each
 * retry. One immutable value describes retries for the transport and for every helper; each {@code with...} method
 * returns a copy with one setting changed. {@link #toJson()} and {@link #RetryConfig(JsonObject)} round-trip it.
 * <p>
 * The wait before retry {@code n} (from 1) is capped exponential backoff with equal jitter:
 * {@code d = min(maxBackoff, initialBackoff * 2^(n-1))}, then a uniform pick in {@code [d/2, d]}; the jitter keeps
 * many clients that failed together from retrying together. Retries stop at whichever comes first:
 * {@code maxRetries} retries, or {@code maxRetryTime} after the first failure.
 * <p>
 * Defaults ({@code new RetryConfig()}, the transport's): 3 retries, no time budget of its own, 100 ms to 10 s
 * backoff, statuses 429, 502, 503 and 504, timeouts not retried. Each helper states its own default
 * ({@code BulkOptions.DEFAULT_RETRY}, ...). Every value is checked when it is made: counts, backoffs and the time
 * budget are never negative, {@code initialBackoff <= maxBackoff}, statuses are HTTP statuses; a wrong one fails with
 * an {@link IllegalArgumentException} that names the setting.
 */
public final class RetryConfig {

  /** A {@code maxRetries} that sets no count: retries are then bounded by {@code maxRetryTime} alone. */
  public static final int UNLIMITED = Integer.MAX_VALUE;
  /** Default retries: 3. */
  public static final int DEFAULT_MAX_RETRIES = 3;
  /** Default first backoff: 100 ms. */
  public static final long DEFAULT_INITIAL_BACKOFF = 100;
  /** Default longest backoff: 10 000 ms. */
  public static final long DEFAULT_MAX_BACKOFF = 10_000;
  /** Default time budget: none ({@code 0}). */
  public static final long DEFAULT_MAX_RETRY_TIME = 0;
  /** Default statuses retried: 429, 502, 503, 504 (Elasticsearch or a proxy answered that the work was not done). */
  public static final Set<Integer> DEFAULT_RETRY_ON_STATUS = Set.of(429, 502, 503, 504);

  /** No retries at all: {@code new RetryConfig().withMaxRetries(0)}. */
  public static final RetryConfig NONE = new RetryConfig().withMaxRetries(0);

  private final int maxRetries;
  private final long initialBackoff;
  private final long maxBackoff;
  private final long maxRetryTime;
  private final Set<Integer> retryOnStatus;
  private final boolean retryOnTimeout;
  private final boolean[] statusTable;

  /** The defaults. */
  public RetryConfig() {
    this(DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRY_TIME,
      new LinkedHashSet<>(List.of(429, 502, 503, 504)), false);
  }

  /**
   * Reads the form written by {@link #toJson()}; a missing field keeps its default.
   *
   * @param json the JSON form
   * @throws IllegalArgumentException when a value is out of range
   */
  public RetryConfig(JsonObject json) {
    this(json.getInteger("maxRetries", DEFAULT_MAX_RETRIES),
      json.getLong("initialBackoff", DEFAULT_INITIAL_BACKOFF),
      json.getLong("maxBackoff", DEFAULT_MAX_BACKOFF),
      json.getLong("maxRetryTime", DEFAULT_MAX_RETRY_TIME),
      statuses(json.getJsonArray("retryOnStatus")),
      json.getBoolean("retryOnTimeout", false));
  }

  private RetryConfig(int maxRetries, long initialBackoff, long maxBackoff, long maxRetryTime,
                      Set<Integer> retryOnStatus, boolean retryOnTimeout) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
    if (initialBackoff < 0) {
      throw new IllegalArgumentException("initialBackoff must be >= 0, got " + initialBackoff);
    }
    if (maxBackoff < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= 0, got " + maxBackoff);
    }
    if (maxRetryTime < 0) {
      throw new IllegalArgumentException("maxRetryTime must be >= 0, got " + maxRetryTime);
    }
    if (initialBackoff > maxBackoff) {
      throw new IllegalArgumentException("initialBackoff (" + initialBackoff + " ms) must not exceed maxBackoff ("
        + maxBackoff + " ms): set both at once with withBackoff(initial, max)");
    }
    this.maxRetries = maxRetries;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxRetryTime = maxRetryTime;
    this.retryOnStatus = Set.copyOf(retryOnStatus);
    this.retryOnTimeout = retryOnTimeout;
    this.statusTable = new boolean[600];
    for (int status : retryOnStatus) {
      if (status < 100 || status >= statusTable.length) {
        throw new IllegalArgumentException("retryOnStatus holds " + status + ", not an HTTP status");
      }
      statusTable[status] = true;
    }
  }

  /**
   * Reads the form written by {@link #toJson()} over other settings: a field the JSON does not hold keeps its value in
   * {@code defaults}. This is how options classes read their {@code "retry"} object over their own default.
   *
   * @param json the JSON form, possibly partial
   * @param defaults the settings of the fields {@code json} does not hold
   * @return the settings
   * @throws IllegalArgumentException when a value is out of range
   */
  public static RetryConfig fromJson(JsonObject json, RetryConfig defaults) {
    return new RetryConfig(defaults.toJson().mergeIn(json));
  }

  /** The flat JSON keys of the retry settings before they became one {@code "retry"} object, with their new names. */
  private static final Map<String, String> FORMER_KEYS = Map.of("maxRetries", "maxRetries",
    "retryOnStatus", "retryOnStatus", "retryOnTimeout", "retryOnTimeout", "retryBackoffBase", "initialBackoff",
    "retryBackoffMax", "maxBackoff");

  /**
   * Reads the {@code "retry"} object of an options class's JSON form, refusing the flat keys of earlier versions
   * rather than dropping them in silence.
   *
   * @param options the options' JSON form
   * @param defaults what a missing {@code "retry"} (or a missing field of it) means; {@code null}: a missing
   *     {@code "retry"} is {@code null}, a missing field takes the {@code new RetryConfig()} default
   * @return the settings, or {@code null} when absent and {@code defaults} is {@code null}
   * @throws IllegalArgumentException when a value is out of range or a former flat key is present
   */
  static RetryConfig readRetry(JsonObject options, RetryConfig defaults) {
    for (Map.Entry<String, String> former : FORMER_KEYS.entrySet()) {
      if (options.containsKey(former.getKey())) {
        throw new IllegalArgumentException("\"" + former.getKey() + "\" is not read any more: the retry settings are "
          + "one object, {\"retry\": {\"" + former.getValue() + "\": ...}} (see RetryConfig)");
      }
    }
    JsonObject retry = options.getJsonObject("retry");
    if (retry == null) {
      return defaults;
    }
    return defaults == null ? new RetryConfig(retry) : fromJson(retry, defaults);
  }

  private static Set<Integer> statuses(JsonArray array) {
    if (array == null) {
      return DEFAULT_RETRY_ON_STATUS;
    }
    Set<Integer> set = new LinkedHashSet<>();
    for (Object v : array) {
      if (!(v instanceof Number n)) {
        throw new IllegalArgumentException("retryOnStatus holds " + v + ", not an HTTP status");
      }
      set.add(n.intValue());
    }
    return set;
  }

  /** @return the JSON form of every setting */
  public JsonObject toJson() {
    List<Integer> statuses = new ArrayList<>(retryOnStatus);
    statuses.sort(null);
    return new JsonObject()
      .put("maxRetries", maxRetries)
      .put("initialBackoff", initialBackoff)
      .put("maxBackoff", maxBackoff)
      .put("maxRetryTime", maxRetryTime)
      .put("retryOnStatus", new JsonArray(statuses))
      .put("retryOnTimeout", retryOnTimeout);
  }

  /** @return the most retries of one piece of work (default {@value #DEFAULT_MAX_RETRIES}; {@link #UNLIMITED}) */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * @param maxRetries the most retries, {@code 0} for none, {@link #UNLIMITED} to be bounded by time alone
   * @return a copy with this setting
   * @throws IllegalArgumentException when negative
   */
  public RetryConfig withMaxRetries(int maxRetries) {
    return new RetryConfig(maxRetries, initialBackoff, maxBackoff, maxRetryTime, retryOnStatus, retryOnTimeout);
  }

  /** @return the first backoff in milliseconds (default {@value #DEFAULT_INITIAL_BACKOFF}) */
  public long initialBackoff() {
    return initialBackoff;
  }

  /** @return the longest backoff in milliseconds (default {@value #DEFAULT_MAX_BACKOFF}) */
  public long maxBackoff() {
    return maxBackoff;
  }

  /**
   * @param initialBackoff the first backoff in milliseconds, {@code 0} to retry at once; it doubles with each retry
   * @param maxBackoff the longest backoff in milliseconds, at least {@code initialBackoff}
   * @return a copy with both settings
   * @throws IllegalArgumentException when negative, or when {@code initialBackoff > maxBackoff}
   */
  public RetryConfig withBackoff(long initialBackoff, long maxBackoff) {
    return new RetryConfig(maxRetries, initialBackoff, maxBackoff, maxRetryTime, retryOnStatus, retryOnTimeout);
  }

  /**
   * @param initialBackoff the first backoff in milliseconds, {@code 0} to retry at once; it doubles with each retry
   * @return a copy with this setting
   * @throws IllegalArgumentException when negative or above {@link #maxBackoff()} (use
   *     {@link #withBackoff(long, long)} to raise both)
   */
  public RetryConfig withInitialBackoff(long initialBackoff) {
    return withBackoff(initialBackoff, maxBackoff);
  }

  /**
   * @param maxBackoff the longest backoff in milliseconds
   * @return a copy with this setting
   * @throws IllegalArgumentException when negative or below {@link #initialBackoff()} (use
   *     {@link #withBackoff(long, long)} to lower both)
   */
  public RetryConfig withMaxBackoff(long maxBackoff) {
    return withBackoff(this.initialBackoff, maxBackoff);
  }

  /** @return how long after its first failure a piece of work is still retried, in ms; {@code 0}: no budget */
  public long maxRetryTime() {
    return maxRetryTime;
  }

  /**
   * @param maxRetryTime milliseconds after the first failure during which retries go on; {@code 0} sets no budget
   *     (then {@code maxRetries} alone bounds them)
   * @return a copy with this setting
   * @throws IllegalArgumentException when negative
   */
  public RetryConfig withMaxRetryTime(long maxRetryTime) {
    return new RetryConfig(maxRetries, initialBackoff, maxBackoff, maxRetryTime, retryOnStatus, retryOnTimeout);
  }

  /** @return the statuses retried (default 429, 502, 503, 504) */
  public Set<Integer> retryOnStatus() {
    return retryOnStatus;
  }

  /**
   * @param retryOnStatus the statuses retried, each from 100 to 599
   * @return a copy with this setting
   * @throws IllegalArgumentException when a value is not an HTTP status
   */
  public RetryConfig withRetryOnStatus(Set<Integer> retryOnStatus) {
    return new RetryConfig(maxRetries, initialBackoff, maxBackoff, maxRetryTime,
      Objects.requireNonNull(retryOnStatus, "retryOnStatus"), retryOnTimeout);
  }

  /** @return whether timed-out work is retried (default {@code false}: the server may still apply it) */
  public boolean retryOnTimeout() {
    return retryOnTimeout;
  }

  /**
   * @param retryOnTimeout whether timed-out work is retried; work that may have been applied is retried only where
   *     repeating it is safe
   * @return a copy with this setting
   */
  public RetryConfig withRetryOnTimeout(boolean retryOnTimeout) {
    return new RetryConfig(maxRetries, initialBackoff, maxBackoff, maxRetryTime, retryOnStatus, retryOnTimeout);
  }

  /**
   * @param status an HTTP status
   * @return whether it is one of {@link #retryOnStatus()}
   */
  public boolean retriesStatus(int status) {
    return status >= 0 && status < statusTable.length && statusTable[status];
  }

  /**
   * @param retries the retries already made
   * @param sinceFirstFailureMillis milliseconds since the first failure of the work
   * @return whether one more retry is allowed by the count and by the time budget
   */
  public boolean allowsRetry(int retries, long sinceFirstFailureMillis) {
    return retries < maxRetries && (maxRetryTime == 0 || sinceFirstFailureMillis < maxRetryTime);
  }

  /**
   * @param retry the retry about to be made, from 1
   * @return the wait before it in milliseconds, with jitter; {@code 0} when either backoff is {@code 0}
   */
  public long backoff(int retry) {
    if (initialBackoff <= 0 || maxBackoff <= 0) {
      return 0;
    }
    long d = initialBackoff << Math.min(Math.max(retry - 1, 0), 30);
    if (d <= 0 || d > maxBackoff) {
      d = maxBackoff;
    }
    long half = d / 2;
    return half + ThreadLocalRandom.current().nextLong(d - half + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryConfig r && maxRetries == r.maxRetries && initialBackoff == r.initialBackoff
      && maxBackoff == r.maxBackoff && maxRetryTime == r.maxRetryTime && retryOnTimeout == r.retryOnTimeout
      && retryOnStatus.equals(r.retryOnStatus);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRetries, initialBackoff, maxBackoff, maxRetryTime, retryOnStatus, retryOnTimeout);
  }

  @Override
  public String toString() {
    return "RetryConfig" + toJson().encode();
  }
}
