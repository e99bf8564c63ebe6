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
 * <p>Who may write: with no key configured (neither {@code SERVICE_API_KEY} nor {@code SERVICE_API_KEYS_FILE}),
 * only callers on the loopback interface; with keys, only requests with {@code Authorization: ApiKey <key>} and one
 * of them, wherever they come from (see {@link WriteAccess}).
 *
 * @param elasticsearchUrls node URLs; {@code ELASTICSEARCH_URL} may list several, comma-separated
 * @param compatibilityVersion the REST compatibility version sent to Elasticsearch (the cluster's major version)
 * @param index the index the service works on; default {@code books}
 * @param port the HTTP port; default 8080
 * @param apiKeys keys the write endpoints accept as {@code Authorization: ApiKey <key>}; {@code SERVICE_API_KEY}
 *     lists them comma-separated; empty for none
 * @param apiKeysFile a file with more accepted keys, one a line ({@code #} starts a comment), re-read every second
 *     so that keys can be added and revoked without a restart ({@code SERVICE_API_KEYS_FILE}); {@code null} for none
 * @param trustedProxies IP addresses of reverse proxies whose {@code X-Forwarded-For} names the caller
 *     ({@code TRUST_PROXY}, comma-separated); empty (the default): the connection's peer is the caller
 * @param maxJsonBody the largest JSON request body in bytes; default 1 MiB
 * @param maxBulkBody the largest NDJSON upload in bytes; default 256 MiB ({@code MAX_UPLOAD_BYTES})
 * @param maxConcurrentUploads how many bulk jobs (uploads, {@code _touch}, {@code DELETE /documents},
 *     {@code /ingest}) may run at once; more are answered 429 with {@code Retry-After}; default 2
 *     ({@code MAX_CONCURRENT_UPLOADS})
 * @param loadSampleData whether the index, when the service creates it, gets the sample data; default {@code true}
 *     ({@code LOAD_SAMPLE_DATA})
 * @param shutdownGraceMs how long a stop waits for requests in flight before it cuts them; default 10 000 ms
 *     ({@code SHUTDOWN_GRACE_MS})
 */
public record ServiceConfig(List<String> elasticsearchUrls, int compatibilityVersion, String index, int port,
                            List<String> apiKeys, String apiKeysFile, List<String> trustedProxies, long maxJsonBody,
                            long maxBulkBody, int maxConcurrentUploads, boolean loadSampleData,
                            long shutdownGraceMs) {

  /** Default HTTP port. */
  public static final int DEFAULT_PORT = 8080;
  /** Default grace period of a stop for requests in flight, in milliseconds. */
  public static final long DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
  /** Default largest JSON body: 1 MiB. */
  public static final long DEFAULT_MAX_JSON_BODY = 1L << 20;
  /** Default largest NDJSON upload: 256 MiB. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 256L << 20;
  /** Default number of bulk jobs at a time. */
  public static final int DEFAULT_MAX_CONCURRENT_UPLOADS = 2;

  /** Checks the settings and makes the lists unmodifiable. */
  public ServiceConfig {
    elasticsearchUrls = List.copyOf(elasticsearchUrls);
    apiKeys = List.copyOf(apiKeys == null ? List.of() : apiKeys);
    trustedProxies = List.copyOf(trustedProxies == null ? List.of() : trustedProxies);
    apiKeys.forEach(ApiKeys::check);
    if (apiKeysFile != null && apiKeysFile.isBlank()) {
      apiKeysFile = null;
    }
    if (maxBulkBody < 1 || maxJsonBody < 1) {
      throw new IllegalArgumentException("body limits must be 1 byte or more");
    }
    if (maxConcurrentUploads < 1) {
      throw new IllegalArgumentException("maxConcurrentUploads must be 1 or more, got " + maxConcurrentUploads);
    }
  }

  /**
   * Settings with the sample data loaded, the default grace period, no keys file, no trusted proxy and the
   * default number of bulk jobs at a time.
   *
   * @param apiKey accepted keys, comma-separated, or {@code null} for none
   */
  public ServiceConfig(List<String> elasticsearchUrls, int compatibilityVersion, String index, int port,
                       String apiKey, long maxJsonBody, long maxBulkBody) {
    this(elasticsearchUrls, compatibilityVersion, index, port, splitList(apiKey), null, List.of(), maxJsonBody,
      maxBulkBody, DEFAULT_MAX_CONCURRENT_UPLOADS, true, DEFAULT_SHUTDOWN_GRACE_MS);
  }

  /** @return these settings with other Elasticsearch URLs and compatibility version */
  public ServiceConfig withElasticsearch(List<String> urls, int compatibility) {
    return new ServiceConfig(urls, compatibility, index, port, apiKeys, apiKeysFile, trustedProxies, maxJsonBody,
      maxBulkBody, maxConcurrentUploads, loadSampleData, shutdownGraceMs);
  }

  /** @return these settings with sample data loading switched on or off */
  public ServiceConfig withLoadSampleData(boolean load) {
    return new ServiceConfig(elasticsearchUrls, compatibilityVersion, index, port, apiKeys, apiKeysFile,
      trustedProxies, maxJsonBody, maxBulkBody, maxConcurrentUploads, load, shutdownGraceMs);
  }

  /** @return these settings with other keys: those listed, and those of the file ({@code null} for none) */
  public ServiceConfig withApiKeys(List<String> keys, String keysFile) {
    return new ServiceConfig(elasticsearchUrls, compatibilityVersion, index, port, keys, keysFile, trustedProxies,
      maxJsonBody, maxBulkBody, maxConcurrentUploads, loadSampleData, shutdownGraceMs);
  }

  /** @return these settings with other trusted reverse proxies (IP addresses) */
  public ServiceConfig withTrustedProxies(List<String> proxies) {
    return new ServiceConfig(elasticsearchUrls, compatibilityVersion, index, port, apiKeys, apiKeysFile, proxies,
      maxJsonBody, maxBulkBody, maxConcurrentUploads, loadSampleData, shutdownGraceMs);
  }

  /** @return these settings with other upload caps: bytes per upload and bulk jobs at a time */
  public ServiceConfig withUploadLimits(long maxUploadBytes, int concurrentUploads) {
    return new ServiceConfig(elasticsearchUrls, compatibilityVersion, index, port, apiKeys, apiKeysFile,
      trustedProxies, maxJsonBody, maxUploadBytes, concurrentUploads, loadSampleData, shutdownGraceMs);
  }

  /** @return whether write endpoints need a key ({@code SERVICE_API_KEY} or {@code SERVICE_API_KEYS_FILE} set) */
  public boolean keysRequired() {
    return !apiKeys.isEmpty() || apiKeysFile != null;
  }

  /**
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the settings it describes, with defaults for what it does not set
   * @throws IllegalArgumentException when a value is malformed (the message names the variable, never a key)
   */
  public static ServiceConfig fromEnv(Map<String, String> env) {
    JsonObject json = new JsonObject();
    String urls = env.get("ELASTICSEARCH_URL");
    if (urls != null && !urls.isBlank()) {
      json.put("elasticsearchUrls", new JsonArray(splitList(urls)));
    }
    putInt(json, "compatibilityVersion", env.get("ELASTICSEARCH_COMPATIBILITY"));
    if (env.get("BOOKS_INDEX") != null) {
      json.put("index", env.get("BOOKS_INDEX"));
    }
    putInt(json, "port", env.get("PORT"));
    putInt(json, "shutdownGraceMs", env.get("SHUTDOWN_GRACE_MS"));
    putInt(json, "maxConcurrentUploads", env.get("MAX_CONCURRENT_UPLOADS"));
    String maxUpload = env.get("MAX_UPLOAD_BYTES");
    if (maxUpload != null && !maxUpload.isBlank()) {
      try {
        json.put("maxBulkBody", Long.parseLong(maxUpload.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("MAX_UPLOAD_BYTES must be a number of bytes, got '" + maxUpload + "'");
      }
    }
    String load = env.get("LOAD_SAMPLE_DATA");
    if (load != null && !load.isBlank()) {
      json.put("loadSampleData", !"false".equalsIgnoreCase(load.trim()));
    }
    json.put("apiKeys", new JsonArray(splitList(env.get("SERVICE_API_KEY"))));
    String keysFile = env.get("SERVICE_API_KEYS_FILE");
    if (keysFile != null && !keysFile.isBlank()) {
      json.put("apiKeysFile", keysFile.trim());
    }
    json.put("trustedProxies", new JsonArray(splitList(env.get("TRUST_PROXY"))));
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid setting: " + e.getMessage(), null);
    }
  }

  private static List<String> splitList(String value) {
    List<String> items = new ArrayList<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
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
   * @param json the verticle config; {@code apiKey} (a comma-separated string) is read as {@code apiKeys} too
   * @return the settings, with defaults
   */
  public static ServiceConfig fromJson(JsonObject json) {
    List<String> urls = new ArrayList<>();
    json.getJsonArray("elasticsearchUrls", new JsonArray().add("http://localhost:9200")).forEach(u -> urls.add((String) u));
    List<String> keys = new ArrayList<>(splitList(json.getString("apiKey")));
    json.getJsonArray("apiKeys", new JsonArray()).forEach(k -> keys.add((String) k));
    List<String> proxies = new ArrayList<>();
    json.getJsonArray("trustedProxies", new JsonArray()).forEach(p -> proxies.add((String) p));
    return new ServiceConfig(urls, json.getInteger("compatibilityVersion", 9), json.getString("index", "books"),
      json.getInteger("port", DEFAULT_PORT), keys, json.getString("apiKeysFile"), proxies,
      json.getLong("maxJsonBody", DEFAULT_MAX_JSON_BODY), json.getLong("maxBulkBody", DEFAULT_MAX_UPLOAD_BYTES),
      json.getInteger("maxConcurrentUploads", DEFAULT_MAX_CONCURRENT_UPLOADS), json.getBoolean("loadSampleData", true),
      json.getLong("shutdownGraceMs", DEFAULT_SHUTDOWN_GRACE_MS));
  }

  /** @return the JSON form, read back by {@link #fromJson(JsonObject)}; it contains the API keys when set */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("elasticsearchUrls", new JsonArray(new ArrayList<>(elasticsearchUrls)))
      .put("compatibilityVersion", compatibilityVersion).put("index", index).put("port", port)
      .put("apiKeys", new JsonArray(new ArrayList<>(apiKeys)))
      .put("trustedProxies", new JsonArray(new ArrayList<>(trustedProxies)))
      .put("maxJsonBody", maxJsonBody).put("maxBulkBody", maxBulkBody)
      .put("maxConcurrentUploads", maxConcurrentUploads).put("loadSampleData", loadSampleData)
      .put("shutdownGraceMs", shutdownGraceMs);
    if (apiKeysFile != null) {
      json.put("apiKeysFile", apiKeysFile);
    }
    return json;
  }

  /** @return the settings without the API keys (only how many) or credentials in the URLs */
  @Override
  public String toString() {
    JsonObject json = toJson();
    json.remove("apiKeys");
    JsonArray urls = new JsonArray();
    elasticsearchUrls.forEach(u -> urls.add(u.replaceAll("//[^/@]*@", "//***@")));
    json.put("elasticsearchUrls", urls);
    return "ServiceConfig" + json.encode() + (apiKeys.isEmpty() ? "" : " (" + apiKeys.size() + " API key"
      + (apiKeys.size() == 1 ? "" : "s") + " set)");
  }
}
