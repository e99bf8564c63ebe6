package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.ConnectionTimeoutException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.transport.RequestOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to retry an attempt and how long to wait first. Connection errors are retried, timeouts only when enabled,
 * statuses when listed. The wait is exponential with equal jitter: {@code d = min(max, base * 2^(retry-1))}, then a
 * uniform pick in {@code [d/2, d]}.
 */
final class RetryPolicy {

  final int maxRetries;
  private final boolean[] retryStatus = new boolean[600];
  private final boolean retryOnTimeout;
  private final long base;
  private final long max;

  private RetryPolicy(int maxRetries, Set<Integer> statuses, boolean retryOnTimeout, long base, long max) {
    this.maxRetries = maxRetries;
    for (int s : statuses) {
      if (s >= 0 && s < retryStatus.length) {
        retryStatus[s] = true;
      }
    }
    this.retryOnTimeout = retryOnTimeout;
    this.base = base;
    this.max = max;
  }

  /** @return a policy that never retries, for sniffing */
  static RetryPolicy none() {
    return new RetryPolicy(0, Set.of(), false, 0, 0);
  }

  static RetryPolicy of(TransportOptions defaults, RequestOptions overrides) {
    if (overrides == null) {
      return new RetryPolicy(defaults.getMaxRetries(), defaults.getRetryOnStatus(), defaults.isRetryOnTimeout(),
        defaults.getRetryBackoffBase(), defaults.getRetryBackoffMax());
    }
    return new RetryPolicy(
      overrides.getMaxRetries() != null ? overrides.getMaxRetries() : defaults.getMaxRetries(),
      overrides.getRetryOnStatus() != null ? overrides.getRetryOnStatus() : defaults.getRetryOnStatus(),
      overrides.getRetryOnTimeout() != null ? overrides.getRetryOnTimeout() : defaults.isRetryOnTimeout(),
      overrides.getRetryBackoffBase() != null ? overrides.getRetryBackoffBase() : defaults.getRetryBackoffBase(),
      overrides.getRetryBackoffMax() != null ? overrides.getRetryBackoffMax() : defaults.getRetryBackoffMax());
  }

  /** @return whether an answer with this status is retried */
  boolean retriesStatus(int status) {
    return status >= 0 && status < retryStatus.length && retryStatus[status];
  }

  /** @return whether an attempt that failed with this error is retried */
  boolean retries(ElasticsearchException error) {
    if (error instanceof ConnectionTimeoutException) {
      return retryOnTimeout;
    }
    return error instanceof ConnectionException;
  }

  /**
   * @param retry the retry about to be made, from 1
   * @return the delay before it in milliseconds
   */
  long backoff(int retry) {
    if (base == 0 || max == 0) {
      return 0;
    }
    long d = base << Math.min(retry - 1, 30);
    if (d <= 0 || d > max) {
      d = max;
    }
    long half = d / 2;
    return half + ThreadLocalRandom.current().nextLong(d - half + 1);
  }
}
