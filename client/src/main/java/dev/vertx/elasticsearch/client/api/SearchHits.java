package dev.vertx.elasticsearch.client.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
   * @param <T> the type of the document
   */
  public static final class Hit<T> {

    private final String index;
    private final String id;
    private final Double score;
    private final T source;
    private final Supplier<JsonObject> json;

    /**
     * @param index the {@code _index}
     * @param id the {@code _id}
     * @param score the {@code _score}, {@code null} when not scored
     * @param source the {@code _source} read as the document type, {@code null} when the hit has none
     * @param json the whole hit
     */
    public Hit(String index, String id, Double score, T source, JsonObject json) {
      this(index, id, score, source, () -> json);
    }

    Hit(String index, String id, Double score, T source, Supplier<JsonObject> json) {
      this.index = index;
      this.id = id;
      this.score = score;
      this.source = source;
      this.json = json;
    }

    /** @return the {@code _index} */
    public String index() {
      return index;
    }

    /** @return the {@code _id} */
    public String id() {
      return id;
    }

    /** @return the {@code _score}, {@code null} when not scored */
    public Double score() {
      return score;
    }

    /** @return the {@code _source} read as the document type, {@code null} when the hit has none */
    public T source() {
      return source;
    }

    /**
     * @return the whole hit, for fields, highlight, sort values, inner hits; when the hits were streamed from the
     *     response bytes, the first call decodes the response as a JSON tree (once per response)
     */
    public JsonObject json() {
      return json.get();
    }

    @Override
    public String toString() {
      return "Hit{index=" + index + ", id=" + id + ", score=" + score + "}";
    }
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
    return of(response, type, RequestBodies.defaultObjectMapper());
  }

  /**
   * @param response a search response body (or an {@code msearch} response item)
   * @param type the document type, e.g. a POJO, a record, {@code Map} or {@code JsonObject}
   * @param mapper the mapper to read sources with (the client's)
   * @param <T> the document type
   * @return the hits
   * @throws SerializationException when a {@code _source} does not map to the type
   */
  public static <T> SearchHits<T> of(JsonObject response, Class<T> type, ObjectMapper mapper) {
    JsonObject hits = hitsObject(response);
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
    JavaType javaType = mapper.constructType(type);
    JsonArray array = hits.getJsonArray("hits", new JsonArray());
    List<Hit<T>> list = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject hit = array.getJsonObject(i);
      JsonObject source = hit.getJsonObject("_source");
      T value;
      try {
        value = source == null ? null : mapper.convertValue(source.getMap(), javaType);
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

  /**
   * Reads the hits straight from a search response's bytes with a streaming parser, each {@code _source} into the
   * type without an intermediate JSON tree (the hot path of {@link ElasticsearchResponse#hits(Class)}).
   *
   * @param body the response body
   * @param type the document type
   * @param mapper the mapper to read sources with
   * @param tree the response as a JSON tree, decoded only if a hit's {@link Hit#json()} is asked for
   * @param <T> the document type
   * @return the hits
   * @throws SerializationException when the body is not a JSON object or a {@code _source} does not map to the type
   */
  static <T> SearchHits<T> read(Buffer body, Class<T> type, ObjectMapper mapper, Supplier<JsonObject> tree) {
    JavaType javaType = mapper.constructType(type);
    Supplier<JsonArray> hitsJson = memoize(() -> hitsObject(tree.get()).getJsonArray("hits", new JsonArray()));
    try (JsonParser p = mapper.createParser(body.getBytes())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new SerializationException("The search response is not a JSON object", null);
      }
      SearchHits<T> top = null;
      SearchHits<T> async = null;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        if ("hits".equals(field) && value == JsonToken.START_OBJECT) {
          top = readHits(p, mapper, javaType, hitsJson);
        } else if ("response".equals(field) && value == JsonToken.START_OBJECT) {
          // async search: {"response": {"hits": ...}}
          String inner;
          while ((inner = p.nextFieldName()) != null) {
            if (p.nextToken() == JsonToken.START_OBJECT && "hits".equals(inner)) {
              async = readHits(p, mapper, javaType, hitsJson);
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      SearchHits<T> hits = top != null ? top : async;
      return hits != null ? hits : new SearchHits<>(-1, "eq", null, List.of());
    } catch (SerializationException e) {
      throw e;
    } catch (IOException e) {
      throw new SerializationException("The search response cannot be read as " + type.getName() + ": "
        + originalMessage(e), e);
    }
  }

  private static <T> SearchHits<T> readHits(JsonParser p, ObjectMapper mapper, JavaType type,
                                            Supplier<JsonArray> hitsJson) throws IOException {
    long total = -1;
    String relation = "eq";
    Double maxScore = null;
    List<Hit<T>> list = new ArrayList<>();
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (field) {
        case "total":
          if (value == JsonToken.START_OBJECT) {
            String f;
            while ((f = p.nextFieldName()) != null) {
              JsonToken v = p.nextToken();
              if ("value".equals(f) && v == JsonToken.VALUE_NUMBER_INT) {
                total = p.getLongValue();
              } else if ("relation".equals(f) && v == JsonToken.VALUE_STRING) {
                relation = p.getText();
              } else {
                p.skipChildren();
              }
            }
          } else if (value == JsonToken.VALUE_NUMBER_INT) {
            total = p.getLongValue();
          }
          break;
        case "max_score":
          maxScore = value.isNumeric() ? p.getDoubleValue() : null;
          break;
        case "hits":
          if (value == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              list.add(readHit(p, mapper, type, list.size(), hitsJson));
            }
          } else {
            p.skipChildren();
          }
          break;
        default:
          p.skipChildren();
      }
    }
    return new SearchHits<>(total, relation, maxScore, Collections.unmodifiableList(list));
  }

  private static <T> Hit<T> readHit(JsonParser p, ObjectMapper mapper, JavaType type, int position,
                                    Supplier<JsonArray> hitsJson) throws IOException {
    String index = null;
    String id = null;
    Double score = null;
    T source = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (field) {
        case "_index":
          index = value == JsonToken.VALUE_STRING ? p.getText() : null;
          break;
        case "_id":
          id = value == JsonToken.VALUE_STRING ? p.getText() : null;
          break;
        case "_score":
          score = value.isNumeric() ? p.getDoubleValue() : null;
          break;
        case "_source":
          source = value == JsonToken.VALUE_NULL ? null : readSource(p, mapper, type, id, position);
          break;
        default:
          p.skipChildren();
      }
    }
    return new Hit<>(index, id, score, source, () -> hitsJson.get().getJsonObject(position));
  }

  @SuppressWarnings("unchecked")
  private static <T> T readSource(JsonParser p, ObjectMapper mapper, JavaType type, String id, int position) {
    try {
      if (type.getRawClass() == JsonObject.class) {
        return (T) new JsonObject((Map<String, Object>) mapper.readValue(p, Map.class));
      }
      return mapper.readValue(p, type);
    } catch (IOException e) {
      throw new SerializationException("The _source of hit " + (id != null ? id : "#" + position)
        + " cannot be read as " + type.getRawClass().getName() + ": " + originalMessage(e), e);
    }
  }

  /** @return Jackson's message without its excerpt of the input (which could hold document data) */
  private static String originalMessage(IOException e) {
    return e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
  }

  private static JsonObject hitsObject(JsonObject response) {
    return response.getJsonObject("response") != null && !response.containsKey("hits")
      ? response.getJsonObject("response").getJsonObject("hits", new JsonObject()) // async search
      : response.getJsonObject("hits", new JsonObject());
  }

  private static <V> Supplier<V> memoize(Supplier<V> supplier) {
    return new Supplier<>() {
      private V value;

      @Override
      public V get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
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
