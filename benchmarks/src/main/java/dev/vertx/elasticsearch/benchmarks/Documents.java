package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import dev.vertx.elasticsearch.helpers.BulkOperation;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The documents, queries and canned responses every candidate uses, so that all of them move the same bytes. */
public final class Documents {

  private Documents() {
  }

  /** A small document (~170 bytes of JSON), the same class for every candidate. */
  public static final class Doc {
    public String title;
    public String author;
    public int year;
    public List<String> tags;
    public String summary;
    public double price;

    public Doc() {
    }

    public Doc(long i) {
      this.title = "Reactive search with Vert.x, volume " + i;
      this.author = "Author " + (i % 97);
      this.year = 2000 + (int) (i % 25);
      this.tags = List.of("vertx", "elasticsearch", "tag" + (i % 13));
      this.summary = "Benchmark document number " + i + " with a short summary";
      this.price = 10 + (i % 50) * 0.5;
    }

    public JsonObject toJson() {
      return new JsonObject().put("title", title).put("author", author).put("year", year)
        .put("tags", new JsonArray(tags)).put("summary", summary).put("price", price);
    }
  }

  /** @return the document id used by every candidate */
  public static String id(long i) {
    return "d" + i;
  }

  /**
   * @return {@code index} operations of documents {@code offset} to {@code offset + count - 1}, made one by one as
   *     they are consumed
   */
  public static Iterator<BulkOperation> operations(String index, long offset, long count) {
    return operations(index, offset, count, true);
  }

  /**
   * @param withIds whether each operation carries its own id; without, the bulk helper generates ids or leaves them to
   *     Elasticsearch (its {@code generateIds} option)
   */
  public static Iterator<BulkOperation> operations(String index, long offset, long count, boolean withIds) {
    return new Iterator<>() {
      long next = offset;

      @Override
      public boolean hasNext() {
        return next < offset + count;
      }

      @Override
      public BulkOperation next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long i = next++;
        BulkOperation op = BulkOperation.index(index, new Doc(i));
        return withIds ? op.id(id(i)) : op;
      }
    };
  }

  /** The search body, built the way an application would (a fresh object per request). */
  public static JsonObject query() {
    return new JsonObject()
      .put("query", new JsonObject().put("bool", new JsonObject()
        .put("must", new JsonArray().add(new JsonObject().put("match", new JsonObject().put("title", "vert.x search"))))
        .put("filter", new JsonArray().add(new JsonObject().put("range", new JsonObject()
          .put("year", new JsonObject().put("gte", 2015)))))))
      .put("size", 10)
      .put("sort", new JsonArray().add(new JsonObject().put("_score", new JsonObject().put("order", "desc"))));
  }

  /** @return the NDJSON of one {@code index} action with its document, as every candidate sends it */
  public static Buffer ndjson(String index, long i) {
    return Buffer.buffer(64 + 200)
      .appendString("{\"index\":{\"_index\":\"").appendString(index).appendString("\",\"_id\":\"")
      .appendString(id(i)).appendString("\"}}\n")
      .appendBuffer(new Doc(i).toJson().toBuffer()).appendByte((byte) '\n');
  }

  /** @return a realistic 10-hit search answer (~2 KB) */
  public static String searchResponse(String index) {
    JsonArray hits = new JsonArray();
    for (int i = 0; i < 10; i++) {
      hits.add(new JsonObject().put("_index", index).put("_id", id(1000 + i)).put("_score", 7.5 - i * 0.25)
        .put("_source", new Doc(1000 + i).toJson()).put("sort", new JsonArray().add(7.5 - i * 0.25)));
    }
    return new JsonObject()
      .put("took", 4).put("timed_out", false)
      .put("_shards", new JsonObject().put("total", 1).put("successful", 1).put("skipped", 0).put("failed", 0))
      .put("hits", new JsonObject()
        .put("total", new JsonObject().put("value", 1234).put("relation", "eq"))
        .put("max_score", 7.5)
        .put("hits", hits))
      .encode();
  }
}
