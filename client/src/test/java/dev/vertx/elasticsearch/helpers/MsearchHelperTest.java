package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.error.NotFoundException;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.FaultInjectingProxy;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.TestLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Multi-search batching against the embedded node (through a counting proxy) and a scripted server. */
class MsearchHelperTest extends EmbeddedNodeTest {

  MsearchHelperTest(EmbeddedElasticsearch es) {
    super(es);
  }

  @Test
  void fiftyConcurrentSearchesAreBatchedAndEachGetsItsOwnAnswer() {
    String index = newIndex("msearch");
    HelperTestSupport.createIndex(client, index, 1, null);
    await(ElasticsearchHelpers.bulk(vertx, client, IntStream.range(0, 50)
      .mapToObj(i -> BulkOperation.index(index, new JsonObject().put("k", i)).id("m" + i)).toList(),
      new BulkOptions().setRefreshOnCompletion(true)), 30);
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(vertx, es.httpUrl(), 5)) {
      ElasticsearchClient proxied = HelperTestSupport.client(vertx, proxy.url(), es.majorVersion());
      MsearchOptions options = new MsearchOptions();
      MsearchHelper helper = ElasticsearchHelpers.msearch(vertx, proxied, options);
      List<Future<SearchResult>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        answers.add(helper.search(index, new JsonObject().put("query",
          new JsonObject().put("term", new JsonObject().put("k", i)))));
      }
      Future<SearchResult> missing = helper.search("no-such-index-" + index, new JsonObject());
      await(Future.join(answers), 30);
      for (int i = 0; i < 50; i++) {
        SearchResult result = answers.get(i).result();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.total()).isEqualTo(1);
        assertThat(result.documents()).containsExactly(new JsonObject().put("k", i));
        assertThat(result.hits().get(0).getString("_id")).isEqualTo("m" + i);
      }
      assertThat(Await.failure(missing)).isInstanceOf(NotFoundException.class);
      await(helper.close(), 10);
      long requests = proxy.count("_msearch");
      TestLog.info("msearch: 51 searches in %d _msearch requests%n", requests);
      assertThat(requests).isEqualTo(helper.requests()).isBetween(11L, 13L);
      assertThat(helper.search(index, new JsonObject()).failed()).isTrue();
      await(proxied.close(), 10);
    } finally {
      HelperTestSupport.deleteIndex(client, index);
    }
  }

  @Test
  void a429SubResponseIsRetriedAloneAndOtherErrorsAreTyped() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      JsonObject ok = new JsonObject().put("status", 200).put("hits", new JsonObject()
        .put("total", new JsonObject().put("value", 0)).put("hits", new JsonArray()));
      JsonObject rejected = new JsonObject().put("status", 429).put("error", new JsonObject()
        .put("type", "es_rejected_execution_exception").put("reason", "busy"));
      server.then(FaultyServer.ok(new JsonObject().put("responses", new JsonArray().add(ok).add(rejected).add(ok))
          .encode()),
        FaultyServer.error(503, "unavailable"),
        FaultyServer.ok(new JsonObject().put("responses", new JsonArray().add(ok.copy().put("took", 7))).encode()));
      ElasticsearchClient scripted = HelperTestSupport.client(vertx, server.url(), 9);
      MsearchHelper helper = ElasticsearchHelpers.msearch(vertx, scripted, new MsearchOptions().setMaxOperations(3)
        .setRetry(MsearchOptions.DEFAULT_RETRY.withInitialBackoff(1)));
      Future<SearchResult> a = helper.search("a", new JsonObject());
      Future<SearchResult> b = helper.search(new JsonObject().put("index", "b").put("routing", "r"),
        new JsonObject().put("size", 1));
      Future<SearchResult> c = helper.search("c", new JsonObject());
      assertThat(await(b, 10).body().getInteger("took")).isEqualTo(7);
      assertThat(await(a, 10).status()).isEqualTo(200);
      assertThat(await(c, 10).status()).isEqualTo(200);
      assertThat(server.requests()).hasSize(3);
      assertThat(server.requests().get(0).body().toString().split("\n")).hasSize(6);
      String[] retried = server.requests().get(2).body().toString().split("\n");
      assertThat(retried).hasSize(2);
      assertThat(new JsonObject(retried[0])).isEqualTo(new JsonObject().put("index", "b").put("routing", "r"));
      await(helper.close(), 10);
      await(scripted.close(), 10);
    }
  }
}
