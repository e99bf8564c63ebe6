package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GzipEncoderTest {

  private static byte[] gunzip(Buffer gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.getBytes()))) {
      return in.readAllBytes();
    }
  }

  @Test
  void chunkByChunkGivesAValidGzipOfTheWhole() throws IOException {
    Random random = new Random(42);
    Buffer original = Buffer.buffer();
    for (int i = 0; i < 40_000; i++) {
      original.appendString("{\"n\":" + i + ",\"v\":\"" + random.nextInt(1000) + "\"}\n");
    }
    GzipEncoder encoder = new GzipEncoder();
    Buffer gz = Buffer.buffer();
    int pos = 0;
    while (pos < original.length()) {
      int end = Math.min(original.length(), pos + 1 + random.nextInt(70_000));
      gz.appendBuffer(encoder.encode(original.getBuffer(pos, end)));
      pos = end;
    }
    gz.appendBuffer(encoder.finish());
    assertThat(gunzip(gz)).isEqualTo(original.getBytes());
    assertThat(gz.length()).isLessThan(original.length() / 3);
    assertThat(gunzip(GzipEncoder.gzip(original))).isEqualTo(original.getBytes());
  }

  @Test
  void emptyBodiesAndDirectBuffers() throws IOException {
    assertThat(gunzip(GzipEncoder.gzip(Buffer.buffer()))).isEmpty();
    GzipEncoder encoder = new GzipEncoder();
    Buffer direct = io.vertx.core.internal.buffer.BufferInternal.buffer(
      io.netty.buffer.Unpooled.directBuffer().writeBytes("direct bytes".getBytes()));
    Buffer gz = encoder.encode(direct).appendBuffer(encoder.finish());
    assertThat(new String(gunzip(gz))).isEqualTo("direct bytes");
    encoder.release(); // idempotent after finish
  }
}
