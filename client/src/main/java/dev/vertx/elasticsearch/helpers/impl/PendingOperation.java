package dev.vertx.elasticsearch.helpers.impl;

import io.opentelemetry.api.trace.SpanContext;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import io.vertx.core.buffer.Buffer;

/**
 * An operation an ingester accepted, with where its NDJSON lines are, until its outcome is recorded. The lines live in
 * the body of the request that carries (or carried) it; an operation that could not be written has none.
 */
final class PendingOperation {

  final BulkOperation operation;
  /** The body holding its lines, {@code null} when it could not be written; see {@link #moveTo}. */
  BulkBody body;
  /** Where its lines start in {@link #body}. */
  int offset;
  /** The size of its lines. */
  final int length;
  /** The id the client generated for an operation without one, or {@code null}. */
  final String generatedId;
  /** Acceptance order; set on the ingester's context by {@link #accepted}. */
  long seq;
  /** The flush epoch it was accepted in; set with {@link #seq}. */
  int epoch;
  int retries;
  /** When the operation first failed ({@link System#nanoTime()}), for the retry time budget. */
  long firstFailure;
  /** The span of the caller that wrote it, for the links of the bulk request's span, or {@code null}. */
  SpanContext caller;
  /** Whether a request that carried it may have been applied (its answer was lost). */
  boolean maybeApplied;

  /**
   * @param body the body its lines were written to, or {@code null} when they could not be
   * @param offset where they start
   * @param length their size
   */
  PendingOperation(BulkOperation operation, BulkBody body, int offset, int length, String generatedId) {
    this.operation = operation;
    this.body = body;
    this.offset = offset;
    this.length = length;
    this.generatedId = generatedId;
  }

  /** @return this operation, accepted as the {@code seq}-th, in flush epoch {@code epoch} */
  PendingOperation accepted(long seq, int epoch) {
    this.seq = seq;
    this.epoch = epoch;
    return this;
  }

  /** Copies its lines to the end of {@code target}, which holds them from then on. */
  void moveTo(BulkBody target) {
    int at = target.length();
    target.write(body, offset, length);
    body = target;
    offset = at;
  }

  /** @return a copy of its lines, or {@code null} when it could not be written */
  Buffer bytes() {
    return body == null ? null : body.copy(offset, length);
  }

  /** @return the document id it is sent with, or {@code null} when Elasticsearch makes one up */
  String id() {
    return operation.id() != null ? operation.id() : generatedId;
  }

  /** @return whether sending it again cannot apply it twice: it names its document, and is not a scripted update */
  boolean safeToRepeat() {
    switch (operation.type()) {
      case DELETE:
        return true;
      case UPDATE:
        return operation.script() == null;
      default:
        return id() != null;
    }
  }
}
