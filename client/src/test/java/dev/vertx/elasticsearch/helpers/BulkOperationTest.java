package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The NDJSON of each operation and the JSON round trip of the options. */
class BulkOperationTest {

  /** A POJO document. */
  public record Book(String title, int year) {
  }

  private static String[] lines(BulkOperation op) {
    String ndjson = op.toNdjson().toString();
    assertThat(ndjson).endsWith("\n");
    return ndjson.split("\n");
  }

  @Test
  void indexWithEveryMetadataField() {
    String[] lines = lines(BulkOperation.index("books", new Book("Dune", 1965)).id("1").routing("r").pipeline("p")
      .version(7L).versionType("external").ifSeqNo(3L).ifPrimaryTerm(1L).requireAlias(false)
      .dynamicTemplates(Map.of("loc", "geo")));
    assertThat(lines).hasSize(2);
    assertThat(new JsonObject(lines[0])).isEqualTo(new JsonObject().put("index", new JsonObject()
      .put("_index", "books").put("_id", "1").put("routing", "r").put("pipeline", "p").put("version", 7)
      .put("version_type", "external").put("if_seq_no", 3).put("if_primary_term", 1).put("require_alias", false)
      .put("dynamic_templates", new JsonObject().put("loc", "geo"))));
    assertThat(new JsonObject(lines[1])).isEqualTo(new JsonObject().put("title", "Dune").put("year", 1965));
  }

  @Test
  void actionLinesAreTheJsonJacksonWrites() {
    String tricky = "q\"b\\s/\u0001\b\f\n\r\t\u001F é 😀 end";
    for (String index : new String[] {tricky, "plain", null}) {
      for (String id : new String[] {tricky, "1", null}) {
        JsonObject meta = new JsonObject();
        if (index != null) {
          meta.put("_index", index);
        }
        if (id != null) {
          meta.put("_id", id);
        }
        // the same JSON (a character beyond the BMP may come out escaped as a surrogate pair)
        assertThat(new JsonObject(lines(BulkOperation.index(index, new Book("Dune", 1965)).id(id))[0]))
          .isEqualTo(new JsonObject().put("index", meta));
        assertThat(new JsonObject(lines(BulkOperation.create(index, new Book("Dune", 1965)).id(id).routing(tricky))[0]))
          .isEqualTo(new JsonObject().put("create", meta.copy().put("routing", tricky)));
      }
    }
  }

  @Test
  void theCommonActionLineIsCompact() {
    assertThat(lines(BulkOperation.index("logs", new Book("Dune", 1965)).id("7"))[0])
      .isEqualTo("{\"index\":{\"_index\":\"logs\",\"_id\":\"7\"}}");
    assertThat(lines(BulkOperation.create("logs", new Book("Dune", 1965)))[0]).isEqualTo("{\"create\":{\"_index\":\"logs\"}}");
    assertThat(lines(BulkOperation.index(null, new Book("Dune", 1965)).id("7"))[0]).isEqualTo("{\"index\":{\"_id\":\"7\"}}");
  }

  @Test
  void createDeleteAndRawDocuments() {
    Buffer pretty = Buffer.buffer("{\n  \"a\" : 1,\r\n  \"b\" : \"x\\ny\"\n}");
    String[] create = lines(BulkOperation.create(null, pretty));
    assertThat(create).hasSize(2);
    assertThat(new JsonObject(create[0])).isEqualTo(new JsonObject().put("create", new JsonObject()));
    assertThat(new JsonObject(create[1])).isEqualTo(new JsonObject().put("a", 1).put("b", "x\ny"));
    assertThat(lines(BulkOperation.index("i", "{\"s\":1}"))[1]).isEqualTo("{\"s\":1}");
    String[] delete = lines(BulkOperation.delete("i", "9"));
    assertThat(delete).containsExactly("{\"delete\":{\"_index\":\"i\",\"_id\":\"9\"}}");
    assertThatThrownBy(() -> BulkOperation.delete("i", "9").document(new JsonObject()))
      .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void updateShapes() {
    String[] partial = lines(BulkOperation.update("i", "1").document(new JsonObject().put("n", 2)).docAsUpsert(true)
      .retryOnConflict(3));
    assertThat(new JsonObject(partial[0])).isEqualTo(new JsonObject().put("update", new JsonObject()
      .put("_index", "i").put("_id", "1").put("retry_on_conflict", 3)));
    assertThat(new JsonObject(partial[1])).isEqualTo(new JsonObject().put("doc", new JsonObject().put("n", 2))
      .put("doc_as_upsert", true));
    JsonObject script = new JsonObject().put("source", "ctx._source.n += params.d")
      .put("params", new JsonObject().put("d", 1));
    String[] scripted = lines(BulkOperation.update("i", "1").script(script).upsert(new Book("x", 1))
      .scriptedUpsert(true));
    assertThat(new JsonObject(scripted[1])).isEqualTo(new JsonObject().put("upsert", new JsonObject()
      .put("title", "x").put("year", 1)).put("script", script).put("scripted_upsert", true));
    assertThatThrownBy(() -> BulkOperation.update("i", "1").toNdjson()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> BulkOperation.index("i", new JsonObject()).upsert(new JsonObject()))
      .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void jsonObjectDocumentsAreWrittenAsVertxEncodesThem() {
    JsonObject doc = new JsonObject().put("s", "a\"b\n").put("n", 1.5).put("when", java.time.Instant.EPOCH)
      .put("bytes", new byte[] {1, 2, 3}).put("nested", new JsonObject().put("list", new io.vertx.core.json.JsonArray()
        .add(1).add(new JsonObject().put("x", (Object) null))));
    String[] lines = lines(BulkOperation.index("i", doc));
    assertThat(lines[1]).isEqualTo(doc.encode());
    String[] update = lines(BulkOperation.update("i", "1").document(doc).upsert("{\n\"raw\": true\n}"));
    assertThat(new JsonObject(update[1])).isEqualTo(new JsonObject().put("doc", new JsonObject(doc.encode()))
      .put("upsert", new JsonObject().put("raw", true)));
  }

  @Test
  void anUnwritableDocumentFailsOnlyItsOwnSerialisation() {
    assertThatThrownBy(() -> BulkOperation.index("i", new BulkHelperTest.Unwritable()).toNdjson())
      .isInstanceOf(SerializationException.class);
    // the thread's generator failed half-way: the next operation on this thread still comes out whole
    assertThat(lines(BulkOperation.index("i", new Book("Emma", 1815)).id("2"))).containsExactly(
      "{\"index\":{\"_index\":\"i\",\"_id\":\"2\"}}", "{\"title\":\"Emma\",\"year\":1815}");
  }

  /** A document whose serialiser writes another operation: the nested write gets a generator of its own. */
  public static final class Nested {
    @com.fasterxml.jackson.annotation.JsonValue
    public String inner() {
      return BulkOperation.delete("n", "1").toNdjson().toString().trim();
    }
  }

  @Test
  void aDocumentWhoseSerialiserWritesAnotherOperation() {
    assertThat(lines(BulkOperation.index("i", new Nested()))[1])
      .isEqualTo("\"{\\\"delete\\\":{\\\"_index\\\":\\\"n\\\",\\\"_id\\\":\\\"1\\\"}}\"");
  }

  @Test
  void optionsRoundTripThroughJson() {
    BulkOptions bulk = new BulkOptions().setMaxOperations(7).setMaxBytes(1234).setFlushInterval(0).setConcurrency(4)
      .setMaxBufferedOperations(99).setMaxBufferedBytes(999)
      .setRetry(new RetryConfig().withRetryOnStatus(Set.of(429, 403)).withRetryOnTimeout(true).withMaxRetries(2)
        .withInitialBackoff(3).withMaxBackoff(4).withMaxRetryTime(5)).setAdaptiveConcurrency(false)
      .setProgressInterval(10).setIgnoreStatus(Set.of(404)).setIndex("i").setPipeline("p")
      .setRouting("r").setRefresh("wait_for").setParams(Map.of("timeout", "1m")).setRefreshOnCompletion(true)
      .setMaxReportedFailures(5);
    assertThat(new BulkOptions(bulk.toJson()).toJson()).isEqualTo(bulk.toJson());
    assertThat(new BulkOptions(new JsonObject()).toJson()).isEqualTo(new BulkOptions().toJson());
    assertThat(new BulkOptions().getRetry().retryOnStatus()).containsExactlyInAnyOrder(429, 502, 503, 504);
    assertThat(new BulkOptions().getRetry().maxRetryTime()).isEqualTo(300_000);
    assertThat(new BulkOptions().isAdaptiveConcurrency()).isTrue();
    assertThat(new BulkOptions(new JsonObject().put("retry", new JsonObject().put("maxRetries", 1))).getRetry())
      .isEqualTo(BulkOptions.DEFAULT_RETRY.withMaxRetries(1));
    assertThat(new BulkOptions().getMaxOperations()).isEqualTo(500);
    assertThat(new BulkOptions().getConcurrency()).isEqualTo(2);
    assertThat(new BulkOptions().getMaxBytes()).isEqualTo(5L * 1024 * 1024);

    ScanOptions scan = new ScanOptions().setIndex("a,b").setQuery(new JsonObject().put("match_all", new JsonObject()))
      .setBody(new JsonObject().put("size", 1))
      .setMode(ScanOptions.Mode.SCROLL).setPageSize(10).setKeepAlive("1m").setPreserveOrder(true)
      .setRaiseOnShardFailure(false).setSlice(1, 3)
      .setRetry(new RetryConfig().withMaxRetries(1).withInitialBackoff(2).withMaxBackoff(3));
    assertThat(new ScanOptions(scan.toJson()).toJson()).isEqualTo(scan.toJson());
    assertThat(new ScanOptions().getMode()).isEqualTo(ScanOptions.Mode.POINT_IN_TIME);

    MsearchOptions msearch = new MsearchOptions().setMaxOperations(2).setFlushInterval(3).setConcurrency(4)
      .setRetry(new RetryConfig().withRetryOnStatus(Set.of(503)).withMaxRetries(5).withInitialBackoff(6)
        .withMaxBackoff(7));
    assertThat(new MsearchOptions(msearch.toJson()).toJson()).isEqualTo(msearch.toJson());
    assertThat(new MsearchOptions().getMaxOperations()).isEqualTo(5);
    assertThat(new MsearchOptions().getFlushInterval()).isEqualTo(500);
    assertThat(new MsearchOptions().getConcurrency()).isEqualTo(5);

    ReindexOptions reindex = new ReindexOptions().setSourceIndex("s").setTargetIndex("t")
      .setOpType(BulkOperation.Type.CREATE).setQuery(new JsonObject().put("match_all", new JsonObject()))
      .setBody(new JsonObject().put("_source", false))
      .setScan(scan).setBulk(bulk);
    assertThat(new ReindexOptions(reindex.toJson()).toJson()).isEqualTo(reindex.toJson());
    // a whole search body given as the query is refused with a message that says where it goes
    assertThatThrownBy(() -> new ScanOptions().setQuery(new JsonObject().put("query", new JsonObject())))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setBody");
    assertThatThrownBy(() -> new ReindexOptions().setQuery(new JsonObject().put("sort", "n")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setBody");
    assertThatThrownBy(() -> new ScanOptions().setQuery(new JsonObject().put("match_all", new JsonObject()))
      .setBody(new JsonObject().put("query", new JsonObject())).getSearchBody())
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> new ReindexOptions().setOpType(BulkOperation.Type.DELETE))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
