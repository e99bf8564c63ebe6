package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.FaultyServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Client-side reindex on the embedded node, within one client and between two. */
class ReindexHelperTest extends EmbeddedNodeTest {

  ReindexHelperTest(EmbeddedElasticsearch es) {
    super(es);
  }

  private String source(int docs) {
    String index = newIndex("reindex-src");
    HelperTestSupport.createIndex(client, index, 2, null);
    BulkSummary summary = await(ElasticsearchHelpers.bulk(vertx, client, IntStream.range(0, docs)
      .mapToObj(i -> BulkOperation.index(index, new JsonObject().put("n", i).put("tag", i % 3 == 0 ? "x" : "y"))
        .id("r" + i)).toList(), new BulkOptions().setRefreshOnCompletion(true)), 60);
    assertThat(summary.successes()).isEqualTo(docs);
    return index;
  }

  private String target() {
    return newIndex("reindex-dst");
  }

  @Test
  void reindexWithAQueryAndATransformThatDropsAndChangesDocuments() {
    String source = source(3_000);
    String target = target();
    ReindexSummary summary = await(ElasticsearchHelpers.reindex(vertx, client, new ReindexOptions()
      .setSourceIndex(source).setTargetIndex(target)
      .setQuery(new JsonObject().put("term", new JsonObject().put("tag", "x")))
      .setScan(new ScanOptions().setPageSize(300)).setBulk(new BulkOptions().setRefreshOnCompletion(true)),
      hit -> {
        JsonObject doc = hit.getJsonObject("_source");
        if (doc.getInteger("n") % 2 == 1) {
          return null;
        }
        doc.put("copied", true);
        return hit.put("_id", "copy-" + hit.getString("_id"));
      }), 60);
    assertThat(summary.scanned()).isEqualTo(1_000);
    assertThat(summary.dropped()).isEqualTo(500);
    assertThat(summary.written()).isEqualTo(500);
    assertThat(summary.failed()).isZero();
    assertThat(summary.dataStream()).isFalse();
    assertThat(HelperTestSupport.count(client, target)).isEqualTo(500);
    JsonObject copy = await(client.perform(HttpMethod.GET, "/" + target + "/_doc/copy-r6", null, null), 10).body();
    assertThat(copy.getJsonObject("_source")).isEqualTo(new JsonObject().put("n", 6).put("tag", "x")
      .put("copied", true));
  }

  @Test
  void reindexBetweenTwoClientsWithCreate() {
    String source = source(2_000);
    String target = target();
    ElasticsearchClient other = HelperTestSupport.client(vertx, es);
    ReindexOptions options = new ReindexOptions().setSourceIndex(source).setTargetIndex(target)
      .setOpType(BulkOperation.Type.CREATE).setScan(new ScanOptions().setMode(ScanOptions.Mode.SCROLL))
      .setBulk(new BulkOptions().setRefreshOnCompletion(true));
    ReindexSummary first = await(ElasticsearchHelpers.reindex(vertx, client, other, options,
      hit -> hit.put("_source", hit.getJsonObject("_source").put("n2", hit.getJsonObject("_source")
        .getInteger("n") * 2))), 60);
    assertThat(first.written()).isEqualTo(2_000);
    assertThat(HelperTestSupport.count(client, target)).isEqualTo(2_000);
    // create again: every document exists, 409 for each, reported with its document
    ReindexSummary second = await(ElasticsearchHelpers.reindex(vertx, client, other, options, null), 60);
    assertThat(second.written()).isZero();
    assertThat(second.failed()).isEqualTo(2_000);
    assertThat(second.bulk().failures()).hasSize(1_000)
      .allSatisfy(r -> assertThat(r.status()).isEqualTo(409));
    await(other.close(), 10);
  }

  @Test
  void aDataStreamTargetIsWrittenWithCreateAndRefusesIndex() {
    String source = source(50);
    try (FaultyServer server = FaultyServer.start(vertx)) {
      server.otherwise(r -> {
        if (r.request().path().startsWith("/_data_stream/")) {
          FaultyServer.ok(new JsonObject().put("data_streams", new JsonArray()
            .add(new JsonObject().put("name", "logs-app"))).encode()).handle(r);
          return;
        }
        JsonArray items = new JsonArray();
        for (String line : r.body().toString().split("\n")) {
          JsonObject json = new JsonObject(line);
          if (json.containsKey("create") || json.containsKey("index")) {
            String op = json.fieldNames().iterator().next();
            items.add(new JsonObject().put(op, new JsonObject().put("status", 201).put("result", "created")
              .put("_index", ".ds-logs-app-000001")));
          }
        }
        FaultyServer.ok(new JsonObject().put("errors", false).put("items", items).encode()).handle(r);
      });
      ElasticsearchClient dataStreams = HelperTestSupport.client(vertx, server.url(), es.majorVersion());
      ReindexSummary summary = await(ElasticsearchHelpers.reindex(vertx, client, dataStreams, new ReindexOptions()
        .setSourceIndex(source).setTargetIndex("logs-app"), null), 30);
      assertThat(summary.dataStream()).isTrue();
      assertThat(summary.written()).isEqualTo(50);
      List<FaultyServer.Recorded> bulks = server.requests().stream()
        .filter(r -> r.request().path().equals("/_bulk")).toList();
      assertThat(bulks).isNotEmpty();
      for (FaultyServer.Recorded bulk : bulks) {
        String[] lines = bulk.body().toString().split("\n");
        for (int i = 0; i < lines.length; i += 2) {
          assertThat(new JsonObject(lines[i]).getJsonObject("create").getString("_index")).isEqualTo("logs-app");
        }
      }
      Throwable refused = Await.failure(ElasticsearchHelpers.reindex(vertx, client, dataStreams, new ReindexOptions()
        .setSourceIndex(source).setTargetIndex("logs-app").setOpType(BulkOperation.Type.INDEX), null));
      assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data stream");
      await(dataStreams.close(), 10);
    }
  }
}
