package dev.vertx.elasticsearch.helpers.impl;

import io.opentelemetry.api.trace.SpanContext;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import io.vertx.core.buffer.Buffer;

/** An operation an ingester accepted, with its NDJSON lines, until its outcome is recorded. */
final class PendingOperation {

  final BulkOperation operation;
  final Buffer bytes;
  /** The id the client generated for an operation without one, or {@code null}. */
  final String generatedId;
  /** Acceptance order. */
  final long seq;
  /** The flush epoch it was accepted in. */
  final int epoch;
  int retries;
  /** When the operation first failed ({@link System#nanoTime()}), for the retry time budget. */
  long firstFailure;
  /** The span of the caller that wrote it, for the links of the bulk request's span, or {@code null}. */
  SpanContext caller;
  /** Whether a request that carried it may have been applied (its answer was lost). */
  boolean maybeApplied;

  PendingOperation(BulkOperation operation, Buffer bytes, String generatedId, long seq, int epoch) {
    this.operation = operation;
    this.bytes = bytes;
    this.generatedId = generatedId;
    this.seq = seq;
    this.epoch = epoch;
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
