package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.BadRequestException;
import dev.vertx.elasticsearch.testing.FaultyServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the transport puts on the wire: auth, compatibility, meta, opaque id, custom headers, compression. */
@ExtendWith(VertxExtension.class)
class TransportHeadersTest {

  private Vertx vertx;
  private FaultyServer server;
  private ElasticsearchClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    server = FaultyServer.start(vertx);
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      result(client.close());
    }
    server.close();
  }

  private MultiMap send(TransportOptions options, Object body) {
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(options));
    result(client.perform(HttpMethod.POST, "/idx/_search", Map.of("q", "a b+c&d"), body));
    return server.requests().get(server.requests().size() - 1).headers();
  }

  @Test
  void compatibilityHeadersFollowTheConfiguredVersion() {
    MultiMap h = send(new TransportOptions().setHosts(server.url()), new JsonObject().put("a", 1));
    assertThat(h.get("accept")).isEqualTo("application/vnd.elasticsearch+json; compatible-with=9");
    assertThat(h.get("content-type")).isEqualTo("application/vnd.elasticsearch+json; compatible-with=9");
    result(client.close());

    h = send(new TransportOptions().setHosts(server.url()).setCompatibilityVersion(8), new JsonObject());
    assertThat(h.get("accept")).isEqualTo("application/vnd.elasticsearch+json; compatible-with=8");
    result(client.close());

    h = send(new TransportOptions().setHosts(server.url()).setCompatibilityVersion(0), new JsonObject());
    assertThat(h.get("accept")).isEqualTo("application/json");
    assertThat(h.get("content-type")).isEqualTo("application/json");
  }

  /** Answers as an 8.x node does: a compatible-with=9 request is refused with 400, anything else is served. */
  private void actLikeAnEightNode() {
    server.otherwise(r -> {
      String accept = r.headers().get("accept");
      if (accept != null && accept.contains("compatible-with=9")) {
        FaultyServer.status(400, "{\"error\":{\"type\":\"media_type_header_exception\",\"reason\":\"Invalid media-type "
          + "value on headers [Accept]\",\"caused_by\":{\"type\":\"status_exception\",\"reason\":\"Accept version must "
          + "be either version 8 or 7, but found 9. Accept=" + accept + "\"}},\"status\":400}").handle(r);
      } else {
        FaultyServer.ok("{\"ok\":true}").handle(r);
      }
    });
  }

  @Test
  void theCompatibilityVersionIsLearntFromAClusterThatRefusesTheFirstOne() {
    actLikeAnEightNode();
    client = ElasticsearchClient.create(vertx, ElasticsearchClientOptions.forHosts(server.url()));
    // several requests in flight when the cluster refuses: each is sent again once, none fails
    List<Future<ElasticsearchResponse>> first = IntStream.range(0, 5)
      .mapToObj(i -> client.perform(HttpMethod.POST, "/idx/_search", null, new JsonObject())).toList();
    for (Future<ElasticsearchResponse> f : first) {
      assertThat(result(f).status()).isEqualTo(200);
    }
    int refused = server.requests().size() - 5;
    assertThat(refused).isBetween(1, 5);
    // from then on every request carries the version the cluster named, and nothing more is refused
    result(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(server.requests()).hasSize(5 + refused + 1);
    MultiMap last = server.requests().get(server.requests().size() - 1).headers();
    assertThat(last.get("accept")).isEqualTo("application/vnd.elasticsearch+json; compatible-with=8");
  }

  @Test
  void anExplicitCompatibilityVersionIsNeverChanged() {
    actLikeAnEightNode();
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(new TransportOptions()
      .setHosts(server.url()).setCompatibilityVersion(9)));
    Throwable error = failure(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(error).isInstanceOf(BadRequestException.class).hasMessageContaining("setCompatibilityVersion");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void ndjsonAndTextMediaTypesAreRewrittenToo() {
    client = ElasticsearchClient.create(vertx, ElasticsearchClientOptions.forHosts(server.url()));
    result(client.perform(TransportRequest.of(HttpMethod.POST, "/_bulk")
      .header("accept", "text/plain,application/json")
      .body(Buffer.buffer("{}\n"), "application/x-ndjson")));
    MultiMap h = server.requests().get(0).headers();
    assertThat(h.get("content-type")).isEqualTo("application/vnd.elasticsearch+x-ndjson; compatible-with=9");
    assertThat(h.get("accept")).isEqualTo("text/plain,application/vnd.elasticsearch+json; compatible-with=9");
  }

  @Test
  void queryParametersArePercentEncoded() {
    send(new TransportOptions().setHosts(server.url()), null);
    assertThat(server.requests().get(0).request().uri()).isEqualTo("/idx/_search?q=a%20b%2Bc%26d");
    assertThat(server.requests().get(0).request().getParam("q")).isEqualTo("a b+c&d");
  }

  @Test
  void pathPrefixOfTheHostIsKept() {
    send(new TransportOptions().setHosts(server.url() + "/es/"), null);
    assertThat(server.requests().get(0).request().path()).isEqualTo("/es/idx/_search");
  }

  @Test
  void clientMetaUserAgentAndHelperMarker() {
    MultiMap h = send(new TransportOptions().setHosts(server.url()), null);
    assertThat(h.get("x-elastic-client-meta")).matches("es=[0-9.]+p?,jv=\\d+,t=[0-9.]+p?,vx=[0-9.]+p?");
    assertThat(h.get("user-agent")).startsWith("vertx-elasticsearch/");

    result(client.withOptions(new CallOptions().setHelper("bp")).perform(HttpMethod.GET, "/", null, null));
    assertThat(server.requests().get(1).headers().get("x-elastic-client-meta")).endsWith(",h=bp");
    result(client.close());

    h = send(new TransportOptions().setHosts(server.url()).setClientMeta(false), null);
    assertThat(h.contains("x-elastic-client-meta")).isFalse();
  }

  @Test
  void basicAuthFromOptionsOrUserInfo() {
    MultiMap h = send(new TransportOptions().setHosts(server.url()).setCredentials(Credentials.basic("elastic", "s3cr3t")), null);
    assertThat(h.get("authorization")).isEqualTo(basic("elastic:s3cr3t"));
    result(client.close());

    h = send(new TransportOptions().setHosts(server.url().replace("//", "//elastic:p%40ss@")), null);
    assertThat(h.get("authorization")).isEqualTo(basic("elastic:p@ss"));
  }

  @Test
  void apiKeyAndBearerAuth() {
    MultiMap h = send(new TransportOptions().setHosts(server.url()).setCredentials(Credentials.apiKey("id", "key")), null);
    assertThat(h.get("authorization")).isEqualTo("ApiKey " + Base64.getEncoder().encodeToString("id:key".getBytes()));
    result(client.close());
    h = send(new TransportOptions().setHosts(server.url()).setCredentials(Credentials.apiKey("ZW5jb2RlZA==")), null);
    assertThat(h.get("authorization")).isEqualTo("ApiKey ZW5jb2RlZA==");
    result(client.close());
    h = send(new TransportOptions().setHosts(server.url()).setCredentials(Credentials.bearer("tok")), null);
    assertThat(h.get("authorization")).isEqualTo("Bearer tok");
  }

  @Test
  void perRequestCredentialsReplaceTheClientsAndConflictsAreRejected() {
    send(new TransportOptions().setHosts(server.url()).setCredentials(Credentials.basic("a", "b")), null);
    ElasticsearchClient view = client.withOptions(new CallOptions().setCredentials(Credentials.bearer("t2")));
    result(view.perform(HttpMethod.GET, "/", null, null));
    assertThat(server.requests().get(1).headers().get("authorization")).isEqualTo("Bearer t2");

    ElasticsearchClient conflicting = client.withOptions(new CallOptions().setCredentials(Credentials.bearer("x"))
      .putHeader("Authorization", "Basic eA=="));
    assertThat(failure(conflicting.perform(HttpMethod.GET, "/", null, null))).isInstanceOf(IllegalArgumentException.class);

    assertThatThrownBy(() -> ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts("http://u:secretpw@localhost:9200").setCredentials(Credentials.bearer("t")))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secretpw");
    assertThatThrownBy(() -> ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(server.url()).setCredentials(Credentials.bearer("t"))
        .putHeader("Authorization", "Bearer other"))))
      .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void opaqueIdAndCustomHeaders() {
    send(new TransportOptions().setHosts(server.url()).putHeader("x-team", "search"), null);
    result(client.withOptions(new CallOptions().setOpaqueId("job-42").putHeader("x-extra", "1"))
      .perform(HttpMethod.GET, "/", null, null));
    MultiMap h = server.requests().get(1).headers();
    assertThat(h.get("x-opaque-id")).isEqualTo("job-42");
    assertThat(h.get("x-extra")).isEqualTo("1");
    assertThat(h.get("x-team")).isEqualTo("search");
  }

  @Test
  void perRequestHeadersDoNotLeakIntoLaterRequests() {
    // plain requests share one header set: a request with headers of its own must not change it
    client = ElasticsearchClient.create(vertx, ElasticsearchClientOptions.forHosts(server.url()));
    result(client.withOptions(new CallOptions().setOpaqueId("one-off").putHeader("x-extra", "1"))
      .perform(HttpMethod.POST, "/i/_search", null, new JsonObject()));
    result(client.perform(TransportRequest.of(HttpMethod.POST, "/_bulk").header("x-bulk", "2")
      .body(Buffer.buffer("{}\n"), "application/x-ndjson")));
    result(client.perform(HttpMethod.POST, "/i/_search", null, new JsonObject()));
    result(client.perform(TransportRequest.of(HttpMethod.POST, "/_bulk").body(Buffer.buffer("{}\n"),
      "application/x-ndjson")));
    result(client.perform(HttpMethod.GET, "/", null, null));
    MultiMap json = server.requests().get(2).headers();
    MultiMap ndjson = server.requests().get(3).headers();
    MultiMap none = server.requests().get(4).headers();
    for (MultiMap h : List.of(json, ndjson, none)) {
      assertThat(h.contains("x-opaque-id")).isFalse();
      assertThat(h.contains("x-extra")).isFalse();
      assertThat(h.contains("x-bulk")).isFalse();
      assertThat(h.get("accept")).isEqualTo("application/vnd.elasticsearch+json; compatible-with=9");
    }
    assertThat(json.get("content-type")).isEqualTo("application/vnd.elasticsearch+json; compatible-with=9");
    assertThat(ndjson.get("content-type")).isEqualTo("application/vnd.elasticsearch+x-ndjson; compatible-with=9");
    assertThat(none.contains("content-type")).isFalse();
  }

  @Test
  void requestBodiesAreGzippedWhenAskedAndResponsesAcceptGzip() throws IOException {
    JsonObject body = new JsonObject().put("query", new JsonObject().put("match_all", new JsonObject()));
    MultiMap h = send(new TransportOptions().setHosts(server.url()).setCompressRequests(true), body);
    assertThat(h.get("content-encoding")).isEqualTo("gzip");
    assertThat(h.get("accept-encoding")).contains("gzip");
    byte[] raw = server.requests().get(0).body().getBytes();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      assertThat(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))).isEqualTo(body);
    }
  }

  @Test
  void gzippedResponsesAreDecompressed() {
    server.then(r -> r.response().putHeader("X-Elastic-Product", "Elasticsearch")
      .putHeader("content-encoding", "gzip").end(FaultyServer.gzip("{\"hello\":\"world\"}".getBytes())));
    client = ElasticsearchClient.create(vertx, ElasticsearchClientOptions.forHosts(server.url()));
    assertThat(result(client.perform(HttpMethod.GET, "/", null, null)).body().getString("hello")).isEqualTo("world");
  }

  @Test
  void warningsReachTheResponseAndTheListener() {
    List<List<String>> seen = new CopyOnWriteArrayList<>();
    server.then(r -> r.response().putHeader("X-Elastic-Product", "Elasticsearch")
      .putHeader("Warning", "299 Elasticsearch-9.5.3 \"[types removal] deprecated\"").end("{}"));
    client = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(server.url()).setWarningHandler(seen::add)));
    var response = result(client.perform(HttpMethod.GET, "/", null, null));
    assertThat(response.warnings()).singleElement().asString().contains("types removal");
    assertThat(seen).containsExactly(response.warnings());
  }

  @Test
  void aBodyThatCannotBeSerialisedSendsNothing() {
    client = ElasticsearchClient.create(vertx, ElasticsearchClientOptions.forHosts(server.url()));
    Object notSerialisable = new Object() {
      @SuppressWarnings("unused")
      public Object getSelf() {
        return this;
      }
    };
    assertThat(failure(client.perform(HttpMethod.POST, "/i/_doc", null, notSerialisable)))
      .isInstanceOf(dev.vertx.elasticsearch.error.SerializationException.class);
    assertThat(server.requests()).isEmpty();
  }

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }
}
