package dev.vertx.elasticsearch.example;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.streams.ReadStream;

/**
 * The body of an NDJSON upload, refused whole when it is larger than the cap, before any of it is indexed:
 * <ul>
 *   <li>with a {@code Content-Length} above the cap, at once ({@link NdjsonDocuments.TooLarge}, 413), unread;</li>
 *   <li>with a {@code Content-Length} within the cap, the request itself, streamed (HTTP framing ends it there);</li>
 *   <li>without a length (chunked), spooled to a temporary file first, through Vert.x's asynchronous file system
 *   and with back-pressure, and refused as soon as it passes the cap; the file is read back once the whole upload
 *   has arrived, and deleted after the job.</li>
 * </ul>
 */
final class UploadBody {

  private static final Logger log = LoggerFactory.getLogger(UploadBody.class);
  private static final int READ_BUFFER = 64 * 1024;

  private final ReadStream<Buffer> stream;
  private final Runnable cleanup;

  private UploadBody(ReadStream<Buffer> stream, Runnable cleanup) {
    this.stream = stream;
    this.cleanup = cleanup;
  }

  /** @return the upload's bytes, paused */
  ReadStream<Buffer> stream() {
    return stream;
  }

  /** Frees what the upload held (its temporary file). */
  void close() {
    cleanup.run();
  }

  /**
   * @param vertx the Vert.x of the request
   * @param request the upload, paused
   * @param maxBytes the cap
   * @return the body; failed with {@link NdjsonDocuments.TooLarge} when it is larger than the cap
   */
  static Future<UploadBody> open(Vertx vertx, HttpServerRequest request, long maxBytes) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        return Future.failedFuture(new BookQuery.BadInput("Content-Length must be a number"));
      }
      if (declared > maxBytes) {
        return Future.failedFuture(tooLarge(maxBytes));
      }
      return Future.succeededFuture(new UploadBody(request, () -> { }));
    }
    return vertx.fileSystem().createTempFile("upload-", ".ndjson").compose(path -> spool(vertx, request, maxBytes,
      path).recover(err -> vertx.fileSystem().delete(path).otherwiseEmpty().compose(v -> Future.failedFuture(err))));
  }

  private static Future<UploadBody> spool(Vertx vertx, HttpServerRequest request, long maxBytes, String path) {
    return vertx.fileSystem().open(path, new OpenOptions().setWrite(true).setTruncateExisting(true))
      .compose(file -> copy(request, file, maxBytes).eventually(file::close))
      .compose(v -> vertx.fileSystem().open(path, new OpenOptions().setRead(true).setWrite(false)))
      .map(reader -> {
        reader.setReadBufferSize(READ_BUFFER).pause();
        return new UploadBody(reader, () -> reader.close().eventually(() -> vertx.fileSystem().delete(path))
          .onFailure(err -> log.warn("Could not delete the upload's temporary file " + path + ": " + err)));
      });
  }

  private static Future<Void> copy(HttpServerRequest request, AsyncFile file, long maxBytes) {
    Promise<Void> done = Promise.promise();
    long[] bytes = {0};
    request.handler(chunk -> {
      if (done.future().isComplete()) {
        return; // refused: the rest is read and dropped, the connection is closed after the answer
      }
      bytes[0] += chunk.length();
      if (bytes[0] > maxBytes) {
        done.tryFail(tooLarge(maxBytes));
        return;
      }
      file.write(chunk).onFailure(done::tryFail);
      if (file.writeQueueFull()) {
        request.pause();
        file.drainHandler(v -> request.resume());
      }
    });
    request.exceptionHandler(done::tryFail);
    request.endHandler(v -> done.tryComplete());
    request.resume();
    return done.future();
  }

  private static NdjsonDocuments.TooLarge tooLarge(long maxBytes) {
    return new NdjsonDocuments.TooLarge("The upload is larger than " + maxBytes + " bytes (MAX_UPLOAD_BYTES):"
      + " nothing of it was indexed");
  }
}
