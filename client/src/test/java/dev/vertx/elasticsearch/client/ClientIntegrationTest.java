package dev.vertx.elasticsearch.client;

import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.BadRequestException;
import dev.vertx.elasticsearch.error.ConflictException;
import dev.vertx.elasticsearch.error.NotFoundException;
import dev.vertx.elasticsearch.error.ResponseTooLargeException;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** The client against a real, embedded Elasticsearch node (8.x or 9.x). */
@ExtendWith({VertxExtension.class, EmbeddedElasticsearchExtension.class})
class ClientIntegrationTest {

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private ElasticsearchClient client;
  private String index;

  ClientIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  /** Options for the embedded node, with the compatibility version it accepts. */
  static TransportOptions transport(EmbeddedElasticsearch es) {
    return new TransportOptions().setHosts(es.httpUrls()).setCompatibilityVersion(es.majorVersion());
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(transport(es)));
    index = "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    result(client.withOptions(new CallOptions().setIgnoreStatus(java.util.Set.of(404)))
      .perform(HttpMethod.DELETE, "/" + index, null, null));
    result(client.close());
  }

  @Test
  void infoAndPing() {
    JsonObject info = result(client.info()).body();
    assertThat(info.getJsonObject("version").getString("number")).isEqualTo(es.version());
    assertThat(info.getString("cluster_name")).isEqualTo(es.clusterName());
    assertThat(result(client.ping())).isTrue();
  }

  @Test
  void pingIsFalseWhenNothingAnswers() throws Exception {
    String refused = dev.vertx.elasticsearch.testing.FaultyServer.refusedUrl();
    ElasticsearchClient nowhere = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(refused).setRetry(RetryConfig.NONE)));
    assertThat(result(nowhere.ping())).isFalse();
    result(nowhere.close());
  }

  @Test
  void documentRoundTripAndTypedErrors() {
    JsonObject doc = new JsonObject().put("title", "Vert.x in action").put("year", 2020);
    ElasticsearchResponse indexed = result(client.perform(HttpMethod.PUT, "/" + index + "/_doc/1",
      Map.of("refresh", "true"), doc));
    assertThat(indexed.status()).isEqualTo(201);
    assertThat(indexed.node()).isEqualTo(es.httpUrl());

    ElasticsearchResponse got = result(client.perform(HttpMethod.GET, "/" + index + "/_doc/1", null, null));
    assertThat(got.body().getJsonObject("_source")).isEqualTo(doc);
    Book book = result(client.perform(HttpMethod.GET, "/" + index + "/_source/1", null, null)).as(Book.class);
    assertThat(book.title).isEqualTo("Vert.x in action");

    Throwable conflict = failure(client.perform(HttpMethod.PUT, "/" + index + "/_create/1", null, doc));
    assertThat(conflict).isInstanceOf(ConflictException.class);
    assertThat(((ConflictException) conflict).errorType()).isEqualTo("version_conflict_engine_exception");

    Throwable missingIndex = failure(client.perform(HttpMethod.GET, "/no-such-index-" + index + "/_doc/1", null, null));
    assertThat(missingIndex).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) missingIndex).errorType()).isEqualTo("index_not_found_exception");

    Throwable badQuery = failure(client.perform(HttpMethod.POST, "/" + index + "/_search", null,
      new JsonObject().put("query", new JsonObject().put("no_such_query", new JsonObject()))));
    assertThat(badQuery).isInstanceOf(BadRequestException.class);

    assertThat(result(client.perform(HttpMethod.HEAD, "/" + index + "/_doc/1", null, null)).status()).isEqualTo(200);
    assertThat(result(client.perform(HttpMethod.HEAD, "/" + index + "/_doc/2", null, null)).status()).isEqualTo(404);
  }

  @Test
  void theMatchingCompatibilityVersionIsAcceptedAndAWrongOneRejected() {
    int wrong = es.majorVersion() == 9 ? 7 : 9;
    ElasticsearchClient mismatched = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      transport(es).setCompatibilityVersion(wrong)));
    assertThat(failure(mismatched.info())).isInstanceOf(BadRequestException.class);
    result(mismatched.close());

    ElasticsearchClient plain = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      transport(es).setCompatibilityVersion(0)));
    assertThat(result(plain.info()).status()).isEqualTo(200);
    result(plain.close());
  }

  @Test
  void gzipRequestsAndResponses() {
    ElasticsearchClient gzip = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      transport(es).setCompressRequests(true)));
    JsonObject doc = new JsonObject().put("text", "compressed ".repeat(500));
    result(gzip.perform(HttpMethod.PUT, "/" + index + "/_doc/z", Map.of("refresh", "true"), doc));
    ElasticsearchResponse got = result(gzip.perform(HttpMethod.GET, "/" + index + "/_doc/z", null, null));
    assertThat(got.body().getJsonObject("_source")).isEqualTo(doc);
    result(gzip.close());
  }

  @Test
  void opaqueIdIsEchoedAndViewsShareTheTransport() {
    ElasticsearchClient view = client.withOptions(new CallOptions().setOpaqueId("trace-me"));
    assertThat(view.transport()).isSameAs(client.transport());
    ElasticsearchResponse response = result(view.info());
    assertThat(response.headers().get("X-Opaque-Id")).isEqualTo("trace-me");
  }

  @Test
  void sniffingFindsTheRealNode() {
    List<Node> nodes = result(client.transport().sniff());
    assertThat(nodes).hasSize(es.httpUrls().size());
    assertThat(nodes).extracting(Node::url).containsExactlyInAnyOrderElementsOf(es.httpUrls());
    assertThat(nodes).allSatisfy(n -> assertThat(n.name()).isNotBlank());
    assertThat(result(client.info()).status()).isEqualTo(200);
  }

  @Test
  void manyConcurrentRequestsOverFewConnections() {
    ElasticsearchClient narrow = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      transport(es).setConnectionsPerNode(2)));
    List<Future<ElasticsearchResponse>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(narrow.perform(HttpMethod.PUT, "/" + index + "/_doc/" + i, null, new JsonObject().put("n", i)));
    }
    result(Future.all(all));
    result(narrow.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null));
    JsonObject count = result(narrow.perform(HttpMethod.GET, "/" + index + "/_count", null, null)).body();
    assertThat(count.getInteger("count")).isEqualTo(200);
    result(narrow.close());
  }

  @Test
  void callbacksOfRealRequestsRunOnTheCallersContext() {
    Context context = vertx.getOrCreateContext();
    Promise<Boolean> same = Promise.promise();
    context.runOnContext(v -> client.info().onComplete(ar -> same.complete(ar.succeeded()
      && Vertx.currentContext() == context)));
    assertThat(result(same.future())).isTrue();
  }

  @Test
  void aResponseOverTheLimitFails() {
    ElasticsearchClient small = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      transport(es).setMaxResponseSize(200)));
    assertThat(failure(small.perform(HttpMethod.GET, "/_nodes", null, null))).isInstanceOf(ResponseTooLargeException.class);
    assertThat(result(small.ping())).isTrue();
    result(small.close());
  }

  @Test
  void closeFailsFast() {
    result(client.close());
    assertThat(failure(client.info())).isInstanceOf(dev.vertx.elasticsearch.error.ClientClosedException.class);
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(transport(es)));
  }

  /** A POJO read with Jackson. */
  public static class Book {
    public String title;
    public int year;
  }

}
