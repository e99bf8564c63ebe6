package dev.vertx.elasticsearch.client;

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
}
