package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.buffer.Buffer;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;

/**
 * A generated NDJSON body of a given size, made chunk by chunk as it is iterated (about 64 KB each): nothing of it
 * exists before it is read, and a chunk is garbage once written. {@link #bulk} makes a bulk body (~190 bytes a
 * document); the service's upload takes its documents without action lines.
 */
final class NdjsonUpload implements Iterable<Buffer> {

  static final int CHUNK = 64 * 1024;

  private final LongFunction<CharSequence> lines;
  private final long bytes;
  private long generated;
  private long documents;

  /**
   * @param bytes the size to generate, at least (the last chunk ends with a whole document)
   * @param lines the lines of document {@code n}, each ending with a newline
   */
  NdjsonUpload(long bytes, LongFunction<CharSequence> lines) {
    this.lines = lines;
    this.bytes = bytes;
  }

  /**
   * @param index the index of every operation
   * @param bytes the size to generate, at least (the last chunk ends with a whole document)
   * @return a bulk body of index operations with ids
   */
  static NdjsonUpload bulk(String index, long bytes) {
    return new NdjsonUpload(bytes, n -> new StringBuilder().append("{\"index\":{\"_index\":\"").append(index)
      .append("\",\"_id\":\"").append(n).append("\"}}\n{\"title\":\"Document ").append(n).append("\",\"n\":")
      .append(n).append(",\"genre\":\"").append(n % 7 == 0 ? "fantasy" : "science fiction")
      .append("\",\"text\":\"a generated document of the big upload benchmark\"}\n"));
  }

  /** @return the bytes generated so far */
  long generated() {
    return generated;
  }

  /** @return the documents generated so far */
  long documents() {
    return documents;
  }

  @Override
  public Iterator<Buffer> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return generated < bytes;
      }

      @Override
      public Buffer next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        StringBuilder chunk = new StringBuilder(CHUNK + 256);
        while (chunk.length() < CHUNK && generated + chunk.length() < bytes) {
          chunk.append(lines.apply(documents++));
        }
        Buffer out = Buffer.buffer(chunk.toString());
        generated += out.length();
        return out;
      }
    };
  }
}
