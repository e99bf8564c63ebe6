package dev.vertx.elasticsearch.helpers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One search's answer out of an {@code _msearch} response.
 *
 * @param status the sub-response's status (2xx)
 * @param body the sub-response, as a search response: {@code hits}, {@code aggregations}, {@code took}...
 */
public record SearchResult(int status, JsonObject body) {

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
    if (total instanceof JsonObject) {
      return ((JsonObject) total).getLong("value", -1L);
    }
    return total instanceof Number ? ((Number) total).longValue() : -1;
  }
}
