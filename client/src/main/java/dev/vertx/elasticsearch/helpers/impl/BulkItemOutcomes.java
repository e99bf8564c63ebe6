package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.PoolExhaustedException;
import dev.vertx.elasticsearch.error.RequestTimeoutException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.helpers.BulkItemResult;
import dev.vertx.elasticsearch.helpers.BulkItemResult.Outcome;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Decides what happened to each operation of a bulk request, from its answer or its failure: recorded now (with
 * which outcome) or sent again. The rules:
 * <ul>
 *   <li>an item with a status of {@code retryOnStatus} (429), or a whole request failing with one of those, a 5xx
 *   (with {@code retryOnServerError}) or a connection that could not be had, is retried while retries are left;</li>
 *   <li>a request whose answer was lost after it was sent ({@link TransportException#maybeApplied()}) is retried only
 *   for the operations that are safe to repeat (they name their document, and are not scripted updates); the
 *   others are recorded as {@link Outcome#UNKNOWN}, never sent blind;</li>
 *   <li>after such an attempt, a retry answered 409 (or 404 for a delete) is recorded as
 *   {@link Outcome#PROBABLY_APPLIED}, or as applied when it is a {@code create} of a client-generated id.</li>
 * </ul>
 */
final class BulkItemOutcomes {

  /** Where the decisions go. */
  interface Decisions {
    /** The operation ends with this result. */
    void record(PendingOperation op, BulkItemResult result);

    /** Every operation of the chunk was applied (the answer was not read item by item). */
    void recordAllSucceeded(Batch batch);

    /** The operation is sent again after a backoff. */
    void retry(PendingOperation op);
  }

  private final BulkOptions options;

  BulkItemOutcomes(BulkOptions options) {
    this.options = options;
  }

  /**
   * @param batch the operations of the request (when one is an update, whose {@code noop} results are counted, or
   *     may have been applied before, items are read)
   * @param wantItems whether every item's result is wanted
   * @param response the answer
   * @param decisions where to put the decisions
   * @return how many items Elasticsearch rejected (answered with a status of {@code retryOnStatus})
   */
  int onAnswer(Batch batch, boolean wantItems, ElasticsearchResponse response, Decisions decisions) {
    Buffer body = response.bodyAsBuffer();
    if (!wantItems && !batch.hasUpdates() && !batch.maybeApplied() && BulkResponseReader.allSucceeded(body)) {
      decisions.recordAllSucceeded(batch);
      return 0;
    }
    List<PendingOperation> ops = batch.ops();
    List<BulkResponseReader.Item> items;
    SerializationException error;
    try {
      items = BulkResponseReader.items(body);
      error = items.size() == ops.size() ? null : new SerializationException("The bulk response has " + items.size()
        + " items for " + ops.size() + " operations", null);
    } catch (SerializationException e) {
      items = null;
      error = e;
    }
    if (error != null) {
      for (PendingOperation op : ops) {
        decisions.record(op, failure(op, Outcome.FAILED, response.status(), null, error));
      }
      return 0;
    }
    int rejected = 0;
    for (int i = 0; i < ops.size(); i++) {
      BulkResponseReader.Item item = items.get(i);
      if (options.getRetry().retriesStatus(item.status)) {
        rejected++;
      }
      onItem(ops.get(i), item, decisions);
    }
    return rejected;
  }

  private void onItem(PendingOperation op, BulkResponseReader.Item r, Decisions decisions) {
    String id = r.id != null ? r.id : op.id();
    String index = r.index != null ? r.index : op.operation.targetIndex();
    if (r.status >= 200 && r.status < 300) {
      decisions.record(op, new BulkItemResult(op.operation, Outcome.SUCCEEDED, r.status, r.result, id, index,
        r.version, r.seqNo, r.primaryTerm, null, null, op.retries));
    } else if (op.maybeApplied && (r.status == 409 || (r.status == 404 && op.operation.type() == BulkOperation.Type.DELETE))) {
      if (op.generatedId != null && r.status == 409) {
        // the id is this helper's own and unique: the lost attempt created the document
        decisions.record(op, new BulkItemResult(op.operation, Outcome.SUCCEEDED, 201, "created", id, index, -1, -1, -1,
          null, null, op.retries));
      } else {
        decisions.record(op, new BulkItemResult(op.operation, Outcome.PROBABLY_APPLIED, r.status, r.result, id, index,
          r.version, -1, -1, r.error, null, op.retries));
      }
    } else if (options.getRetry().retriesStatus(r.status) && retriesLeft(op)) {
      decisions.retry(op);
    } else {
      Outcome outcome = options.getIgnoreStatus().contains(r.status) ? Outcome.IGNORED : Outcome.FAILED;
      decisions.record(op, new BulkItemResult(op.operation, outcome, r.status, r.result, id, index, r.version, -1, -1,
        r.error, null, op.retries));
    }
  }

  /**
   * @param ops the operations of the request
   * @param cause why no answer came, or the error status
   * @param decisions where to put the decisions
   * @return how many operations Elasticsearch rejected: all of them when the whole request was answered with a
   *     status of {@code retryOnStatus}, else none
   */
  int onFailure(List<PendingOperation> ops, Throwable cause, Decisions decisions) {
    boolean maybeApplied = cause instanceof TransportException t && t.maybeApplied();
    boolean retryable = retryable(cause);
    int status = cause instanceof ApiException api ? api.status() : 0;
    for (PendingOperation op : ops) {
      boolean retriesLeft = retryable && retriesLeft(op);
      if (!maybeApplied) {
        if (retryable && retriesLeft) {
          decisions.retry(op);
        } else {
          decisions.record(op, failure(op, options.getIgnoreStatus().contains(status) && status != 0
            ? Outcome.IGNORED : Outcome.FAILED, status, null, cause));
        }
      } else if (retryable && retriesLeft && op.safeToRepeat()) {
        op.maybeApplied = true;
        decisions.retry(op);
      } else {
        decisions.record(op, failure(op, Outcome.UNKNOWN, status, null, cause));
      }
    }
    return status != 0 && options.getRetry().retriesStatus(status) ? ops.size() : 0;
  }

  private boolean retryable(Throwable cause) {
    if (cause instanceof ApiException api) {
      return options.getRetry().retriesStatus(api.status());
    }
    if (cause instanceof RequestTimeoutException) {
      return options.getRetry().retryOnTimeout();
    }
    return cause instanceof PoolExhaustedException || cause instanceof ConnectionException;
  }

  /**
   * @return whether the operation may be retried once more, by count and by time since its first failure (which
   *     this marks when it is the first)
   */
  private boolean retriesLeft(PendingOperation op) {
    long now = System.nanoTime();
    if (op.retries == 0) {
      op.firstFailure = now;
    }
    return options.getRetry().allowsRetry(op.retries, (now - op.firstFailure) / 1_000_000);
  }

  /**
   * @return the result of an operation that ends without an item of its own
   */
  static BulkItemResult failure(PendingOperation op, Outcome outcome, int status, JsonObject error, Throwable cause) {
    return new BulkItemResult(op.operation, outcome, status, null, op.id(), op.operation.targetIndex(), -1, -1, -1, error,
      cause, op.retries);
  }
}
