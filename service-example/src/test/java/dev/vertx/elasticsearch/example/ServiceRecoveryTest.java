package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.until;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service started before Elasticsearch, then the node replaced by an empty one in the middle of the sample data
 * load (as a container without a volume would be): the service answers liveness throughout, says in readiness what
 * it waits for, answers searches with 503 (never a 4xx), and recovers by itself, with the right mappings.
 * Elasticsearch runs on a port chosen before the service starts; the sample data comes from an in-test server that
 * holds the second half of the documents until the node was replaced, so the load is in flight for sure.
 */
class ServiceRecoveryTest {

  private static final String INDEX = "recovery-books";
  private static final int HELD_BACK_AFTER = 1_000;

  private final Vertx vertx = Vertx.vertx();
  private final Vertx testVertx = Vertx.vertx();
  private final WebClient web = WebClient.create(testVertx);
  private EmbeddedElasticsearch es;
  private HttpServer dataServer;

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    testVertx.close().await(30, TimeUnit.SECONDS);
    if (es != null) {
      es.close();
    }
  }

  @Test
  void startsBeforeElasticsearchAndRecoversFromANodeReplacedDuringTheLoad() throws Exception {
    List<String> lines = SearchServiceTest.readResource(SampleData.DATA).lines().filter(l -> !l.isBlank()).toList();
    Promise<Void> release = Promise.promise();
    int dataPort = serveHeldBack(lines, release.future());
    HttpClient dataClient = testVertx.createHttpClient();
    int esPort = freePort();

    SearchVerticle verticle = new SearchVerticle();
    verticle.sampleSource(() -> dataClient.request(HttpMethod.GET, dataPort, "127.0.0.1", "/books.ndjson")
      .compose(request -> request.send()).map(response -> (ReadStream<Buffer>) response));
    // The engine's major version is not known before it starts: compatible-with=8 works with 8.x and 9.x.
    ServiceConfig config = new ServiceConfig(List.of("http://127.0.0.1:" + esPort), 8, INDEX, 0, null, 1 << 20,
      1 << 20);
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.toJson())).await(30, TimeUnit.SECONDS);
    int port = verticle.actualPort();

    // 1. No Elasticsearch: alive, not ready, and it says why; a search is the service's problem (503).
    assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> notReady = get(port, "/health/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    JsonObject checks = checks(notReady.bodyAsJsonObject());
    assertThat(checks.getJsonObject("elasticsearch").getString("status")).isEqualTo("DOWN");
    assertThat(checks.getJsonObject("elasticsearch").getJsonObject("data").getString("reason"))
      .contains("unreachable");
    assertThat(checks.getJsonObject("sample-data").getString("status")).isEqualTo("DOWN");
    HttpResponse<Buffer> search = get(port, "/search?q=dragon");
    assertThat(search.statusCode()).isEqualTo(503);
    assertThat(search.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");

    // 2. Elasticsearch comes up on the address the service was given: the load starts by itself.
    es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions().putSetting("http.port",
      String.valueOf(esPort)));
    until("the load to be in flight with the first documents indexed", Duration.ofSeconds(90), () -> {
      JsonObject sampleData = checks(get(port, "/health/ready").bodyAsJsonObject()).getJsonObject("sample-data");
      JsonObject data = sampleData.getJsonObject("data", new JsonObject());
      return "loading".equals(data.getString("state")) && data.getLong("indexed", 0L) >= HELD_BACK_AFTER / 2;
    });

    // 3. The node is replaced by an empty one on the same address while the load is in flight.
    es.stopNode(0);
    deleteRecursively(es.dataDir().resolve("node-0").resolve("data"));
    es.startNode(0);
    release.complete();

    // 4. The service recovers by itself, with the index as it should be.
    JsonObject ready = ServiceTestSupport.awaitReady(web, port, Duration.ofSeconds(120));
    assertThat(checks(ready).getJsonObject("sample-data").getJsonObject("data").getString("state"))
      .isEqualTo("loaded");
    ElasticsearchClient observer = ElasticsearchClient.create(testVertx, new ElasticsearchClientOptions()
      .setTransport(new TransportOptions().setHosts(es.httpUrl()).setCompatibilityVersion(es.majorVersion())));
    JsonObject mappings = await(observer.perform(HttpMethod.GET, "/" + INDEX + "/_mapping", null, null)).body();
    assertThat(mappings.fieldNames()).as("the alias points at the versioned index").containsExactly(INDEX + "-v1");
    JsonObject properties = mappings.getJsonObject(INDEX + "-v1").getJsonObject("mappings")
      .getJsonObject("properties");
    assertThat(properties.getJsonObject("genre").getString("type")).isEqualTo("keyword");
    JsonArray indices = await(observer.perform(HttpMethod.GET, "/_cat/indices", Map.of("format", "json"), null))
      .bodyAsJsonArray();
    assertThat(indices.stream().map(i -> ((JsonObject) i).getString("index")).filter(i -> !i.startsWith(".")))
      .as("no index was created by a write").containsExactly(INDEX + "-v1");
    HttpResponse<Buffer> found = get(port, "/search?size=1");
    assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
    assertThat(found.bodyAsJsonObject().getLong("total")).isEqualTo(lines.size());
    assertThat(found.bodyAsJsonObject().getJsonObject("facets").getJsonArray("genre")).isNotEmpty();
  }

  /** Serves the documents: the first ones at once, the rest once {@code release} completes. */
  private int serveHeldBack(List<String> lines, Future<Void> release) throws Exception {
    Buffer first = Buffer.buffer(String.join("\n", lines.subList(0, HELD_BACK_AFTER)) + "\n");
    Buffer rest = Buffer.buffer(String.join("\n", lines.subList(HELD_BACK_AFTER, lines.size())) + "\n");
    dataServer = testVertx.createHttpServer().requestHandler(request -> {
      request.response().setChunked(true).putHeader("content-type", "application/x-ndjson");
      request.response().write(first);
      release.onComplete(v -> request.response().end(rest));
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return dataServer.actualPort();
  }

  private HttpResponse<Buffer> get(int port, String uri) {
    return await(web.get(port, "127.0.0.1", uri).send());
  }

  /** @return the readiness checks by id */
  static JsonObject checks(JsonObject readiness) {
    JsonObject byId = new JsonObject();
    readiness.getJsonArray("checks", new JsonArray()).forEach(c -> byId.put(((JsonObject) c).getString("id"), c));
    return byId;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
