package dev.vertx.elasticsearch.helpers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes NDJSON lines to streams through one long-lived Jackson generator per thread. Creating a generator for
 * every bulk operation costs about as much as writing a small document, so each thread keeps one whose output is
 * switched to the stream of the operation at hand (the body of the request it joins). A generator that failed
 * half-way is dropped.
 *
 * <p>Use: {@link #acquire()}, {@link #open}, write the lines, then {@link #finish()} or, when writing failed,
 * {@link #abandon()}. The calls are made by the writer of the lines itself, with no callback in between, so that the
 * JIT compiles the serialisation of an operation as one unit rather than once per layer of calls.
 */
final class NdjsonWriter {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ThreadLocal<NdjsonWriter> PER_THREAD = ThreadLocal.withInitial(() -> new NdjsonWriter(true));

  private final SwitchableOutput output = new SwitchableOutput();
  /** Whether this is the thread's long-lived writer, kept between operations, rather than one for a re-entrant call. */
  private final boolean shared;
  private JsonGenerator generator;
  private boolean busy;

  private NdjsonWriter(boolean shared) {
    this.shared = shared;
  }

  /**
   * @return the calling thread's writer, or a writer of its own when the thread's is busy (a custom serialiser writing
   *     an operation while another is being written)
   */
  static NdjsonWriter acquire() {
    NdjsonWriter writer = PER_THREAD.get();
    if (writer.busy) {
      writer = new NdjsonWriter(false);
    }
    writer.busy = true;
    return writer;
  }

  /**
   * @param out where the lines go
   * @param mapper the mapper that writes values (the generator's codec until {@link #finish()})
   * @return the generator to write the lines with
   * @throws IOException when Jackson cannot create a generator
   */
  JsonGenerator open(OutputStream out, ObjectMapper mapper) throws IOException {
    if (generator == null) {
      generator = FACTORY.createGenerator(output);
      // consecutive root values (action line, source line, next operation...) with no separator: newlines are ours
      generator.setRootValueSeparator(null);
    }
    // values such as JsonObject write their content through the generator's codec: the caller's mapper
    generator.setCodec(mapper);
    output.to(out);
    return generator;
  }

  /**
   * Flushes what the generator holds into the buffer and releases the writer.
   *
   * @throws IOException when the flush fails; the writer is then released as by {@link #abandon()}
   */
  void finish() throws IOException {
    try {
      generator.flush();
    } catch (IOException | RuntimeException e) {
      abandon();
      throw e;
    }
    if (shared) {
      output.to(null);
      busy = false;
    } else {
      generator.close();
    }
  }

  /** Drops the generator, which may be mid-value, and releases the writer; its buffered bytes go nowhere. */
  void abandon() {
    JsonGenerator broken = generator;
    generator = null;
    output.to(null);
    busy = false;
    if (broken != null) {
      try {
        broken.close();
      } catch (IOException | RuntimeException ignored) {
        // nothing to do: the bytes were to be dropped
      }
    }
  }

  /** Passes what it is given on to the stream it currently points at; with none, drops it. */
  private static final class SwitchableOutput extends OutputStream {

    private OutputStream target;

    void to(OutputStream out) {
      target = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (target != null) {
        target.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (target != null) {
        target.write(b, off, len);
      }
    }
  }
}
