package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.ElasticsearchException;
import dev.vertx.elasticsearch.error.UnsupportedProductException;
import dev.vertx.elasticsearch.transport.TransportAttempt;

/**
 * What follows an attempt that ended: the node's standing in the pool, and the call's next {@link Step}, from the
 * attempt's outcome, the {@link RetryPolicy} and whether the request may be repeated. One per call; it decides,
 * the {@link Call} acts.
 */
final class FollowUp {

  /** The call's next step. */
  enum Next {
    /** Complete the call with the attempt's answer (any status). */
    SUCCEED,
    /** The answer refused the compatibility version: send the request again with the one learnt (not a retry). */
    RESEND,
    /** Retry after the backoff; {@link Step#error()} is the attempt's error. */
    RETRY,
    /** Fail the call with {@link Step#error()}. */
    FAIL
  }

  /**
   * @param next the call's next step
   * @param error the attempt's error for {@code RETRY} and {@code FAIL}, else {@code null}
   */
  record Step(Next next, ElasticsearchException error) {
    private static final Step SUCCEED = new Step(Next.SUCCEED, null);
    private static final Step RESEND = new Step(Next.RESEND, null);
  }

  private final CallEnvironment env;
  private final RetryPolicy retry;
  private final boolean idempotent;
  private final StreamedBody streamBody;

  /**
   * @param idempotent whether the request may be repeated after an attempt that may have been applied
   * @param streamBody the call's streamed body (read once: never retried once read), or {@code null}
   */
  FollowUp(CallEnvironment env, RetryPolicy retry, boolean idempotent, StreamedBody streamBody) {
    this.env = env;
    this.retry = retry;
    this.idempotent = idempotent;
    this.streamBody = streamBody;
  }

  /**
   * @param attempt an attempt that ended, or whose streamed answer was handed out
   * @param retriesMade the call's retries so far
   * @param elapsedMillis the time since the call started
   * @param sentVersion the compatibility version the attempt's headers carried
   * @param mayResend whether a refused compatibility version may still be re-sent (once per call)
   * @return the call's next step
   */
  Step after(Attempt attempt, int retriesMade, long elapsedMillis, int sentVersion, boolean mayResend) {
    PooledNode node = attempt.pooledNode();
    if (attempt.outcome() != TransportAttempt.Outcome.ANSWERED) {
      if (attempt.nodeFailed()) {
        env.nodeFailed(node);
      }
      ElasticsearchException error = attempt.error();
      boolean retries = retry.allowsRetry(retriesMade, elapsedMillis) && retry.retries(error, idempotent)
        && !env.isClosed();
      if (retries && bodyConsumed()) {
        return new Step(Next.FAIL, StreamedBody.notRetried(error));
      }
      return new Step(retries ? Next.RETRY : Next.FAIL, error);
    }
    int status = attempt.status();
    if (status >= 200 && status < 300) {
      if (env.productCheck() && !"Elasticsearch".equals(attempt.headers().get("X-Elastic-Product"))) {
        return new Step(Next.FAIL, new UnsupportedProductException("The server is not a supported Elasticsearch: "
          + "the X-Elastic-Product header is missing or wrong", node.url, null));
      }
      env.pool().markLive(node);
      return Step.SUCCEED;
    }
    if (mayResend && !bodyConsumed() && env.learnCompatibility(sentVersion, status, attempt.body())) {
      return Step.RESEND;
    }
    if (status == 429 || status >= 500) {
      env.nodeFailed(node);
    } else {
      env.pool().markLive(node);
    }
    if (retry.retriesStatus(status) && retry.allowsRetry(retriesMade, elapsedMillis) && !bodyConsumed()) {
      // a closed client cannot make the retry the answer asks for
      return env.isClosed() ? new Step(Next.FAIL, new ClientClosedException("The client is closed; the request "
        + "was not retried", null, null)) : new Step(Next.RETRY, ApiException.of(status, attempt.body().toString(),
        node.url));
    }
    return Step.SUCCEED;
  }

  private boolean bodyConsumed() {
    return streamBody != null && streamBody.consumed();
  }
}
