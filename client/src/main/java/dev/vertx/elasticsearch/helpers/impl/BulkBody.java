package dev.vertx.elasticsearch.helpers.impl;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The NDJSON body of one bulk request, written as operations are accepted: the ingester serialises each operation
 * straight into the body of the request it will travel in, so its bytes are written once and not copied again when
 * the request leaves. Grows as needed; the last operation can be taken back out ({@link #truncate}). Once handed out
 * as a {@link Buffer} it is no longer written. Confined to one thread at a time.
 */
final class BulkBody extends OutputStream {

  /** The largest array the JVM reliably allocates. */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  private byte[] bytes;
  private int length;

  /** @param capacity the bytes expected */
  BulkBody(int capacity) {
    this.bytes = new byte[Math.max(capacity, 16)];
  }

  @Override
  public void write(int b) {
    ensureCapacity(length + 1);
    bytes[length++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensureCapacity(length + len);
    System.arraycopy(b, off, bytes, length, len);
    length += len;
  }

  /** Appends {@code len} bytes of another body from {@code offset}. */
  void write(BulkBody from, int offset, int len) {
    write(from.bytes, offset, len);
  }

  private void ensureCapacity(int needed) {
    if (needed < 0 || needed > MAX_LENGTH) {
      throw new IllegalStateException("A bulk request body cannot exceed " + MAX_LENGTH + " bytes");
    }
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(MAX_LENGTH, bytes.length * 2L)));
    }
  }

  /** @return the bytes written */
  int length() {
    return length;
  }

  /** Drops everything after the first {@code newLength} bytes: an operation that failed half-way or moved out. */
  void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IndexOutOfBoundsException("Cannot truncate a body of " + length + " bytes to " + newLength);
    }
    length = newLength;
  }

  /** @return the body as a buffer over the same bytes, not a copy; nothing may be written to it afterwards */
  Buffer toBuffer() {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, 0, length));
  }

  /** @return a copy of {@code len} bytes from {@code offset} */
  Buffer copy(int offset, int len) {
    return Buffer.buffer(len).appendBytes(bytes, offset, len);
  }
}
