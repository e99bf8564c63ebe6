package dev.vertx.elasticsearch.example;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Turns the query string of {@code GET /search} into a safe search body: the user's text only ever becomes the
 * {@code query} of a {@code simple_query_string} (which never fails on syntax and cannot run scripts), facets become
 * {@code term} filters on known keyword fields, and pagination is bounded.
 */
final class BookQuery {

  /** Fields a caller may filter on, each a keyword field with a terms aggregation. */
  static final List<String> FACETS = List.of("genre", "language", "publisher", "tags");
  static final int MAX_SIZE = 100;
  static final int MAX_WINDOW = 10_000;
  static final int MAX_TEXT = 512;
  /** The parameters {@code GET /search} takes; any other is refused, not ignored. */
  static final List<String> PARAMETERS = List.of("q", "page", "size", "from", "genre", "language", "publisher", "tags");

  /**
   * Which hits a search asks for.
   *
   * @param from the offset of the first hit (0 for the first)
   * @param size how many hits
   * @param page the page the first hit is on, counted from 1
   */
  record Window(int from, int size, int page) {
  }

  private BookQuery() {
  }

  /**
   * @param params the query parameters
   * @return the hits asked for: {@code size} (1 to 100, default 10) from {@code page} (from 1, default 1) or from
   *     {@code from} (an offset from 0), not both; at most {@value #MAX_WINDOW} hits deep
   * @throws BadInput when a parameter is malformed or out of bounds
   */
  static Window window(MultiMap params) {
    int size = intParam(params, "size", 10);
    if (size < 1 || size > MAX_SIZE) {
      throw new BadInput("size must be between 1 and " + MAX_SIZE);
    }
    if (params.contains("from")) {
      if (params.contains("page")) {
        throw new BadInput("Give page or from, not both");
      }
      if (params.get("from").isEmpty()) {
        throw new BadInput("from must be a whole number, 0 or more");
      }
      int from = intParam(params, "from", 0);
      if (from < 0) {
        throw new BadInput("from must be 0 or more (the offset of the first hit), got " + from);
      }
      if ((long) from + size > MAX_WINDOW) {
        throw new BadInput("from + size must be at most " + MAX_WINDOW);
      }
      return new Window(from, size, from / size + 1);
    }
    int page = intParam(params, "page", 1);
    if (page < 1) {
      throw new BadInput("page must be 1 or more");
    }
    if ((long) page * size > MAX_WINDOW) {
      throw new BadInput("page * size must be at most " + MAX_WINDOW);
    }
    return new Window((page - 1) * size, size, page);
  }

  /**
   * @param params the query parameters: {@code q}, {@code page} or {@code from}, {@code size}, and facet filters
   *     ({@link #PARAMETERS}; any other is refused)
   * @param text the search text when it comes from the path, else {@code null}
   * @return the search body
   * @throws BadInput when a parameter is unknown, malformed or out of bounds
   */
  static JsonObject build(MultiMap params, String text) {
    for (String name : params.names()) {
      if (!PARAMETERS.contains(name)) {
        throw new BadInput("Unknown parameter '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
          + "': /search takes " + String.join(", ", PARAMETERS));
      }
    }
    String q = text != null ? text : params.get("q");
    if (q != null && q.length() > MAX_TEXT) {
      throw new BadInput("q must be at most " + MAX_TEXT + " characters");
    }
    Window window = window(params);
    JsonArray filters = new JsonArray();
    for (String facet : FACETS) {
      String value = params.get(facet);
      if (value != null) {
        if (value.length() > MAX_TEXT) {
          throw new BadInput(facet + " must be at most " + MAX_TEXT + " characters");
        }
        filters.add(new JsonObject().put("term", new JsonObject().put(facet, value)));
      }
    }
    JsonObject must = q == null || q.isBlank()
      ? new JsonObject().put("match_all", new JsonObject())
      : new JsonObject().put("simple_query_string", new JsonObject()
        .put("query", q)
        .put("fields", new JsonArray().add("title^3").add("description").add("tags^2"))
        .put("default_operator", "and"));
    JsonObject aggs = new JsonObject();
    FACETS.forEach(f -> aggs.put(f, new JsonObject().put("terms", new JsonObject().put("field", f).put("size", 10))));
    return new JsonObject()
      .put("from", window.from())
      .put("size", window.size())
      .put("track_total_hits", true)
      .put("query", new JsonObject().put("bool", new JsonObject().put("must", must).put("filter", filters)))
      .put("aggs", aggs)
      .put("highlight", new JsonObject().put("fields", new JsonObject()
        .put("title", new JsonObject()).put("description", new JsonObject())));
  }

  /**
   * @param body the search response body
   * @param window the hits asked for
   * @return what the service answers: total, page, from, size, hits with highlights, and facet counts
   */
  static JsonObject answer(JsonObject body, Window window) {
    JsonObject hits = body.getJsonObject("hits", new JsonObject());
    JsonArray results = new JsonArray();
    hits.getJsonArray("hits", new JsonArray()).forEach(h -> {
      JsonObject hit = (JsonObject) h;
      results.add(new JsonObject().put("id", hit.getString("_id")).put("score", hit.getValue("_score"))
        .put("document", hit.getJsonObject("_source")).put("highlight", hit.getJsonObject("highlight", new JsonObject())));
    });
    JsonObject facets = new JsonObject();
    JsonObject aggs = body.getJsonObject("aggregations", new JsonObject());
    for (String facet : FACETS) {
      JsonArray buckets = new JsonArray();
      aggs.getJsonObject(facet, new JsonObject()).getJsonArray("buckets", new JsonArray()).forEach(b -> {
        JsonObject bucket = (JsonObject) b;
        buckets.add(new JsonObject().put("value", bucket.getValue("key")).put("count", bucket.getLong("doc_count")));
      });
      facets.put(facet, buckets);
    }
    return new JsonObject()
      .put("total", hits.getJsonObject("total", new JsonObject()).getLong("value", 0L))
      .put("page", window.page()).put("from", window.from()).put("size", window.size())
      .put("took", body.getLong("took"))
      .put("results", results).put("facets", facets);
  }

  static int intParam(MultiMap params, String name, int fallback) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new BadInput(name + " must be a whole number");
    }
  }

  /** A request the service refuses with 400 and this message. */
  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message, null, false, false);
    }
  }
}
