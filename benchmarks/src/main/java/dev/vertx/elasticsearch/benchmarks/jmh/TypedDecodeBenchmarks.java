package dev.vertx.elasticsearch.benchmarks.jmh;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonpDeserializer;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import dev.vertx.elasticsearch.benchmarks.Documents;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.json.stream.JsonParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.concurrent.TimeUnit;

/**
 * How long elasticsearch-java holds a thread decoding a search answer into a typed {@code SearchResponse<Doc>}, by
 * hit count: what the event loop would pay if the typed transport decoded every answer where it arrives. The body is
 * read the way the transport hands it over (an input stream over the Vert.x buffer, no copy). Sizes of the answers:
 * printed by {@link #main}.
 *
 * <p>{@code java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' org.openjdk.jmh.Main TypedDecode}
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TypedDecodeBenchmarks extends JmhDefaults {

  @Param({"10", "100", "1000", "10000"})
  public int hits;

  private Buffer body;
  private JsonpMapper mapper;
  private JsonpDeserializer<SearchResponse<Documents.Doc>> deserializer;

  /** @return a search answer with {@code hits} hits of the benchmark document (about 250 bytes each) */
  static Buffer searchAnswer(int hits) {
    JsonArray array = new JsonArray();
    for (int i = 0; i < hits; i++) {
      array.add(new JsonObject().put("_index", "bench").put("_id", Documents.id(i)).put("_score", 1.0 + i % 7)
        .put("_source", new Documents.Doc(i).toJson()));
    }
    return new JsonObject().put("took", 12).put("timed_out", false)
      .put("_shards", new JsonObject().put("total", 1).put("successful", 1).put("skipped", 0).put("failed", 0))
      .put("hits", new JsonObject().put("total", new JsonObject().put("value", hits).put("relation", "eq"))
        .put("max_score", 7.0).put("hits", array))
      .toBuffer();
  }

  @Setup
  public void setup() {
    body = searchAnswer(hits);
    mapper = new JacksonJsonpMapper();
    deserializer = SearchResponse.createSearchResponseDeserializer(JsonpDeserializer.of(Documents.Doc.class));
  }

  @Benchmark
  public SearchResponse<Documents.Doc> decodeTypedSearchResponse() {
    try (JsonParser parser = mapper.jsonProvider().createParser(
      new ByteBufInputStream(((BufferInternal) body).getByteBuf()))) {
      return deserializer.deserialize(parser, mapper);
    }
  }

  /** Prints the size of each answer. */
  public static void main(String[] args) {
    for (int n : new int[] {10, 100, 1000, 10000}) {
      System.out.println(n + " hits: " + searchAnswer(n).length() + " bytes");
    }
  }
}
