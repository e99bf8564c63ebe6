package dev.vertx.elasticsearch.client.impl;

import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Turns request bodies into bytes before anything is sent, so a body that cannot be written sends nothing. */
public final class RequestBodies {

  private RequestBodies() {
  }

  /**
   * @param body a {@code Buffer}, {@code JsonObject}, {@code JsonArray}, JSON {@code String}, {@code byte[]} or a
   *     Jackson-writable object
   * @return the JSON bytes
   * @throws SerializationException when Jackson cannot write the object
   */
  public static Buffer json(Object body) {
    if (body instanceof Buffer) {
      return (Buffer) body;
    }
    if (body instanceof JsonObject) {
      return ((JsonObject) body).toBuffer();
    }
    if (body instanceof JsonArray) {
      return ((JsonArray) body).toBuffer();
    }
    if (body instanceof String) {
      return Buffer.buffer((String) body);
    }
    if (body instanceof byte[]) {
      return Buffer.buffer((byte[]) body);
    }
    // Straight into the buffer: no intermediate byte[] and no second copy (the bulk hot path, once per document).
    Buffer out = Buffer.buffer(256);
    try {
      DatabindCodec.mapper().writeValue(new BufferOutputStream(out), body);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("The request body of type " + body.getClass().getName()
        + " cannot be written as JSON: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Appends the JSON of a value to a buffer, with no intermediate copy for objects Jackson writes.
   *
   * @param out the buffer to append to
   * @param body as for {@link #json(Object)}
   * @throws SerializationException when Jackson cannot write the object
   */
  public static void appendJson(Buffer out, Object body) {
    if (body instanceof Buffer || body instanceof JsonObject || body instanceof JsonArray || body instanceof String
      || body instanceof byte[]) {
      out.appendBuffer(json(body));
      return;
    }
    try {
      DatabindCodec.mapper().writeValue(new BufferOutputStream(out), body);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("The request body of type " + body.getClass().getName()
        + " cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * @param out a buffer
   * @return an output stream appending to it, e.g. for a Jackson generator
   */
  public static OutputStream appendingTo(Buffer out) {
    return new BufferOutputStream(out);
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
   * @param lines NDJSON lines, each serialised as {@link #json(Object)} and ended with a newline
   * @return the NDJSON bytes
   * @throws SerializationException when a line cannot be written or contains a newline
   */
  public static Buffer ndjson(List<?> lines) {
    Buffer out = Buffer.buffer(lines.size() * 64);
    for (Object line : lines) {
      Buffer b = json(line);
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
