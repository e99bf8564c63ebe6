package dev.vertx.elasticsearch.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code hits} of a search response (search, scroll, msearch item, async search) with each {@code _source} read
 * into a Java type by Jackson: {@code response.hits(Product.class).sources()}.
 *
 * @param <T> the type of the documents
 */
public final class SearchHits<T> {

  /**
   * One hit.
   *
   * @param index the {@code _index}
   * @param id the {@code _id}
   * @param score the {@code _score}, {@code null} when not scored
   * @param source the {@code _source} read as the document type, {@code null} when the hit has none
   * @param json the whole hit, for fields, highlight, sort values, inner hits
   * @param <T> the type of the document
   */
  public record Hit<T>(String index, String id, Double score, T source, JsonObject json) {
  }

  private final long total;
  private final String totalRelation;
  private final Double maxScore;
  private final List<Hit<T>> hits;

  private SearchHits(long total, String totalRelation, Double maxScore, List<Hit<T>> hits) {
    this.total = total;
    this.totalRelation = totalRelation;
    this.maxScore = maxScore;
    this.hits = hits;
  }

  /**
   * @param response a search response body (or an {@code msearch} response item)
   * @param type the document type, e.g. a POJO, a record, {@code Map} or {@code JsonObject}
   * @param <T> the document type
   * @return the hits
   * @throws SerializationException when a {@code _source} does not map to the type
   */
  public static <T> SearchHits<T> of(JsonObject response, Class<T> type) {
    JsonObject hits = response.getJsonObject("response") != null && !response.containsKey("hits")
      ? response.getJsonObject("response").getJsonObject("hits", new JsonObject()) // async search
      : response.getJsonObject("hits", new JsonObject());
    Object t = hits.getValue("total");
    long total;
    String relation = "eq";
    if (t instanceof JsonObject o) {
      total = o.getLong("value", 0L);
      relation = o.getString("relation", "eq");
    } else if (t instanceof Number n) {
      total = n.longValue();
    } else {
      total = -1;
    }
    JavaType javaType = DatabindCodec.mapper().constructType(type);
    JsonArray array = hits.getJsonArray("hits", new JsonArray());
    List<Hit<T>> list = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject hit = array.getJsonObject(i);
      JsonObject source = hit.getJsonObject("_source");
      T value;
      try {
        value = source == null ? null : DatabindCodec.mapper().convertValue(source.getMap(), javaType);
      } catch (IllegalArgumentException e) {
        throw new SerializationException("The _source of hit " + hit.getString("_id") + " cannot be read as "
          + type.getName() + ": " + e.getMessage(), e);
      }
      Number score = hit.getNumber("_score");
      list.add(new Hit<>(hit.getString("_index"), hit.getString("_id"), score == null ? null : score.doubleValue(),
        value, hit));
    }
    Number max = hits.getNumber("max_score");
    return new SearchHits<>(total, relation, max == null ? null : max.doubleValue(), Collections.unmodifiableList(list));
  }

  /** @return {@code hits.total.value}, a lower bound when {@link #totalRelation()} is {@code gte}; -1 when absent */
  public long total() {
    return total;
  }

  /** @return {@code eq} when {@link #total()} is exact, {@code gte} when it is a lower bound */
  public String totalRelation() {
    return totalRelation;
  }

  /** @return the highest score, {@code null} when not scored */
  public Double maxScore() {
    return maxScore;
  }

  /** @return the hits in order */
  public List<Hit<T>> hits() {
    return hits;
  }

  /** @return the documents of the hits in order (entries are {@code null} for hits without {@code _source}) */
  public List<T> sources() {
    List<T> sources = new ArrayList<>(hits.size());
    hits.forEach(h -> sources.add(h.source()));
    return sources;
  }

  @Override
  public String toString() {
    return "SearchHits{total=" + total + (totalRelation.equals("eq") ? "" : "+") + ", hits=" + hits.size() + "}";
  }
}
