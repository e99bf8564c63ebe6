package dev.vertx.elasticsearch.client.api;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.cat.CatIndicesRequest;
import dev.vertx.elasticsearch.client.api.core.BulkRequest;
import dev.vertx.elasticsearch.client.api.core.ExistsRequest;
import dev.vertx.elasticsearch.client.api.core.GetRequest;
import dev.vertx.elasticsearch.client.api.core.IndexRequest;
import dev.vertx.elasticsearch.client.api.core.OpenPointInTimeRequest;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesCreateRequest;
import dev.vertx.elasticsearch.client.api.nodes.NodesStatsRequest;
import dev.vertx.elasticsearch.client.impl.ElasticsearchClientImpl;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Path encoding, path choice, parameter formatting and early failures of the generated requests. */
class ApiRequestPathEncodingTest {

  private final RecordingTransport transport = new RecordingTransport();
  private final ElasticsearchClient client = new ElasticsearchClientImpl(transport, null);

  private TransportRequest sent(Future<?> future) {
    assertThat(future.succeeded()).as(String.valueOf(future.cause())).isTrue();
    return transport.last();
  }

  @Test
  void segmentsArePercentEncoded() {
    assertThat(PathEncoding.segment("plain-id_1.2~x*")).isEqualTo("plain-id_1.2~x*");
    assertThat(PathEncoding.segment("a/b")).isEqualTo("a%2Fb");
    assertThat(PathEncoding.segment("a#b")).isEqualTo("a%23b");
    assertThat(PathEncoding.segment("a?b")).isEqualTo("a%3Fb");
    assertThat(PathEncoding.segment("a+b")).isEqualTo("a%2Bb");
    assertThat(PathEncoding.segment("a b")).isEqualTo("a%20b");
    assertThat(PathEncoding.segment("100%")).isEqualTo("100%25");
    assertThat(PathEncoding.segment("a,b")).isEqualTo("a%2Cb");
    assertThat(PathEncoding.segment("ü")).isEqualTo("%C3%BC");
    assertThat(PathEncoding.segment("日本")).isEqualTo("%E6%97%A5%E6%9C%AC");
    assertThat(PathEncoding.segment("😀")).isEqualTo("%F0%9F%98%80");
    assertThat(PathEncoding.segment("é/ü")).isEqualTo("%C3%A9%2F%C3%BC");
    assertThat(PathEncoding.segment(".")).isEqualTo("%2E");
    assertThat(PathEncoding.segment("..")).isEqualTo("%2E%2E");
    assertThat(PathEncoding.segment("...")).isEqualTo("...");
  }

  @Test
  void documentIdsWithReservedCharactersAreEncodedInThePath() {
    TransportRequest request = sent(client.get(new GetRequest().index("my index").id("a/b#c?d+e f%g ü")));
    assertThat(request.method()).isEqualTo(HttpMethod.GET);
    assertThat(request.path()).isEqualTo("/my%20index/_doc/a%2Fb%23c%3Fd%2Be%20f%25g%20%C3%BC");
    assertThat(request.pathParts()).isEqualTo(Map.of("index", "my index", "id", "a/b#c?d+e f%g ü"));
    assertThat(request.endpoint()).isEqualTo("get");
    assertThat(request.query()).isEmpty();
  }

  @Test
  void listPartsAreJoinedWithLiteralCommas() {
    TransportRequest request = sent(client.search(new SearchRequest().index("logs-*", "a b", "c,d", "ü")));
    assertThat(request.path()).isEqualTo("/logs-*,a%20b,c%2Cd,%C3%BC/_search");
    assertThat(request.pathParts()).containsEntry("index", "logs-*,a b,c,d,ü");
    assertThat(sent(client.search(new SearchRequest().index(List.of("one")))).path()).isEqualTo("/one/_search");
  }

  @Test
  void theMostSpecificPathWhosePartsAreGivenIsUsed() {
    assertThat(sent(client.search(new SearchRequest())).path()).isEqualTo("/_search");
    // An empty list or string is refused rather than dropped: it would widen the request to every index.
    assertThat(client.search(new SearchRequest().index(List.of())).cause())
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'index'");
    assertThat(sent(client.nodes().stats(new NodesStatsRequest())).path()).isEqualTo("/_nodes/stats");
    assertThat(sent(client.nodes().stats(new NodesStatsRequest().metric("jvm"))).path())
      .isEqualTo("/_nodes/stats/jvm");
    assertThat(sent(client.nodes().stats(new NodesStatsRequest().nodeId("n1", "n2").metric("indices")
      .indexMetric("docs"))).path()).isEqualTo("/_nodes/n1,n2/stats/indices/docs");
  }

  @Test
  void aPartThatNoPathTakesWithTheOthersFailsBeforeSending() {
    Future<ElasticsearchResponse> future = client.nodes().stats(new NodesStatsRequest().indexMetric("docs"));
    assertThat(future.failed()).isTrue();
    assertThat(future.cause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'index_metric'");
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void missingRequiredPartFailsBeforeSendingAndNamesThePart() {
    Future<ElasticsearchResponse> future = client.get(new GetRequest().index("products"));
    assertThat(future.failed()).isTrue();
    assertThat(future.cause()).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Missing required path part 'id' of get");
    Future<ElasticsearchResponse> none = client.indices().create(new IndicesCreateRequest());
    assertThat(none.cause()).hasMessage("Missing required path part 'index' of indices.create");
    assertThat(client.search((SearchRequest) null).cause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(client.search((Consumer<SearchRequest>) null).cause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(client.get(r -> r.index("books")).cause()).hasMessage("Missing required path part 'id' of get");
    assertThat(client.get(r -> {
      throw new IllegalStateException("from the lambda");
    }).cause()).hasMessage("from the lambda");
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void missingRequiredQueryParameterOrBodyFailsBeforeSending() {
    Future<ElasticsearchResponse> pit = client.openPointInTime(new OpenPointInTimeRequest().index("i"));
    assertThat(pit.cause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'keep_alive'");
    Future<ElasticsearchResponse> bulk = client.bulk(new BulkRequest());
    assertThat(bulk.cause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body");
    assertThat(transport.sent).isEmpty();
    assertThat(sent(client.openPointInTime(new OpenPointInTimeRequest().index("i").keepAlive("1m"))).query())
      .isEqualTo(Map.of("keep_alive", "1m"));
  }

  @Test
  void anUnwritableBodyFailsBeforeSending() {
    Future<ElasticsearchResponse> future = client.index(new IndexRequest().index("i").body(new Object()));
    assertThat(future.cause()).isInstanceOf(SerializationException.class);
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void queryParametersAreFormattedAsText() {
    TransportRequest request = sent(client.search(new SearchRequest()
      .size(10).trackTotalHits(true).defaultOperator(SearchRequest.DefaultOperator.AND)
      .source("title", "price").timeout("5s").querySource("{}").pretty(true).human(false).errorTrace(true)
      .filterPath(List.of("hits.hits._id")).queryParam("new_param", "x")));
    assertThat(request.query()).containsExactly(
      Map.entry("size", "10"), Map.entry("track_total_hits", "true"), Map.entry("default_operator", "and"),
      Map.entry("_source", "title,price"), Map.entry("timeout", "5s"), Map.entry("source", "{}"),
      Map.entry("pretty", "true"), Map.entry("human", "false"), Map.entry("error_trace", "true"),
      Map.entry("filter_path", "hits.hits._id"), Map.entry("new_param", "x"));
    assertThat(sent(client.search(new SearchRequest().size(10).size(null))).query()).isEmpty();
    assertThat(sent(client.search(new SearchRequest().defaultOperator("OR"))).query())
      .containsEntry("default_operator", "OR");
  }

  @Test
  void aBodyTurnsGetIntoPost() {
    assertThat(sent(client.search(new SearchRequest())).method()).isEqualTo(HttpMethod.GET);
    TransportRequest request = sent(client.search(new SearchRequest().index("i")
      .body(new JsonObject().put("query", new JsonObject().put("match_all", new JsonObject())))));
    assertThat(request.method()).isEqualTo(HttpMethod.POST);
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(request.body().toString()).isEqualTo("{\"query\":{\"match_all\":{}}}");
    // A path whose first method is PUT keeps it.
    assertThat(sent(client.index(new IndexRequest().index("i").id("1").body(Map.of("a", 1)))).method())
      .isEqualTo(HttpMethod.PUT);
    assertThat(sent(client.index(new IndexRequest().index("i").body(Map.of("a", 1)))).method())
      .isEqualTo(HttpMethod.POST);
  }

  @Test
  void ndjsonBodiesAreWrittenLineByLine() {
    TransportRequest request = sent(client.bulk(new BulkRequest().index("i").refresh(BulkRequest.Refresh.WAIT_FOR)
      .body(List.of(new JsonObject().put("index", new JsonObject().put("_id", "1")), Map.of("title", "a"),
        "{\"delete\":{\"_id\":\"2\"}}"))));
    assertThat(request.method()).isEqualTo(HttpMethod.POST);
    assertThat(request.path()).isEqualTo("/i/_bulk");
    assertThat(request.contentType()).isEqualTo("application/x-ndjson");
    assertThat(request.query()).isEqualTo(Map.of("refresh", "wait_for"));
    assertThat(request.body().toString())
      .isEqualTo("{\"index\":{\"_id\":\"1\"}}\n{\"title\":\"a\"}\n{\"delete\":{\"_id\":\"2\"}}\n");
    Buffer raw = Buffer.buffer("{\"index\":{}}\n{}\n");
    assertThat(sent(client.bulk(new BulkRequest().body(raw))).body()).isSameAs(raw);
  }

  @Test
  void textEndpointsAskForTextAndJson() {
    TransportRequest request = sent(client.cat().indices(new CatIndicesRequest().index("a", "b").format("json")));
    assertThat(request.path()).isEqualTo("/_cat/indices/a,b");
    assertThat(request.headers().get("Accept")).isEqualTo("text/plain, application/json");
    assertThat(request.query()).isEqualTo(Map.of("format", "json"));
    assertThat(sent(client.search(new SearchRequest())).headers().get("Accept")).isNull();
  }

  @Test
  void headEndpointsAnswerTrueOrFalse() {
    Future<Boolean> exists = client.exists(new ExistsRequest().index("i").id("1"));
    assertThat(exists.result()).isTrue();
    assertThat(transport.last().method()).isEqualTo(HttpMethod.HEAD);
    assertThat(transport.last().path()).isEqualTo("/i/_doc/1");
    transport.status = 404;
    assertThat(client.exists(new ExistsRequest().index("i").id("2")).result()).isFalse();
    assertThat(client.indices().exists(new dev.vertx.elasticsearch.client.api.indices.IndicesExistsRequest()
      .index("nope")).result()).isFalse();
    transport.status = 500;
    assertThat(client.exists(new ExistsRequest().index("i").id("3")).failed()).isTrue();
  }

  @Test
  void requestsCanBeInspectedAndSentAgain() {
    GetRequest get = new GetRequest().index("i").id("1").realtime(false);
    assertThat(get.pathParts()).isEqualTo(Map.of("index", "i", "id", "1"));
    assertThat(get.queryParams()).isEqualTo(Map.of("realtime", "false"));
    assertThat(get.endpoint().id()).isEqualTo("get");
    assertThat(get.toTransportRequest().path()).isEqualTo("/i/_doc/1");
    assertThat(sent(client.get(get)).path()).isEqualTo("/i/_doc/1");
    assertThat(sent(client.get(get)).path()).isEqualTo("/i/_doc/1");
  }
}
