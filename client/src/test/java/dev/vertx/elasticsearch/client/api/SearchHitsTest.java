package dev.vertx.elasticsearch.client.api;

import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchHitsTest {

  public record Product(String name, double price) {
  }

  private static ElasticsearchResponse response(String body) {
    return new ElasticsearchResponse(new TransportResponse(200, HttpHeaders.headers(), Buffer.buffer(body),
      "http://fake:9200", List.of(), List.of()));
  }

  @Test
  void sourcesAreReadAsTheGivenType() {
    ElasticsearchResponse response = response("""
      {"took": 1, "hits": {"total": {"value": 1200, "relation": "gte"}, "max_score": 1.5, "hits": [
        {"_index": "products", "_id": "1", "_score": 1.5, "_source": {"name": "lamp", "price": 12.5}},
        {"_index": "products", "_id": "2", "_score": null, "_source": {"name": "desk", "price": 99}},
        {"_index": "products", "_id": "3", "_score": 0.5}
      ]}}
      """);
    SearchHits<Product> hits = response.hits(Product.class);
    assertThat(hits.total()).isEqualTo(1200);
    assertThat(hits.totalRelation()).isEqualTo("gte");
    assertThat(hits.maxScore()).isEqualTo(1.5);
    assertThat(hits.sources()).containsExactly(new Product("lamp", 12.5), new Product("desk", 99), null);
    assertThat(hits.hits().get(0).id()).isEqualTo("1");
    assertThat(hits.hits().get(0).index()).isEqualTo("products");
    assertThat(hits.hits().get(1).score()).isNull();
    assertThat(hits.hits().get(2).json().getString("_id")).isEqualTo("3");
    assertThat(response.hits(Map.class).sources().get(0)).containsEntry("name", "lamp");
    assertThat(response.hits(JsonObject.class).sources().get(1).getString("name")).isEqualTo("desk");
  }

  @Test
  void emptyAndUnmappableResponses() {
    assertThat(response("{\"hits\":{\"total\":3,\"hits\":[]}}").hits(Product.class).total()).isEqualTo(3);
    assertThat(response("{}").hits(Product.class).hits()).isEmpty();
    assertThatThrownBy(() -> response("{\"hits\":{\"hits\":[{\"_id\":\"x\",\"_source\":{\"price\":\"cheap\"}}]}}")
      .hits(Product.class)).isInstanceOf(SerializationException.class).hasMessageContaining("x");
  }

  @Test
  void streamedAndTreeReadsAgree() {
    String body = """
      {"took": 2, "timed_out": false, "_shards": {"total": 1},
       "hits": {"total": {"value": 2, "relation": "eq"}, "max_score": null, "hits": [
        {"_index": "p", "_id": "a", "_score": null, "_source": {"name": "lamp", "price": 1, "extra": [1, {"x": 2}]},
         "sort": [5, "k"], "highlight": {"name": ["<em>lamp</em>"]}},
        {"_index": "p", "_id": "b", "_score": 2.0, "_source": null, "fields": {"f": [1]}}
      ]}, "aggregations": {"a": {"value": 1}}}
      """;
    SearchHits<Map> streamed = response(body).hits(Map.class);
    ElasticsearchResponse tree = response(body);
    tree.body();
    SearchHits<Map> fromTree = tree.hits(Map.class);
    for (SearchHits<Map> hits : List.of(streamed, fromTree)) {
      assertThat(hits.total()).isEqualTo(2);
      assertThat(hits.maxScore()).isNull();
      assertThat(hits.hits()).extracting(SearchHits.Hit::id).containsExactly("a", "b");
      assertThat(hits.hits()).extracting(SearchHits.Hit::score).containsExactly(null, 2.0);
      assertThat(hits.sources().get(0)).containsEntry("name", "lamp");
      assertThat(hits.sources().get(1)).isNull();
      // the rest of each hit is there on demand
      assertThat(hits.hits().get(0).json().getJsonObject("highlight").getJsonArray("name").getString(0))
        .isEqualTo("<em>lamp</em>");
      assertThat(hits.hits().get(1).json().getJsonObject("fields").getJsonArray("f").getInteger(0)).isEqualTo(1);
    }
  }

  @Test
  void asyncSearchResponsesAreRead() {
    String body = """
      {"id": "x", "is_running": false, "response": {"took": 1, "hits": {"total": {"value": 1, "relation": "eq"},
        "hits": [{"_index": "p", "_id": "1", "_score": 1.0, "_source": {"name": "lamp", "price": 2}}]}}}
      """;
    SearchHits<Product> hits = response(body).hits(Product.class);
    assertThat(hits.total()).isEqualTo(1);
    assertThat(hits.sources()).containsExactly(new Product("lamp", 2));
    assertThat(hits.hits().get(0).json().getString("_id")).isEqualTo("1");
  }

  @Test
  void streamedReadErrorsAreTypedAndNameTheHit() {
    assertThatThrownBy(() -> response("{\"hits\":{\"hits\":[{\"_source\":{\"price\":\"cheap\"},\"_id\":\"late\"}]}}")
      .hits(Product.class)).isInstanceOf(SerializationException.class).hasMessageContaining("hit #0")
      .hasMessageContaining(Product.class.getName());
    assertThatThrownBy(() -> response("not json").hits(Product.class)).isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> response("[1]").hits(Product.class)).isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> response("{\"hits\":{\"hits\":[{\"_id\":\"t\",\"_source\":{\"na").hits(Product.class))
      .isInstanceOf(SerializationException.class);
  }
}
