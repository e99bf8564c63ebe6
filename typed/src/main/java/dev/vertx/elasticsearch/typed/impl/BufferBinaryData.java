package dev.vertx.elasticsearch.typed.impl;

import co.elastic.clients.util.BinaryData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A response body for elasticsearch-java: the bytes the Vert.x client read, shared (never copied) and readable any
 * number of times.
 */
final class BufferBinaryData implements BinaryData {

  private final Buffer body;
  private final String contentType;

  BufferBinaryData(Buffer body, String contentType) {
    this.body = body;
    this.contentType = contentType;
  }

  /** A fresh view of the bytes with its own indices. */
  private ByteBuf bytes() {
    return ((BufferInternal) body).getByteBuf();
  }

  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    ByteBuf bytes = bytes();
    bytes.getBytes(bytes.readerIndex(), out, bytes.readableBytes());
  }

  @Override
  public ByteBuffer asByteBuffer() {
    return bytes().nioBuffer();
  }

  @Override
  public InputStream asInputStream() {
    return new ByteBufInputStream(bytes());
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public long size() {
    return body.length();
  }
}
