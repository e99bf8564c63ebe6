package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.PoolExhaustedException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;

import java.util.Set;

/**
 * When to retry an attempt and how long to wait first.
 * <ul>
 *   <li>An attempt that was <em>not sent</em> (refused, connect timeout, no pooled connection, reset before the
 *   request was fully written) is always retried.</li>
 *   <li>An attempt that <em>may have been applied</em> (reset or timeout after the whole request was written) is
 *   retried only when repeating the request cannot change the result ({@code safeToRepeat}: reads, writes by id) or
 *   when the caller opted in with {@code retryMaybeApplied}.</li>
 *   <li>Timeouts only with {@code retryOnTimeout}; statuses when listed (429, 502, 503, 504 by default: Elasticsearch
 *   answered that it did not do the work).</li>
 * </ul>
 * The wait is {@link RetryConfig#backoff(int)}'s.
 */
final class RetryPolicy {

  final int maxRetries;
  private final boolean[] retryStatus = new boolean[600];
  private final boolean retryOnTimeout;
  private final boolean retryMaybeApplied;
  private final RetryConfig backoff;

  private RetryPolicy(int maxRetries, Set<Integer> statuses, boolean retryOnTimeout, boolean retryMaybeApplied,
                      RetryConfig backoff) {
    this.maxRetries = maxRetries;
    for (int s : statuses) {
      if (s >= 0 && s < retryStatus.length) {
        retryStatus[s] = true;
      }
    }
    this.retryOnTimeout = retryOnTimeout;
    this.retryMaybeApplied = retryMaybeApplied;
    this.backoff = backoff;
  }

  /** @return a policy that never retries, for sniffing */
  static RetryPolicy none() {
    return new RetryPolicy(0, Set.of(), false, false, new RetryConfig().withMaxRetries(0));
  }

  /** @return the transport's default policy */
  static RetryPolicy of(TransportOptions defaults) {
    return new RetryPolicy(defaults.getMaxRetries(), defaults.getRetryOnStatus(), defaults.isRetryOnTimeout(), false,
      new RetryConfig().withInitialBackoff(defaults.getRetryBackoffBase()).withMaxBackoff(defaults.getRetryBackoffMax()));
  }

  /**
   * @param defaults the transport's settings, which this policy was made of
   * @param overrides one call's settings
   * @return the policy of that call
   */
  RetryPolicy with(TransportOptions defaults, CallOptions overrides) {
    RetryConfig callBackoff = overrides.getRetryBackoffBase() == null && overrides.getRetryBackoffMax() == null
      ? backoff
      : backoff.withInitialBackoff(overrides.getRetryBackoffBase() != null ? overrides.getRetryBackoffBase()
          : defaults.getRetryBackoffBase())
        .withMaxBackoff(overrides.getRetryBackoffMax() != null ? overrides.getRetryBackoffMax()
          : defaults.getRetryBackoffMax());
    return new RetryPolicy(
      overrides.getMaxRetries() != null ? overrides.getMaxRetries() : defaults.getMaxRetries(),
      overrides.getRetryOnStatus() != null ? overrides.getRetryOnStatus() : defaults.getRetryOnStatus(),
      overrides.getRetryOnTimeout() != null ? overrides.getRetryOnTimeout() : defaults.isRetryOnTimeout(),
      Boolean.TRUE.equals(overrides.getRetryMaybeApplied()), callBackoff);
  }

  /**
   * @param retriesMade the retries made so far
   * @param elapsedMillis the time since the call started
   * @return whether one more retry is allowed
   */
  boolean allowsRetry(int retriesMade, long elapsedMillis) {
    return retriesMade < maxRetries;
  }

  /** @return whether an answer with this status is retried */
  boolean retriesStatus(int status) {
    return status >= 0 && status < retryStatus.length && retryStatus[status];
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
      return retryOnTimeout && (!timeout.maybeApplied() || repeatable);
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
    return backoff.backoff(retry);
  }
}
