package dev.vertx.elasticsearch.client;

import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.SearchHits;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A search answer with its documents read as a type: the hits, the total, the aggregations, and the whole response
 * for anything else. Made by {@link ElasticsearchClient#search(dev.vertx.elasticsearch.client.api.core.SearchRequest,
 * Class)}.
 *
 * @param <T> the document type
 */
public final class SearchResponse<T> {

  private final ElasticsearchResponse response;
  private final SearchHits<T> hits;

  /**
   * @param response the answer
   * @param type the document type
   * @throws dev.vertx.elasticsearch.error.SerializationException when the answer is not a search response or a
   *     {@code _source} does not map to the type
   */
  public SearchResponse(ElasticsearchResponse response, Class<T> type) {
    this.response = response;
    this.hits = response.hits(type);
  }

  /** @return the hits, each with its {@code _source} as the type */
  public SearchHits<T> hits() {
    return hits;
  }

  /** @return the {@code _source} of every hit, as the type */
  public List<T> documents() {
    return hits.sources();
  }

  /** @return {@code hits.total.value}, or {@code -1} when the total was not tracked */
  public long total() {
    return hits.total();
  }

  /** @return the {@code aggregations} object, empty when the search asked for none */
  public JsonObject aggregations() {
    return response.aggregations();
  }

  /** @return the milliseconds Elasticsearch took, or {@code -1} when not given */
  public long took() {
    return response.body().getLong("took", -1L);
  }

  /** @return the whole answer: status, headers, node, body */
  public ElasticsearchResponse response() {
    return response;
  }

  @Override
  public String toString() {
    return "SearchResponse{total=" + total() + ", hits=" + hits.hits().size() + "}";
  }
}
