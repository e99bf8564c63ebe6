package dev.vertx.elasticsearch.helpers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes NDJSON lines into buffers through one long-lived Jackson generator per thread. Creating a generator for
 * every bulk operation costs about as much as writing a small document, so each thread keeps one whose output is
 * switched to the buffer of the operation at hand. A generator that failed half-way is dropped.
 */
final class NdjsonWriter {

  /** Writes one operation's lines. */
  interface Lines {
    void write(JsonGenerator generator, Buffer out) throws IOException;
  }

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ThreadLocal<NdjsonWriter> PER_THREAD = ThreadLocal.withInitial(NdjsonWriter::new);

  private final SwitchableOutput output = new SwitchableOutput();
  private JsonGenerator generator;
  private boolean busy;

  private NdjsonWriter() {
  }

  /**
   * @param lines what to write
   * @param mapper the mapper that writes the values (the generator's codec for this call)
   * @param out the buffer to append to
   * @throws IOException when Jackson fails; the buffer may then hold part of the lines
   */
  static void write(Lines lines, ObjectMapper mapper, Buffer out) throws IOException {
    NdjsonWriter writer = PER_THREAD.get();
    if (writer.busy) {
      // re-entered, e.g. from a custom serializer: a generator of its own
      try (JsonGenerator g = newGenerator(new SwitchableOutput().to(out))) {
        g.setCodec(mapper);
        lines.write(g, out);
      }
      return;
    }
    writer.busy = true;
    try {
      writer.writeTo(lines, mapper, out);
    } finally {
      writer.busy = false;
      writer.output.to(null);
    }
  }

  private void writeTo(Lines lines, ObjectMapper mapper, Buffer out) throws IOException {
    if (generator == null) {
      generator = newGenerator(output);
    }
    // values such as JsonObject write their content through the generator's codec: the caller's mapper
    generator.setCodec(mapper);
    output.to(out);
    boolean done = false;
    try {
      lines.write(generator, out);
      generator.flush();
      done = true;
    } finally {
      if (!done) {
        JsonGenerator broken = generator;
        generator = null;
        output.to(null);
        try {
          broken.close();
        } catch (IOException | RuntimeException ignored) {
          // the generator was mid-value; its buffered bytes go nowhere
        }
      }
    }
  }

  private static JsonGenerator newGenerator(OutputStream out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    // consecutive root values (action line, source line, next operation...) with no separator: newlines are ours
    g.setRootValueSeparator(null);
    return g;
  }

  /** Appends to the buffer it currently points at; with none, drops what it is given. */
  private static final class SwitchableOutput extends OutputStream {

    private Buffer target;

    SwitchableOutput to(Buffer buffer) {
      target = buffer;
      return this;
    }

    @Override
    public void write(int b) {
      if (target != null) {
        target.appendByte((byte) b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (target != null) {
        target.appendBytes(b, off, len);
      }
    }
  }
}
