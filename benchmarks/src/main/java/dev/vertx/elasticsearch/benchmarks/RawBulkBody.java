package dev.vertx.elasticsearch.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The floors' bulk request body: the least a hand-written Vert.x loop must do to send the application's documents,
 * namely write them with Jackson, one generator straight into the request buffer. A class of its own so that a
 * fresh-JVM floor loads nothing else of the harness.
 */
final class RawBulkBody {

  /** Jackson's writer without a flush after every document: the generator flushes once, at the end of the body. */
  private static final ObjectWriter DOC_WRITER = DatabindCodec.mapper().writer()
    .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private RawBulkBody() {
  }

  /** @return the NDJSON of {@code index} actions for documents {@code from} to {@code from + size - 1} */
  static Buffer of(String target, long from, long size) throws IOException {
    ByteBuf bytes = Unpooled.buffer((int) size * 240);
    try (JsonGenerator g = DOC_WRITER.createGenerator((OutputStream) new ByteBufOutputStream(bytes))) {
      g.setRootValueSeparator(null);
      for (long i = from, end = from + size; i < end; i++) {
        g.writeStartObject();
        g.writeObjectFieldStart("index");
        g.writeStringField("_index", target);
        g.writeStringField("_id", Documents.id(i));
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        DOC_WRITER.writeValue(g, new Documents.Doc(i));
        g.writeRaw('\n');
      }
    }
    return BufferInternal.buffer(bytes);
  }
}
