package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bulk operations read from NDJSON as the {@code _bulk} API takes it (an action line, then a source line but for
 * {@code delete}), a dead-letter file included: the action line's {@code "_failure"} member is dropped. Lines are
 * cut with a {@link RecordParser}, so back-pressure reaches the source; blank lines are skipped. A line that is not
 * JSON, an unknown action or metadata field, or an action without its source line fails the stream with a
 * {@link SerializationException} naming the line.
 */
public final class NdjsonOperationStream implements ReadStream<BulkOperation> {

  private final MappedReadStream<Buffer, BulkOperation> lines;
  private Handler<Throwable> exceptionHandler;
  private long lineNumber;
  private JsonObject pendingAction;
  private long pendingActionLine;

  /** @param ndjson the NDJSON bytes, in chunks of any size */
  public NdjsonOperationStream(ReadStream<Buffer> ndjson) {
    this.lines = new MappedReadStream<>(RecordParser.newDelimited("\n", ndjson), this::onLine);
  }

  private BulkOperation onLine(Buffer line) {
    lineNumber++;
    String text = line.toString().trim();
    if (text.isEmpty()) {
      return null;
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException e) {
      throw new SerializationException("Line " + lineNumber + " of the NDJSON is not a JSON object: "
        + e.getMessage(), e);
    }
    if (pendingAction == null) {
      return onAction(json);
    }
    JsonObject action = pendingAction;
    pendingAction = null;
    return operation(action, json, Buffer.buffer(text));
  }

  private BulkOperation onAction(JsonObject line) {
    line.remove("_failure");
    if (line.size() != 1) {
      throw new SerializationException("Line " + lineNumber + " of the NDJSON is not an action line (one of index, "
        + "create, update, delete): " + line.fieldNames(), null);
    }
    String action = line.fieldNames().iterator().next();
    if (!(line.getValue(action) instanceof JsonObject)) {
      throw new SerializationException("Line " + lineNumber + ": the " + action + " action's metadata is not an "
        + "object", null);
    }
    if ("delete".equals(action)) {
      return operation(line, null, null);
    }
    if (!"index".equals(action) && !"create".equals(action) && !"update".equals(action)) {
      throw new SerializationException("Line " + lineNumber + " names an unknown action: " + action, null);
    }
    pendingAction = line;
    pendingActionLine = lineNumber;
    return null;
  }

  private BulkOperation operation(JsonObject actionLine, JsonObject source, Buffer sourceLine) {
    String action = actionLine.fieldNames().iterator().next();
    JsonObject meta = actionLine.getJsonObject(action);
    String index = meta.getString("_index");
    String id = meta.getString("_id");
    BulkOperation op;
    switch (action) {
      case "delete":
        op = BulkOperation.delete(index, required(id, action));
        break;
      case "update":
        op = BulkOperation.update(index, required(id, action));
        if (source.containsKey("doc")) op.document(source.getValue("doc"));
        if (source.containsKey("upsert")) op.upsert(source.getValue("upsert"));
        if (source.containsKey("script")) op.script(source.getJsonObject("script"));
        if (source.containsKey("doc_as_upsert")) op.docAsUpsert(source.getBoolean("doc_as_upsert"));
        if (source.containsKey("scripted_upsert")) op.scriptedUpsert(source.getBoolean("scripted_upsert"));
        break;
      case "create":
        op = BulkOperation.create(index, sourceLine).id(id);
        break;
      default:
        op = BulkOperation.index(index, sourceLine).id(id);
    }
    for (Map.Entry<String, Object> e : meta) {
      applyMetadata(op, e.getKey(), e.getValue());
    }
    return op;
  }

  private String required(String id, String action) {
    if (id == null) {
      throw new SerializationException("Line " + lineNumber + ": a " + action + " action needs an _id", null);
    }
    return id;
  }

  private void applyMetadata(BulkOperation op, String key, Object value) {
    try {
      switch (key) {
        case "_index", "_id" -> { }
        case "routing" -> op.routing((String) value);
        case "pipeline" -> op.pipeline((String) value);
        case "version" -> op.version(((Number) value).longValue());
        case "version_type" -> op.versionType((String) value);
        case "if_seq_no" -> op.ifSeqNo(((Number) value).longValue());
        case "if_primary_term" -> op.ifPrimaryTerm(((Number) value).longValue());
        case "retry_on_conflict" -> op.retryOnConflict(((Number) value).intValue());
        case "require_alias" -> op.requireAlias((Boolean) value);
        case "dynamic_templates" -> {
          Map<String, String> templates = new LinkedHashMap<>();
          ((JsonObject) value).forEach(t -> templates.put(t.getKey(), String.valueOf(t.getValue())));
          op.dynamicTemplates(templates);
        }
        default -> throw new SerializationException("Line " + lineNumber + ": unknown metadata field " + key, null);
      }
    } catch (ClassCastException | IllegalStateException e) {
      throw new SerializationException("Line " + lineNumber + ": metadata field " + key + " has a value of the "
        + "wrong type: " + value, e);
    }
  }

  @Override
  public ReadStream<BulkOperation> exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    lines.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<BulkOperation> handler(Handler<BulkOperation> handler) {
    lines.handler(handler);
    return this;
  }

  @Override
  public ReadStream<BulkOperation> pause() {
    lines.pause();
    return this;
  }

  @Override
  public ReadStream<BulkOperation> resume() {
    lines.resume();
    return this;
  }

  @Override
  public ReadStream<BulkOperation> fetch(long amount) {
    lines.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<BulkOperation> endHandler(Handler<Void> endHandler) {
    lines.endHandler(endHandler == null ? null : v -> {
      if (pendingAction != null && exceptionHandler != null) {
        exceptionHandler.handle(new SerializationException("The NDJSON ends after the action line "
          + pendingActionLine + ", without its source line", null));
      }
      endHandler.handle(null);
    });
    return this;
  }
}
