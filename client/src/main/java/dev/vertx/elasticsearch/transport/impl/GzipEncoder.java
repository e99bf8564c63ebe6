package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip (RFC 1952) one chunk at a time: a raw {@link Deflater} between the gzip header and trailer, reading each chunk
 * where it lies (no copy to a byte array) and writing through a small scratch array. Used for whole bodies and for
 * streamed ones, where each chunk is compressed as it passes; {@link #finish()} or {@link #release()} frees the
 * deflater's native memory. Not thread-safe.
 */
final class GzipEncoder {

  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final int SCRATCH = 16 * 1024;

  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final CRC32 crc = new CRC32();
  private final byte[] scratch = new byte[SCRATCH];
  private boolean started;
  private boolean ended;

  /**
   * @param body a whole body
   * @return its gzip form
   */
  static Buffer gzip(Buffer body) {
    GzipEncoder encoder = new GzipEncoder();
    return encoder.encode(body).appendBuffer(encoder.finish());
  }

  /**
   * @param chunk the next bytes of the body
   * @return the compressed bytes ready so far, possibly none (the deflater keeps a window)
   */
  Buffer encode(Buffer chunk) {
    Buffer out = Buffer.buffer(Math.max(64, chunk.length() / 3));
    header(out);
    ByteBuffer in = ((BufferInternal) chunk).getByteBuf().nioBuffer();
    crc.update(in.duplicate());
    deflater.setInput(in);
    while (!deflater.needsInput()) {
      drain(out, Deflater.NO_FLUSH);
    }
    return out;
  }

  /** @return the last compressed bytes and the trailer (CRC-32 and length); the encoder cannot be used after it */
  Buffer finish() {
    Buffer out = Buffer.buffer(64);
    header(out);
    deflater.finish();
    while (!deflater.finished()) {
      drain(out, Deflater.NO_FLUSH);
    }
    long crcValue = crc.getValue();
    long size = deflater.getBytesRead();
    out.appendIntLE((int) crcValue).appendIntLE((int) size);
    release();
    return out;
  }

  /** Frees the deflater; idempotent. */
  void release() {
    if (!ended) {
      ended = true;
      deflater.end();
    }
  }

  private void header(Buffer out) {
    if (!started) {
      started = true;
      out.appendBytes(HEADER);
    }
  }

  private void drain(Buffer out, int flush) {
    int n = deflater.deflate(scratch, 0, scratch.length, flush);
    if (n > 0) {
      out.appendBytes(scratch, 0, n);
    }
  }
}
