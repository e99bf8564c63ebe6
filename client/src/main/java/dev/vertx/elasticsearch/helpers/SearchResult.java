package dev.vertx.elasticsearch.helpers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.api.SearchHits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One search's answer out of an {@code _msearch} response: its status, its body (a search response: {@code hits},
 * {@code aggregations}, {@code took}...) and typed views of it.
 */
public final class SearchResult {

  private final int status;
  private final JsonObject body;
  private final ObjectMapper mapper;

  /**
   * @param status the sub-response's status (2xx)
   * @param body the sub-response
   * @param mapper the client's mapper, for {@link #hits(Class)}
   */
  public SearchResult(int status, JsonObject body, ObjectMapper mapper) {
    this.status = status;
    this.body = Objects.requireNonNull(body, "body");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** @return the sub-response's status (2xx) */
  public int status() {
    return status;
  }

  /** @return the sub-response, as a search response */
  public JsonObject body() {
    return body;
  }

  /** @return the hits ({@code hits.hits}), empty when none */
  public List<JsonObject> hits() {
    JsonObject hits = body.getJsonObject("hits");
    JsonArray array = hits == null ? null : hits.getJsonArray("hits");
    List<JsonObject> list = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        list.add(array.getJsonObject(i));
      }
    }
    return list;
  }

  /**
   * @param type the document type (unknown fields are ignored by the default mapper)
   * @param <T> the document type
   * @return the hits with each {@code _source} read as the type, the total and the maximum score
   * @throws dev.vertx.elasticsearch.error.SerializationException when a {@code _source} does not map to the type
   */
  public <T> SearchHits<T> hits(Class<T> type) {
    return SearchHits.of(body, type, mapper);
  }

  /** @return the {@code _source} of every hit that has one */
  public List<JsonObject> documents() {
    List<JsonObject> docs = new ArrayList<>();
    for (JsonObject hit : hits()) {
      JsonObject source = hit.getJsonObject("_source");
      if (source != null) {
        docs.add(source);
      }
    }
    return docs;
  }

  /** @return {@code hits.total.value}, or {@code -1} when not tracked */
  public long total() {
    JsonObject hits = body.getJsonObject("hits");
    Object total = hits == null ? null : hits.getValue("total");
    if (total instanceof JsonObject t) {
      return t.getLong("value", -1L);
    }
    return total instanceof Number n ? n.longValue() : -1;
  }

  /** @return the {@code aggregations} object, empty when the search asked for none */
  public JsonObject aggregations() {
    return body.getJsonObject("aggregations", new JsonObject());
  }

  @Override
  public String toString() {
    return "SearchResult{status=" + status + ", total=" + total() + "}";
  }
}
