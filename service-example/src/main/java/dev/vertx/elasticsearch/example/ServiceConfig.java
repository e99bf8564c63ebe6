package dev.vertx.elasticsearch.example;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service's settings, from the environment ({@code ELASTICSEARCH_URL}, {@code SERVICE_API_KEY}, {@code PORT},
 * ...) or from a verticle's JSON config with the same meaning.
 *
 * @param elasticsearchUrls node URLs; {@code ELASTICSEARCH_URL} may list several, comma-separated
 * @param compatibilityVersion the REST compatibility version sent to Elasticsearch (the cluster's major version)
 * @param index the index the service works on; default {@code books}
 * @param port the HTTP port; default 8080
 * @param apiKey the key write endpoints require as {@code Authorization: ApiKey <key>}, or {@code null} for none
 * @param maxJsonBody the largest JSON request body in bytes; default 1 MiB
 * @param maxBulkBody the largest NDJSON upload in bytes; default 1 GiB
 * @param loadSampleData whether the index, when the service creates it, gets the sample data; default {@code true}
 *     ({@code LOAD_SAMPLE_DATA})
 * @param shutdownGraceMs how long a stop waits for requests in flight before it cuts them; default 10 000 ms
 *     ({@code SHUTDOWN_GRACE_MS})
 */
public record ServiceConfig(List<String> elasticsearchUrls, int compatibilityVersion, String index, int port,
                            String apiKey, long maxJsonBody, long maxBulkBody, boolean loadSampleData,
                            long shutdownGraceMs) {

  /** Default HTTP port. */
  public static final int DEFAULT_PORT = 8080;
  /** Default grace period of a stop for requests in flight, in milliseconds. */
  public static final long DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

  /** Settings with the sample data loaded and the default grace period. */
  public ServiceConfig(List<String> elasticsearchUrls, int compatibilityVersion, String index, int port,
                       String apiKey, long maxJsonBody, long maxBulkBody) {
    this(elasticsearchUrls, compatibilityVersion, index, port, apiKey, maxJsonBody, maxBulkBody, true,
      DEFAULT_SHUTDOWN_GRACE_MS);
  }

  /** @return these settings with other Elasticsearch URLs and compatibility version */
  public ServiceConfig withElasticsearch(List<String> urls, int compatibility) {
    return new ServiceConfig(urls, compatibility, index, port, apiKey, maxJsonBody, maxBulkBody, loadSampleData,
      shutdownGraceMs);
  }

  /** @return these settings with sample data loading switched on or off */
  public ServiceConfig withLoadSampleData(boolean load) {
    return new ServiceConfig(elasticsearchUrls, compatibilityVersion, index, port, apiKey, maxJsonBody, maxBulkBody,
      load, shutdownGraceMs);
  }

  /**
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the settings it describes, with defaults for what it does not set
   */
  public static ServiceConfig fromEnv(Map<String, String> env) {
    JsonObject json = new JsonObject();
    String urls = env.get("ELASTICSEARCH_URL");
    if (urls != null && !urls.isBlank()) {
      json.put("elasticsearchUrls", new JsonArray(List.of((Object[]) urls.split("\\s*,\\s*"))));
    }
    putInt(json, "compatibilityVersion", env.get("ELASTICSEARCH_COMPATIBILITY"));
    if (env.get("BOOKS_INDEX") != null) {
      json.put("index", env.get("BOOKS_INDEX"));
    }
    putInt(json, "port", env.get("PORT"));
    putInt(json, "shutdownGraceMs", env.get("SHUTDOWN_GRACE_MS"));
    String load = env.get("LOAD_SAMPLE_DATA");
    if (load != null && !load.isBlank()) {
      json.put("loadSampleData", !"false".equalsIgnoreCase(load.trim()));
    }
    if (env.get("SERVICE_API_KEY") != null && !env.get("SERVICE_API_KEY").isBlank()) {
      json.put("apiKey", env.get("SERVICE_API_KEY"));
    }
    return fromJson(json);
  }

  private static void putInt(JsonObject json, String key, String value) {
    if (value != null && !value.isBlank()) {
      try {
        json.put(key, Integer.parseInt(value.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
      }
    }
  }

  /**
   * @param json the verticle config
   * @return the settings, with defaults
   */
  public static ServiceConfig fromJson(JsonObject json) {
    List<String> urls = new ArrayList<>();
    json.getJsonArray("elasticsearchUrls", new JsonArray().add("http://localhost:9200")).forEach(u -> urls.add((String) u));
    return new ServiceConfig(urls, json.getInteger("compatibilityVersion", 9), json.getString("index", "books"),
      json.getInteger("port", DEFAULT_PORT), json.getString("apiKey"), json.getLong("maxJsonBody", 1L << 20),
      json.getLong("maxBulkBody", 1L << 30), json.getBoolean("loadSampleData", true),
      json.getLong("shutdownGraceMs", DEFAULT_SHUTDOWN_GRACE_MS));
  }

  /** @return the JSON form, read back by {@link #fromJson(JsonObject)}; it contains the API key when set */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("elasticsearchUrls", new JsonArray(new ArrayList<>(elasticsearchUrls)))
      .put("compatibilityVersion", compatibilityVersion).put("index", index).put("port", port)
      .put("maxJsonBody", maxJsonBody).put("maxBulkBody", maxBulkBody).put("loadSampleData", loadSampleData)
      .put("shutdownGraceMs", shutdownGraceMs);
    if (apiKey != null) {
      json.put("apiKey", apiKey);
    }
    return json;
  }

  /** @return the settings without the API key or credentials in the URLs */
  @Override
  public String toString() {
    JsonObject json = toJson();
    json.remove("apiKey");
    JsonArray urls = new JsonArray();
    elasticsearchUrls.forEach(u -> urls.add(u.replaceAll("//[^/@]*@", "//***@")));
    json.put("elasticsearchUrls", urls);
    return "ServiceConfig" + json.encode() + (apiKey == null ? "" : " (API key set)");
  }
}
