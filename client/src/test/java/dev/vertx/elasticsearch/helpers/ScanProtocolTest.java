package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.testing.FaultyServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The scan protocol against a scripted server: shard failures, 429 retries, what is sent and freed. */
class ScanProtocolTest {

  private Vertx vertx;
  private FaultyServer server;
  private ElasticsearchClient client;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    server = FaultyServer.start(vertx);
    client = HelperTestSupport.client(vertx, server.url(), 9);
  }

  @AfterEach
  void tearDown() {
    await(client.close(), 10);
    server.close();
    await(vertx.close(), 10);
  }

  private static String page(String scrollId, int failedShards, String... ids) {
    JsonArray hits = new JsonArray();
    for (String id : ids) {
      hits.add(new JsonObject().put("_index", "i").put("_id", id).put("_source", new JsonObject().put("id", id)));
    }
    return new JsonObject().put("_scroll_id", scrollId)
      .put("_shards", new JsonObject().put("total", 2).put("successful", 2 - failedShards).put("skipped", 0)
        .put("failed", failedShards))
      .put("hits", new JsonObject().put("hits", hits)).encode();
  }

  private record Outcome(List<String> ids, Throwable error, boolean ended) {
  }

  private Outcome run(ScanStream<JsonObject> stream) {
    List<String> ids = new CopyOnWriteArrayList<>();
    Promise<Outcome> done = Promise.promise();
    stream.handler(hit -> ids.add(hit.getString("_id")))
      .exceptionHandler(err -> done.tryComplete(new Outcome(ids, err, false)))
      .endHandler(v -> done.tryComplete(new Outcome(ids, null, true)));
    return await(done.future(), 10);
  }

  @Test
  void shardFailuresAreRaisedAfterThePageIsDeliveredAndTheScrollIsCleared() {
    server.then(FaultyServer.ok(page("s1", 1, "a", "b")), FaultyServer.ok("{\"succeeded\":true}"));
    Outcome outcome = run(ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex("i")
      .setMode(ScanOptions.Mode.SCROLL).setPageSize(2).setKeepAlive("1m")));
    assertThat(outcome.ids()).containsExactly("a", "b");
    assertThat(outcome.error()).isInstanceOf(ScanException.class);
    assertThat(((ScanException) outcome.error()).contextId()).isEqualTo("s1");
    assertThat(((ScanException) outcome.error()).shards().getInteger("failed")).isEqualTo(1);
    assertThat(server.requests()).hasSize(2);
    FaultyServer.Recorded search = server.requests().get(0);
    assertThat(search.request().path()).isEqualTo("/i/_search");
    assertThat(search.request().getParam("scroll")).isEqualTo("1m");
    assertThat(search.body().toJsonObject().getString("sort")).isEqualTo("_doc");
    assertThat(search.body().toJsonObject().getInteger("size")).isEqualTo(2);
    assertThat(search.headers().get("x-elastic-client-meta")).contains("h=s");
    FaultyServer.Recorded clear = server.requests().get(1);
    assertThat(clear.request().method()).isEqualTo(HttpMethod.DELETE);
    assertThat(clear.request().path()).isEqualTo("/_search/scroll");
    assertThat(clear.body().toJsonObject().getJsonArray("scroll_id")).containsExactly("s1");
  }

  @Test
  void shardFailuresCanBeToleratedAnd429sAreRetriedAndA404OnClearIsIgnored() {
    server.then(FaultyServer.error(429, "es_rejected_execution_exception"),
      FaultyServer.ok(page("s1", 1, "a", "b")),
      FaultyServer.error(429, "es_rejected_execution_exception"),
      FaultyServer.ok(page("s2", 0, "c")),
      FaultyServer.ok(page("s3", 0)),
      FaultyServer.error(404, "search_context_missing_exception"));
    Outcome outcome = run(ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex("i")
      .setMode(ScanOptions.Mode.SCROLL).setPageSize(2).setRaiseOnShardFailure(false)
      .setRetry(ScanOptions.DEFAULT_RETRY.withInitialBackoff(1))
      .setPreserveOrder(true).setBody(new JsonObject().put("sort", "n"))));
    assertThat(outcome.ids()).containsExactly("a", "b", "c");
    assertThat(outcome.ended()).isTrue();
    assertThat(server.requests()).hasSize(6);
    assertThat(server.requests().get(1).body().toJsonObject().getString("sort")).isEqualTo("n");
    assertThat(server.requests().get(3).request().path()).isEqualTo("/_search/scroll");
    assertThat(server.requests().get(3).body().toJsonObject().getString("scroll_id")).isEqualTo("s1");
    assertThat(server.requests().get(4).body().toJsonObject().getString("scroll_id")).isEqualTo("s2");
    assertThat(server.requests().get(5).body().toJsonObject().getJsonArray("scroll_id")).containsExactly("s3");
  }

  @Test
  void pointInTimeRequestsCarryThePitTheTiebreakAndSearchAfterAndTheLatestPitIsClosed() {
    JsonObject hit1 = new JsonObject().put("_id", "a").put("sort", new JsonArray().add(5).add(1));
    JsonObject hit2 = new JsonObject().put("_id", "b").put("sort", new JsonArray().add(7).add(2));
    JsonObject hit3 = new JsonObject().put("_id", "c").put("sort", new JsonArray().add(9).add(3));
    server.then(FaultyServer.ok("{\"id\":\"p0\"}"),
      FaultyServer.ok(new JsonObject().put("pit_id", "p1").put("hits", new JsonObject()
        .put("hits", new JsonArray().add(hit1).add(hit2))).encode()),
      FaultyServer.ok(new JsonObject().put("pit_id", "p2").put("hits", new JsonObject()
        .put("hits", new JsonArray().add(hit3))).encode()),
      FaultyServer.ok("{\"succeeded\":true}"));
    Outcome outcome = run(ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex("logs-*,other")
      .setPageSize(2).setKeepAlive("2m").setBody(new JsonObject().put("sort", new JsonArray().add("n"))
        .put("query", new JsonObject().put("match_all", new JsonObject())))));
    assertThat(outcome.ids()).containsExactly("a", "b", "c");
    assertThat(outcome.ended()).isTrue();
    assertThat(server.requests()).hasSize(4);
    FaultyServer.Recorded open = server.requests().get(0);
    assertThat(open.request().path()).isEqualTo("/logs-*,other/_pit");
    assertThat(open.request().getParam("keep_alive")).isEqualTo("2m");
    JsonObject first = server.requests().get(1).body().toJsonObject();
    assertThat(server.requests().get(1).request().path()).isEqualTo("/_search");
    assertThat(first.getJsonObject("pit")).isEqualTo(new JsonObject().put("id", "p0").put("keep_alive", "2m"));
    assertThat(first.getJsonArray("sort")).isEqualTo(new JsonArray().add("n")
      .add(new JsonObject().put("_shard_doc", "asc")));
    assertThat(first.containsKey("search_after")).isFalse();
    assertThat(first.getJsonObject("query")).isNotNull();
    JsonObject second = server.requests().get(2).body().toJsonObject();
    assertThat(second.getJsonObject("pit").getString("id")).isEqualTo("p1");
    assertThat(second.getJsonArray("search_after")).isEqualTo(new JsonArray().add(7).add(2));
    FaultyServer.Recorded close = server.requests().get(3);
    assertThat(close.request().method()).isEqualTo(HttpMethod.DELETE);
    assertThat(close.request().path()).isEqualTo("/_pit");
    assertThat(close.body().toJsonObject().getString("id")).isEqualTo("p2");
  }

  @Test
  void aFailingSearchFailsTheStreamAfterFreeingThePit() {
    server.then(FaultyServer.ok("{\"id\":\"p0\"}"), FaultyServer.error(400, "parsing_exception"),
      FaultyServer.ok("{\"succeeded\":true}"));
    Outcome outcome = run(ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex("i")));
    assertThat(outcome.error()).isInstanceOf(dev.vertx.elasticsearch.error.BadRequestException.class);
    assertThat(server.requests()).hasSize(3);
    assertThat(server.requests().get(2).request().path()).isEqualTo("/_pit");
  }
}
