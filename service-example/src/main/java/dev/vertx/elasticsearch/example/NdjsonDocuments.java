package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.helpers.BulkOperation;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayList;
import java.util.List;

/**
 * An NDJSON upload as index operations: one document per line, its {@code id} field (if any) as the document id.
 * A line that is not a JSON object is not sent: it is counted and reported with its line number
 * ({@link #invalidLines()}), so nothing is dropped silently. Back-pressure passes through to the upload; more than
 * {@code maxBytes} fails the stream with {@link TooLarge}.
 */
final class NdjsonDocuments implements ReadStream<BulkOperation> {

  /** The largest single line. */
  static final int MAX_LINE = 10 * 1024 * 1024;
  /** How many invalid lines are reported one by one (all are counted). */
  static final int MAX_REPORTED = 100;

  private final RecordParser parser;
  private final String index;
  private final long maxBytes;
  private long bytes;
  private long lines;
  private long invalid;
  private final List<JsonObject> invalidLines = new ArrayList<>();
  private boolean failed;
  private Handler<Throwable> exceptionHandler;

  NdjsonDocuments(ReadStream<Buffer> upload, String index, long maxBytes) {
    this.parser = RecordParser.newDelimited("\n", upload).maxRecordSize(MAX_LINE);
    this.index = index;
    this.maxBytes = maxBytes;
  }

  @Override
  public NdjsonDocuments handler(Handler<BulkOperation> handler) {
    if (handler == null) {
      parser.handler(null);
      return this;
    }
    parser.handler(line -> {
      if (failed) {
        return;
      }
      bytes += line.length() + 1;
      lines++;
      if (bytes > maxBytes) {
        failed = true;
        parser.pause();
        if (exceptionHandler != null) {
          exceptionHandler.handle(new TooLarge("The upload exceeds " + maxBytes + " bytes"));
        }
        return;
      }
      boolean blank = line.length() == 0 || (line.length() == 1 && line.getByte(0) == '\r');
      BulkOperation operation = blank ? null : operation(line);
      if (operation == null) {
        parser.fetch(1); // nothing is emitted for this line: the demand it took goes to the next one
      } else {
        handler.handle(operation);
      }
    });
    return this;
  }

  /** @return the operation of a line, or {@code null} when the line is not a JSON object (then it is recorded) */
  private BulkOperation operation(Buffer line) {
    Object parsed;
    try {
      parsed = Json.decodeValue(line);
    } catch (DecodeException e) {
      return invalid("is not valid JSON");
    }
    if (!(parsed instanceof JsonObject doc)) {
      return invalid("is " + (parsed == null ? "null" : parsed instanceof JsonArray ? "a JSON array"
        : parsed instanceof String ? "a JSON string" : "a JSON " + parsed.getClass().getSimpleName().toLowerCase())
        + ", not a JSON object");
    }
    Object id = doc.getValue("id");
    BulkOperation op = BulkOperation.index(index, doc);
    return id == null ? op : op.id(String.valueOf(id));
  }

  private BulkOperation invalid(String what) {
    invalid++;
    if (invalidLines.size() < MAX_REPORTED) {
      invalidLines.add(new JsonObject().put("line", lines).put("status", 400).put("error", "invalid_json")
        .put("reason", "Line " + lines + " " + what + ": each line must be one JSON document"));
    }
    return null;
  }

  /** @return how many lines were not JSON objects */
  long invalidCount() {
    return invalid;
  }

  /** @return the first {@value #MAX_REPORTED} lines that were not JSON objects, as failures the service reports */
  List<JsonObject> invalidLines() {
    return invalidLines;
  }

  @Override
  public NdjsonDocuments exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    parser.exceptionHandler(handler);
    return this;
  }

  @Override
  public NdjsonDocuments pause() {
    parser.pause();
    return this;
  }

  @Override
  public NdjsonDocuments resume() {
    if (!failed) {
      parser.resume();
    }
    return this;
  }

  @Override
  public NdjsonDocuments fetch(long amount) {
    if (!failed) {
      parser.fetch(amount);
    }
    return this;
  }

  @Override
  public NdjsonDocuments endHandler(Handler<Void> endHandler) {
    parser.endHandler(endHandler);
    return this;
  }

  /** The upload is larger than allowed. */
  static final class TooLarge extends RuntimeException {
    TooLarge(String message) {
      super(message, null, false, false);
    }
  }
}
