package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.PoolExhaustedException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.RetryConfig;

/**
 * When to retry an attempt and how long to wait first, made of one {@link RetryConfig}.
 * <ul>
 *   <li>An attempt that was <em>not sent</em> (refused, connect timeout, no pooled connection, reset before the
 *   request was fully written) is always retried.</li>
 *   <li>An attempt that <em>may have been applied</em> (reset or timeout after the whole request was written) is
 *   retried only when repeating the request cannot change the result ({@code safeToRepeat}: reads, writes by id) or
 *   when the caller opted in with {@code retryMaybeApplied}.</li>
 *   <li>Timeouts only with {@code retryOnTimeout}; statuses when listed (429, 502, 503, 504 by default: Elasticsearch
 *   answered that it did not do the work).</li>
 *   <li>Within {@code maxRetries} retries and, when set, {@code maxRetryTime} after the first failure
 *   ({@link #allowsRetry(int, long)}).</li>
 * </ul>
 * The wait is {@link RetryConfig#backoff(int)}'s.
 */
final class RetryPolicy {

  private static final RetryPolicy NONE = new RetryPolicy(RetryConfig.NONE, false);

  final int maxRetries;
  private final RetryConfig config;
  private final boolean retryMaybeApplied;

  private RetryPolicy(RetryConfig config, boolean retryMaybeApplied) {
    this.config = config;
    this.maxRetries = config.maxRetries();
    this.retryMaybeApplied = retryMaybeApplied;
  }

  /** @return a policy that never retries, for sniffing */
  static RetryPolicy none() {
    return NONE;
  }

  /**
   * @param config the transport's retry settings
   * @return the transport's default policy
   */
  static RetryPolicy of(RetryConfig config) {
    return new RetryPolicy(config, false);
  }

  /**
   * @param overrides one call's settings: its {@link CallOptions#getRetry()} replaces this policy's settings, its
   *     {@code retryMaybeApplied} opts in to retrying what may have been applied
   * @return the policy of that call
   */
  RetryPolicy with(CallOptions overrides) {
    RetryConfig call = overrides.getRetry() != null ? overrides.getRetry() : config;
    boolean maybeApplied = Boolean.TRUE.equals(overrides.getRetryMaybeApplied());
    return call == config && maybeApplied == retryMaybeApplied ? this : new RetryPolicy(call, maybeApplied);
  }

  /** @return whether an answer with this status is retried */
  boolean retriesStatus(int status) {
    return config.retriesStatus(status);
  }

  /**
   * @param retriesMade the retries already made
   * @param elapsedMillis milliseconds since the first failure of the call
   * @return whether one more retry is within {@code maxRetries} and {@code maxRetryTime}
   */
  boolean allowsRetry(int retriesMade, long elapsedMillis) {
    return config.allowsRetry(retriesMade, elapsedMillis);
  }

  /**
   * @param error why the attempt failed
   * @param safeToRepeat whether repeating the request cannot change the result
   * @return whether the attempt is retried
   */
  boolean retries(ElasticsearchException error, boolean safeToRepeat) {
    if (error instanceof PoolExhaustedException) {
      return true;
    }
    boolean repeatable = safeToRepeat || retryMaybeApplied;
    if (error instanceof RequestTimeoutException timeout) {
      return config.retryOnTimeout() && (!timeout.maybeApplied() || repeatable);
    }
    if (error instanceof ConnectionException connection) {
      return !connection.maybeApplied() || repeatable;
    }
    return false;
  }

  /**
   * @param retry the retry about to be made, from 1
   * @return the delay before it in milliseconds
   */
  long backoff(int retry) {
    return config.backoff(retry);
  }
}
