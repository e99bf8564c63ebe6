package dev.vertx.elasticsearch.client.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Turns request bodies into bytes before anything is sent, so a body that cannot be written sends nothing. Objects are
 * written with the client's {@code ObjectMapper} ({@code ElasticsearchClientOptions.getObjectMapper()}, else
 * {@link #defaultObjectMapper()}); Vert.x JSON types, buffers, strings and byte arrays are taken as they are.
 */
public final class RequestBodies {

  private RequestBodies() {
  }

  /**
   * The default mapper: Vert.x's (it reads and writes {@code JsonObject}, {@code JsonArray}, {@code Buffer} and
   * {@code Instant}) configured to ignore properties a type lacks, as elasticsearch-java's mapper does, so that a
   * document type may omit fields of the index. One shared instance; do not reconfigure it, set your own instead.
   * {@code ElasticsearchClientOptions.defaultObjectMapper()} returns it too.
   *
   * @return the default mapper
   */
  public static ObjectMapper defaultObjectMapper() {
    return DefaultMapper.INSTANCE;
  }

  private static final class DefaultMapper {
    static final ObjectMapper INSTANCE = DatabindCodec.mapper().copy()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /**
   * @param body a {@code Buffer}, {@code JsonObject}, {@code JsonArray}, JSON {@code String}, {@code byte[]} or an
   *     object the mapper can write
   * @param mapper the client's mapper
   * @return the JSON bytes
   * @throws SerializationException when the mapper cannot write the object
   */
  public static Buffer json(Object body, ObjectMapper mapper) {
    if (body instanceof Buffer b) {
      return b;
    }
    if (body instanceof JsonObject o) {
      return o.toBuffer();
    }
    if (body instanceof JsonArray a) {
      return a.toBuffer();
    }
    if (body instanceof String s) {
      return Buffer.buffer(s);
    }
    if (body instanceof byte[] bytes) {
      return Buffer.buffer(bytes);
    }
    // Straight into the buffer: no intermediate byte[] and no second copy (the bulk hot path, once per document).
    Buffer out = Buffer.buffer(256);
    write(out, body, mapper);
    return out;
  }

  /**
   * Appends the JSON of a value to a buffer, with no intermediate copy for objects the mapper writes.
   *
   * @param out the buffer to append to
   * @param body as for {@link #json(Object, ObjectMapper)}
   * @param mapper the client's mapper
   * @throws SerializationException when the mapper cannot write the object
   */
  public static void appendJson(Buffer out, Object body, ObjectMapper mapper) {
    if (body instanceof Buffer || body instanceof JsonObject || body instanceof JsonArray || body instanceof String
      || body instanceof byte[]) {
      out.appendBuffer(json(body, mapper));
    } else {
      write(out, body, mapper);
    }
  }

  private static void write(Buffer out, Object body, ObjectMapper mapper) {
    try {
      mapper.writeValue(new BufferOutputStream(out), body);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("The request body of type " + body.getClass().getName()
        + " cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * @param buffer the buffer to append to
   * @return a stream that appends what it is given to {@code buffer}, e.g. for a Jackson generator
   */
  public static OutputStream appendingTo(Buffer buffer) {
    return new BufferOutputStream(buffer);
  }

  /** Appends to a buffer; Jackson writes through its own recycled buffer, so the calls are few and large. */
  private static final class BufferOutputStream extends OutputStream {

    private final Buffer buffer;

    BufferOutputStream(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      buffer.appendBytes(b, off, len);
    }
  }

  /**
   * @param lines NDJSON lines, each written as {@link #json(Object, ObjectMapper)} and ended with a newline
   * @param mapper the client's mapper
   * @return the NDJSON bytes
   * @throws SerializationException when a line cannot be written or contains a newline
   */
  public static Buffer ndjson(List<?> lines, ObjectMapper mapper) {
    Buffer out = Buffer.buffer(lines.size() * 64);
    for (Object line : lines) {
      Buffer b = json(line, mapper);
      for (int i = 0; i < b.length(); i++) {
        if (b.getByte(i) == '\n') {
          throw new SerializationException("An NDJSON line must not contain a newline", null);
        }
      }
      out.appendBuffer(b).appendByte((byte) '\n');
    }
    return out;
  }
}
