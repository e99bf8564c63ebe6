package dev.vertx.elasticsearch.helpers;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of one bulk operation; every operation handed to a bulk helper gets exactly one.
 *
 * @param operation the original operation, with its document
 * @param outcome succeeded, ignored (a status listed in {@code ignoreStatus}), failed, unknown (its request may have
 *     been applied but the answer was lost) or probably applied (a retry found it already done)
 * @param status the item's HTTP status; for a whole request that failed, its status; {@code 0} when there was none
 *     (the document could not be serialised, no answer came, or the helper was aborted)
 * @param result the item's {@code result} ({@code created}, {@code updated}, {@code deleted}, {@code noop},
 *     {@code not_found}), or {@code null}
 * @param id the document id ({@code _id} of the answer, or of the operation), or {@code null}
 * @param index the index that was written ({@code _index} of the answer, or of the operation), or {@code null}
 * @param version the document version after the operation, or {@code -1}
 * @param seqNo the sequence number after the operation, or {@code -1}
 * @param primaryTerm the primary term after the operation, or {@code -1}
 * @param error the item's {@code error} object, or {@code null}
 * @param cause the exception when the failure is not an item error (serialisation, request failure, abort), or
 *     {@code null}
 * @param retries how often the operation was retried
 */
public record BulkItemResult(BulkOperation operation, Outcome outcome, int status, String result, String id,
                             String index, long version, long seqNo, long primaryTerm, JsonObject error,
                             Throwable cause, int retries) {

  /** How an operation ended. */
  public enum Outcome {
    /** Applied (2xx). */
    SUCCEEDED,
    /** Failed with a status listed in {@code ignoreStatus}; not counted as a failure. */
    IGNORED,
    /** Failed: see {@link #status()}, {@link #error()} and {@link #cause()}. */
    FAILED,
    /**
     * Its request may have been applied (the connection broke, or it timed out, after the request was sent) and the
     * operation is not safe to repeat (no id and {@code generateIds} off, or a scripted update), so it was not
     * retried: whether Elasticsearch applied it is unknown. {@link #cause()} says why. Counted as a failure.
     */
    UNKNOWN,
    /**
     * An earlier attempt may have been applied, and the retry found the work already done: a {@code create} or an
     * operation with a version condition answered 409, a {@code delete} answered 404. Most likely the earlier attempt
     * applied it, unless another writer used the same id meanwhile. (A {@code create} whose id the client generated
     * is certainly the helper's own and is reported {@link #SUCCEEDED}.)
     */
    PROBABLY_APPLIED
  }

  /** @return {@code true} when the operation was applied */
  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  /** @return {@code true} when the operation failed with an ignored status */
  public boolean ignored() {
    return outcome == Outcome.IGNORED;
  }

  /** @return {@code true} when the operation failed, its outcome unknown included */
  public boolean failed() {
    return outcome == Outcome.FAILED || outcome == Outcome.UNKNOWN;
  }

  /** @return {@code true} when the update changed nothing ({@code result: noop}) */
  public boolean noop() {
    return "noop".equals(result);
  }

  /** @return the {@code error.type}, the exception's class name, or {@code null} */
  public String errorType() {
    if (error != null) {
      return error.getString("type");
    }
    return cause == null ? null : cause.getClass().getSimpleName();
  }

  /** @return the {@code error.reason}, the exception's message, or {@code null} */
  public String errorReason() {
    if (error != null) {
      return error.getString("reason");
    }
    return cause == null ? null : cause.getMessage();
  }

  /** @return a JSON view for logs: outcome, status, ids, error; never the document */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("outcome", outcome.name()).put("status", status)
      .put("action", operation.type().action()).put("retries", retries);
    if (result != null) json.put("result", result);
    if (id != null) json.put("_id", id);
    if (index != null) json.put("_index", index);
    if (version >= 0) json.put("_version", version);
    if (error != null) json.put("error", error);
    if (error == null && cause != null) {
      json.put("error", new JsonObject().put("type", errorType()).put("reason", errorReason()));
    }
    return json;
  }

  @Override
  public String toString() {
    return "BulkItemResult" + toJson().encode();
  }
}
