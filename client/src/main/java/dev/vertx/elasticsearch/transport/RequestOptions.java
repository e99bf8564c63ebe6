package dev.vertx.elasticsearch.transport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings for one request, or for a view of the client made with {@code withOptions(...)}. Every field is unset
 * ({@code null}) by default, which means "use the client's setting"; {@link #merge(RequestOptions)} lays one set over
 * another. Headers are added to the client's headers.
 */
public class RequestOptions {

  private Long requestTimeout;
  private Map<String, String> headers = new LinkedHashMap<>();
  private String opaqueId;
  private Credentials credentials;
  private Set<Integer> ignoreStatus;
  private Integer maxRetries;
  private Set<Integer> retryOnStatus;
  private Boolean retryOnTimeout;
  private Long retryBackoffBase;
  private Long retryBackoffMax;
  private String helper;

  /** Empty options: everything inherited from the client. */
  public RequestOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public RequestOptions(RequestOptions other) {
    this.requestTimeout = other.requestTimeout;
    this.headers = new LinkedHashMap<>(other.headers);
    this.opaqueId = other.opaqueId;
    this.credentials = other.credentials;
    this.ignoreStatus = other.ignoreStatus == null ? null : new LinkedHashSet<>(other.ignoreStatus);
    this.maxRetries = other.maxRetries;
    this.retryOnStatus = other.retryOnStatus == null ? null : new LinkedHashSet<>(other.retryOnStatus);
    this.retryOnTimeout = other.retryOnTimeout;
    this.retryBackoffBase = other.retryBackoffBase;
    this.retryBackoffMax = other.retryBackoffMax;
    this.helper = other.helper;
  }

  /**
   * Reads options written by {@link #toJson()}.
   *
   * @param json the JSON form
   */
  public RequestOptions(JsonObject json) {
    this.requestTimeout = json.getLong("requestTimeout");
    JsonObject h = json.getJsonObject("headers");
    if (h != null) {
      h.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    }
    this.opaqueId = json.getString("opaqueId");
    JsonObject c = json.getJsonObject("credentials");
    this.credentials = c == null ? null : Credentials.fromJson(c);
    this.ignoreStatus = statuses(json.getJsonArray("ignoreStatus"));
    this.maxRetries = json.getInteger("maxRetries");
    this.retryOnStatus = statuses(json.getJsonArray("retryOnStatus"));
    this.retryOnTimeout = json.getBoolean("retryOnTimeout");
    this.retryBackoffBase = json.getLong("retryBackoffBase");
    this.retryBackoffMax = json.getLong("retryBackoffMax");
    this.helper = json.getString("helper");
  }

  static Set<Integer> statuses(JsonArray array) {
    if (array == null) {
      return null;
    }
    Set<Integer> set = new LinkedHashSet<>();
    array.forEach(v -> set.add(((Number) v).intValue()));
    return set;
  }

  /** @return the JSON form; it contains the credentials when set, so keep it out of logs */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    putIfSet(json, "requestTimeout", requestTimeout);
    if (!headers.isEmpty()) {
      json.put("headers", new JsonObject(new LinkedHashMap<>(headers)));
    }
    putIfSet(json, "opaqueId", opaqueId);
    if (credentials != null) {
      json.put("credentials", credentials.toJson());
    }
    if (ignoreStatus != null) {
      json.put("ignoreStatus", new JsonArray(java.util.List.copyOf(ignoreStatus)));
    }
    putIfSet(json, "maxRetries", maxRetries);
    if (retryOnStatus != null) {
      json.put("retryOnStatus", new JsonArray(java.util.List.copyOf(retryOnStatus)));
    }
    putIfSet(json, "retryOnTimeout", retryOnTimeout);
    putIfSet(json, "retryBackoffBase", retryBackoffBase);
    putIfSet(json, "retryBackoffMax", retryBackoffMax);
    putIfSet(json, "helper", helper);
    return json;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /**
   * Lays {@code other} over these options: its set fields win, its headers are added.
   *
   * @param other the options on top, may be {@code null}
   * @return a new merged instance; neither input changes
   */
  public RequestOptions merge(RequestOptions other) {
    RequestOptions merged = new RequestOptions(this);
    if (other == null) {
      return merged;
    }
    merged.headers.putAll(other.headers);
    if (other.requestTimeout != null) merged.requestTimeout = other.requestTimeout;
    if (other.opaqueId != null) merged.opaqueId = other.opaqueId;
    if (other.credentials != null) merged.credentials = other.credentials;
    if (other.ignoreStatus != null) merged.ignoreStatus = new LinkedHashSet<>(other.ignoreStatus);
    if (other.maxRetries != null) merged.maxRetries = other.maxRetries;
    if (other.retryOnStatus != null) merged.retryOnStatus = new LinkedHashSet<>(other.retryOnStatus);
    if (other.retryOnTimeout != null) merged.retryOnTimeout = other.retryOnTimeout;
    if (other.retryBackoffBase != null) merged.retryBackoffBase = other.retryBackoffBase;
    if (other.retryBackoffMax != null) merged.retryBackoffMax = other.retryBackoffMax;
    if (other.helper != null) merged.helper = other.helper;
    return merged;
  }

  /** @return the total time allowed for one attempt in milliseconds ({@code 0} = no limit), or {@code null} to inherit */
  public Long getRequestTimeout() {
    return requestTimeout;
  }

  /**
   * @param requestTimeout milliseconds one attempt may take, {@code 0} for no limit
   * @return this
   */
  public RequestOptions setRequestTimeout(Long requestTimeout) {
    if (requestTimeout != null && requestTimeout < 0) {
      throw new IllegalArgumentException("requestTimeout must be >= 0, got " + requestTimeout);
    }
    this.requestTimeout = requestTimeout;
    return this;
  }

  /** @return the extra headers, never {@code null} */
  public Map<String, String> getHeaders() {
    return headers;
  }

  /**
   * @param headers extra headers sent with the request, replacing earlier extra headers of these options
   * @return this
   */
  public RequestOptions setHeaders(Map<String, String> headers) {
    this.headers = new LinkedHashMap<>(Objects.requireNonNull(headers, "headers"));
    return this;
  }

  /**
   * @param name header name
   * @param value header value
   * @return this
   */
  public RequestOptions putHeader(String name, String value) {
    headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** @return the {@code X-Opaque-Id} to send, or {@code null} */
  public String getOpaqueId() {
    return opaqueId;
  }

  /**
   * @param opaqueId sent as {@code X-Opaque-Id}, to find the request in Elasticsearch's task list and slow logs
   * @return this
   */
  public RequestOptions setOpaqueId(String opaqueId) {
    this.opaqueId = opaqueId;
    return this;
  }

  /** @return credentials replacing the client's, or {@code null} */
  public Credentials getCredentials() {
    return credentials;
  }

  /**
   * @param credentials credentials replacing the client's for these requests
   * @return this
   */
  public RequestOptions setCredentials(Credentials credentials) {
    this.credentials = credentials;
    return this;
  }

  /** @return error statuses that are returned as responses instead of failing the future, or {@code null} */
  public Set<Integer> getIgnoreStatus() {
    return ignoreStatus;
  }

  /**
   * @param ignoreStatus error statuses (e.g. 404) that complete the future with the response instead of an
   *     {@code ApiException}
   * @return this
   */
  public RequestOptions setIgnoreStatus(Set<Integer> ignoreStatus) {
    this.ignoreStatus = ignoreStatus == null ? null : new LinkedHashSet<>(ignoreStatus);
    return this;
  }

  /** @return how many times a request may be retried, or {@code null} to inherit */
  public Integer getMaxRetries() {
    return maxRetries;
  }

  /**
   * @param maxRetries how many times a failed attempt may be retried, {@code 0} for none
   * @return this
   */
  public RequestOptions setMaxRetries(Integer maxRetries) {
    if (maxRetries != null && maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
    this.maxRetries = maxRetries;
    return this;
  }

  /** @return statuses that are retried, or {@code null} to inherit */
  public Set<Integer> getRetryOnStatus() {
    return retryOnStatus;
  }

  /**
   * @param retryOnStatus statuses that make the transport retry the request
   * @return this
   */
  public RequestOptions setRetryOnStatus(Set<Integer> retryOnStatus) {
    this.retryOnStatus = retryOnStatus == null ? null : new LinkedHashSet<>(retryOnStatus);
    return this;
  }

  /** @return whether timed-out attempts are retried, or {@code null} to inherit */
  public Boolean getRetryOnTimeout() {
    return retryOnTimeout;
  }

  /**
   * @param retryOnTimeout whether an attempt that timed out is retried (not idempotent-safe for writes)
   * @return this
   */
  public RequestOptions setRetryOnTimeout(Boolean retryOnTimeout) {
    this.retryOnTimeout = retryOnTimeout;
    return this;
  }

  /** @return the first backoff delay in milliseconds, or {@code null} to inherit */
  public Long getRetryBackoffBase() {
    return retryBackoffBase;
  }

  /**
   * @param retryBackoffBase the first backoff delay in milliseconds; doubles with each retry, with jitter
   * @return this
   */
  public RequestOptions setRetryBackoffBase(Long retryBackoffBase) {
    this.retryBackoffBase = retryBackoffBase;
    return this;
  }

  /** @return the longest backoff delay in milliseconds, or {@code null} to inherit */
  public Long getRetryBackoffMax() {
    return retryBackoffMax;
  }

  /**
   * @param retryBackoffMax the longest backoff delay in milliseconds
   * @return this
   */
  public RequestOptions setRetryBackoffMax(Long retryBackoffMax) {
    this.retryBackoffMax = retryBackoffMax;
    return this;
  }

  /** @return the helper marker for the {@code x-elastic-client-meta} header (e.g. {@code bp}), or {@code null} */
  public String getHelper() {
    return helper;
  }

  /**
   * @param helper the helper that sends the request, added as {@code h=<helper>} to {@code x-elastic-client-meta}:
   *     {@code bp} for bulk, {@code s} for scan
   * @return this
   */
  public RequestOptions setHelper(String helper) {
    this.helper = helper;
    return this;
  }

  /** @return the set fields, with credentials hidden */
  @Override
  public String toString() {
    JsonObject json = toJson();
    if (credentials != null) {
      json.put("credentials", credentials.toString());
    }
    json.remove("headers");
    json.put("headers", headers.keySet());
    return "RequestOptions" + json.encode();
  }
}
