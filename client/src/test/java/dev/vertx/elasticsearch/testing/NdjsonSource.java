package dev.vertx.elasticsearch.testing;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A generated NDJSON bulk body as a back-pressured {@link ReadStream} of chunks, made lazily (never held whole),
 * that records what its reader did: bytes emitted, pauses, whether it was read at all.
 */
public final class NdjsonSource implements ReadStream<Buffer> {

  private final ReadStream<Buffer> chunks;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicInteger handlersSet = new AtomicInteger();

  private NdjsonSource(ReadStream<Buffer> chunks) {
    this.chunks = chunks;
  }

  /**
   * @param context the context chunks are emitted on
   * @param index the index of every operation
   * @param docs the number of documents
   * @param docsPerChunk documents per chunk
   * @return the source
   */
  public static NdjsonSource bulk(Context context, String index, int docs, int docsPerChunk) {
    int chunkCount = (docs + docsPerChunk - 1) / docsPerChunk;
    Iterable<Buffer> iterable = () -> IntStream.range(0, chunkCount)
      .mapToObj(c -> lines(index, c * docsPerChunk, Math.min(docs, (c + 1) * docsPerChunk))).iterator();
    return new NdjsonSource(ElasticsearchHelpers.stream(context, iterable));
  }

  /** @return the bulk lines of documents {@code from} (inclusive) to {@code to} (exclusive) */
  public static Buffer lines(String index, int from, int to) {
    Buffer out = Buffer.buffer((to - from) * 120);
    for (int i = from; i < to; i++) {
      out.appendString("{\"index\":{\"_index\":\"").appendString(index).appendString("\",\"_id\":\"")
        .appendString(Integer.toString(i)).appendString("\"}}\n{\"n\":").appendString(Integer.toString(i))
        .appendString(",\"text\":\"streamed document number ").appendString(Integer.toString(i))
        .appendString(" with some padding to make it longer\"}\n");
    }
    return out;
  }

  /** @return bytes handed to the reader so far */
  public long bytesEmitted() {
    return bytes.get();
  }

  /** @return how often the reader paused the stream */
  public int pauses() {
    return pauses.get();
  }

  /** @return whether a reader ever set a data handler */
  public boolean wasRead() {
    return handlersSet.get() > 0;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    chunks.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    if (handler != null) {
      handlersSet.incrementAndGet();
    }
    chunks.handler(handler == null ? null : chunk -> {
      bytes.addAndGet(chunk.length());
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    pauses.incrementAndGet();
    chunks.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    chunks.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    chunks.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    chunks.endHandler(endHandler);
    return this;
  }
}
