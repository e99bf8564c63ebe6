package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.helpers.BulkOperation;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;

/**
 * An NDJSON upload as index operations: one document per line, its {@code id} field (if any) as the document id.
 * A line that is not a JSON object is still sent, as raw bytes, so that Elasticsearch reports it as a failed item
 * with its line; nothing is dropped silently. Back-pressure passes through to the upload; more than
 * {@code maxBytes} fails the stream with {@link TooLarge}.
 */
final class NdjsonDocuments implements ReadStream<BulkOperation> {

  /** The largest single line. */
  static final int MAX_LINE = 10 * 1024 * 1024;

  private final RecordParser parser;
  private final String index;
  private final long maxBytes;
  private long bytes;
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
      if (bytes > maxBytes) {
        failed = true;
        parser.pause();
        if (exceptionHandler != null) {
          exceptionHandler.handle(new TooLarge("The upload exceeds " + maxBytes + " bytes"));
        }
        return;
      }
      if (line.length() > 0 && !(line.length() == 1 && line.getByte(0) == '\r')) {
        handler.handle(operation(line));
      }
    });
    return this;
  }

  private BulkOperation operation(Buffer line) {
    try {
      JsonObject doc = new JsonObject(line);
      Object id = doc.getValue("id");
      BulkOperation op = BulkOperation.index(index, doc);
      return id == null ? op : op.id(String.valueOf(id));
    } catch (DecodeException | ClassCastException e) {
      return BulkOperation.index(index, line);
    }
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
