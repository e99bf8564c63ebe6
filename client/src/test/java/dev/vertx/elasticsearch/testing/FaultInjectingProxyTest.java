package dev.vertx.elasticsearch.testing;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy's load-driven modes (capacity, byte limit) and its random item rejection against the embedded node, with
 * raw HTTP requests sent at once (no client retries): what is rejected is counted, answered the way Elasticsearch
 * answers it, and never applied by the node. Each request is held by the proxy's delay, so that all of them are held
 * together whatever the machine's speed.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class FaultInjectingProxyTest {

  private static final int DOCS_PER_REQUEST = 50;

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private ElasticsearchClient direct;
  private FaultInjectingProxy proxy;
  private HttpClient http;
  private String index;

  FaultInjectingProxyTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(es.httpUrl());
    options.getTransport().setCompatibilityVersion(es.majorVersion());
    direct = ElasticsearchClient.create(vertx, options);
    proxy = FaultInjectingProxy.start(vertx, es.httpUrl(), 7);
    http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(16));
    index = "proxy-" + UUID.randomUUID().toString().substring(0, 8);
    result(direct.perform(HttpMethod.PUT, "/" + index, null, new JsonObject()
      .put("settings", new JsonObject().put("number_of_shards", 1).put("number_of_replicas", 0))));
  }

  @AfterEach
  void tearDown() {
    result(direct.withOptions(new CallOptions().setIgnoreStatus(Set.of(404))).perform(HttpMethod.DELETE, "/" + index,
      null, null));
    result(http.close());
    proxy.close();
    result(direct.close());
    result(vertx.close());
  }

  /** The NDJSON of request {@code r}: documents with ids {@code r-0 .. r-49}. */
  private Buffer bulkBody(int r) {
    Buffer body = Buffer.buffer();
    for (int i = 0; i < DOCS_PER_REQUEST; i++) {
      body.appendString(new JsonObject().put("index", new JsonObject().put("_id", r + "-" + i)).encode())
        .appendString("\n").appendString(new JsonObject().put("n", i).encode()).appendString("\n");
    }
    return body;
  }

  private record Answer(int status, JsonObject body) {
  }

  /** Sends {@code count} bulk requests through the proxy at once; the answers in request order. */
  private List<Answer> sendAtOnce(int count) {
    URI uri = URI.create(proxy.url());
    List<Future<Answer>> answers = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      Buffer body = bulkBody(r);
      answers.add(http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
          .setPort(uri.getPort()).setURI("/" + index + "/_bulk")
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson"))
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toJsonObject()))));
    }
    result(Future.all(answers));
    return answers.stream().map(Future::result).toList();
  }

  private Set<String> idsInIndex() {
    result(direct.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null));
    JsonArray hits = result(direct.perform(HttpMethod.POST, "/" + index + "/_search", null, new JsonObject()
      .put("size", 10_000).put("_source", false))).body().getJsonObject("hits").getJsonArray("hits");
    Set<String> ids = new HashSet<>();
    hits.forEach(h -> ids.add(((JsonObject) h).getString("_id")));
    return ids;
  }

  private static Set<String> ids(JsonArray items, int status) {
    Set<String> ids = new HashSet<>();
    items.forEach(i -> {
      JsonObject item = ((JsonObject) i).getJsonObject("index");
      if (item.getInteger("status") == status) {
        ids.add(item.getString("_id"));
      }
    });
    return ids;
  }

  @Test
  void capacityAnswersEveryItemOfTheRequestsBeyondItWith429AndForwardsNoneOfThem() {
    proxy.capacity(2).delay(500);
    List<Answer> answers = sendAtOnce(6);

    assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    List<Answer> rejected = answers.stream().filter(a -> a.body().getBoolean("errors")).toList();
    assertThat(rejected).hasSize(4).allSatisfy(a -> {
      JsonArray items = a.body().getJsonArray("items");
      assertThat(items).hasSize(DOCS_PER_REQUEST);
      assertThat(ids(items, 429)).hasSize(DOCS_PER_REQUEST);
      assertThat(items.getJsonObject(0).getJsonObject("index").getString("_index")).isEqualTo(index);
      assertThat(items.getJsonObject(0).getJsonObject("index").getJsonObject("error").getString("type"))
        .isEqualTo("es_rejected_execution_exception");
    });
    assertThat(proxy.capacityRejections()).isEqualTo(4);
    assertThat(proxy.rejectedItems()).isEqualTo(4L * DOCS_PER_REQUEST);
    assertThat(proxy.maxBulkHeld()).isEqualTo(2);
    assertThat(proxy.forwarded()).isEqualTo(2);

    Set<String> applied = new HashSet<>();
    answers.stream().filter(a -> !a.body().getBoolean("errors"))
      .forEach(a -> applied.addAll(ids(a.body().getJsonArray("items"), 201)));
    assertThat(applied).hasSize(2 * DOCS_PER_REQUEST);
    assertThat(idsInIndex()).isEqualTo(applied);
  }

  @Test
  void capacityFreesItsSlotsWhenTheAnswersAreSent() {
    proxy.capacity(1);
    for (int r = 0; r < 3; r++) {
      assertThat(sendAtOnce(1).get(0).body().getBoolean("errors")).isFalse();
    }
    assertThat(proxy.capacityRejections()).isZero();
    assertThat(idsInIndex()).hasSize(DOCS_PER_REQUEST);
  }

  @Test
  void theByteLimitAnswersTheWholeRequestsBeyondIt429AndForwardsNoneOfThem() {
    long size = bulkBody(0).length();
    proxy.maxForwardedBytes(size * 5 / 2).delay(500);
    List<Answer> answers = sendAtOnce(5);

    List<Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
    assertThat(refused).hasSize(3).allSatisfy(a -> {
      assertThat(a.body().getInteger("status")).isEqualTo(429);
      assertThat(a.body().getJsonObject("error").getString("type")).isEqualTo("es_rejected_execution_exception");
    });
    assertThat(answers.stream().filter(a -> a.status() == 200 && !a.body().getBoolean("errors"))).hasSize(2);
    assertThat(proxy.byteLimitRejections()).isEqualTo(3);
    assertThat(proxy.maxBytesHeld()).isLessThanOrEqualTo(size * 5 / 2);
    assertThat(proxy.forwarded()).isEqualTo(2);
    assertThat(idsInIndex()).hasSize(2 * DOCS_PER_REQUEST);
  }

  @Test
  void randomlyRejectedItemsAreExactlyTheDocumentsTheNodeDoesNotHave() {
    proxy.itemRejectRate(0.3);
    List<Answer> answers = sendAtOnce(4);

    Set<String> rejected = new HashSet<>();
    Set<String> created = new HashSet<>();
    answers.forEach(a -> {
      rejected.addAll(ids(a.body().getJsonArray("items"), 429));
      created.addAll(ids(a.body().getJsonArray("items"), 201));
    });
    assertThat(rejected).hasSize((int) proxy.rejectedItems()).isNotEmpty();
    assertThat(rejected.size() + created.size()).isEqualTo(4 * DOCS_PER_REQUEST);
    assertThat(proxy.forwardedItems()).isEqualTo(created.size());
    Set<String> all = new HashSet<>();
    IntStream.range(0, 4).forEach(r -> IntStream.range(0, DOCS_PER_REQUEST).forEach(i -> all.add(r + "-" + i)));
    Set<String> inIndex = idsInIndex();
    assertThat(inIndex).isEqualTo(created);
    all.removeAll(inIndex);
    assertThat(all).isEqualTo(rejected);
  }
}
