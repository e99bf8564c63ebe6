package dev.vertx.elasticsearch.transport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings for the calls of a view of the client made with {@code client.withOptions(...)}: timeouts, retries (a
 * {@link RetryConfig} that replaces the client's as a whole), statuses to accept, headers, an opaque id, credentials.
 * Every field is unset ({@code null}) by default, which means
 * "use the client's setting"; {@link #merge(CallOptions)} lays one set over another. Headers are added to the
 * client's headers. (Named so that it does not collide with Vert.x's {@code io.vertx.core.http.RequestOptions}.)
 */
public class CallOptions {

  private Long requestTimeout;
  private Long totalTimeout;
  private Boolean retryMaybeApplied;
  private Map<String, String> headers = new LinkedHashMap<>();
  private String opaqueId;
  private Credentials credentials;
  private Set<Integer> ignoreStatus;
  private RetryConfig retry;
  private String helper;
  /** The tokens that cancel the calls: those of the options merged over, then this one's own; immutable. */
  private List<Cancellation> cancellations = List.of();

  /** Empty options: everything inherited from the client. */
  public CallOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public CallOptions(CallOptions other) {
    this.requestTimeout = other.requestTimeout;
    this.totalTimeout = other.totalTimeout;
    this.retryMaybeApplied = other.retryMaybeApplied;
    this.headers = new LinkedHashMap<>(other.headers);
    this.opaqueId = other.opaqueId;
    this.credentials = other.credentials;
    this.ignoreStatus = other.ignoreStatus == null ? null : new LinkedHashSet<>(other.ignoreStatus);
    this.retry = other.retry;
    this.helper = other.helper;
    this.cancellations = other.cancellations;
  }

  /**
   * Reads options written by {@link #toJson()}.
   *
   * @param json the JSON form
   */
  public CallOptions(JsonObject json) {
    this.requestTimeout = json.getLong("requestTimeout");
    this.totalTimeout = json.getLong("totalTimeout");
    this.retryMaybeApplied = json.getBoolean("retryMaybeApplied");
    JsonObject h = json.getJsonObject("headers");
    if (h != null) {
      h.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    }
    this.opaqueId = json.getString("opaqueId");
    JsonObject c = json.getJsonObject("credentials");
    this.credentials = c == null ? null : Credentials.fromJson(c);
    this.ignoreStatus = statuses(json.getJsonArray("ignoreStatus"));
    this.retry = RetryConfig.readRetry(json, null);
    this.helper = json.getString("helper");
  }

  private static Set<Integer> statuses(JsonArray array) {
    if (array == null) {
      return null;
    }
    Set<Integer> set = new LinkedHashSet<>();
    array.forEach(v -> set.add(((Number) v).intValue()));
    return set;
  }

  /**
   * @return the JSON form; it contains the credentials when set, so keep it out of logs. The
   *     {@linkplain #getCancellation() cancellation token} is not part of it
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    putIfSet(json, "requestTimeout", requestTimeout);
    putIfSet(json, "totalTimeout", totalTimeout);
    putIfSet(json, "retryMaybeApplied", retryMaybeApplied);
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
    if (retry != null) {
      json.put("retry", retry.toJson());
    }
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
  public CallOptions merge(CallOptions other) {
    CallOptions merged = new CallOptions(this);
    if (other == null) {
      return merged;
    }
    merged.headers.putAll(other.headers);
    if (other.requestTimeout != null) merged.requestTimeout = other.requestTimeout;
    if (other.totalTimeout != null) merged.totalTimeout = other.totalTimeout;
    if (other.retryMaybeApplied != null) merged.retryMaybeApplied = other.retryMaybeApplied;
    if (other.opaqueId != null) merged.opaqueId = other.opaqueId;
    if (other.credentials != null) merged.credentials = other.credentials;
    if (other.ignoreStatus != null) merged.ignoreStatus = new LinkedHashSet<>(other.ignoreStatus);
    if (other.retry != null) merged.retry = other.retry;
    if (other.helper != null) merged.helper = other.helper;
    if (!other.cancellations.isEmpty()) {
      // tokens add up: a view's token and one call's both cancel that call
      List<Cancellation> tokens = new ArrayList<>(merged.cancellations);
      other.cancellations.stream().filter(t -> !tokens.contains(t)).forEach(tokens::add);
      merged.cancellations = List.copyOf(tokens);
    }
    return merged;
  }

  /**
   * @return the time one attempt may take in milliseconds, from the moment it starts being written to the end of the
   *     answer ({@code 0} = no limit), or {@code null} to inherit
   */
  public Long getRequestTimeout() {
    return requestTimeout;
  }

  /**
   * @param requestTimeout milliseconds one attempt may take from the moment it starts being written to the end of the
   *     answer (waiting for a pooled connection does not count), {@code 0} for no limit
   * @return this
   * @throws IllegalArgumentException when negative
   */
  public CallOptions setRequestTimeout(long requestTimeout) {
    this.requestTimeout = nonNegative("requestTimeout", requestTimeout);
    return this;
  }

  /**
   * @param requestTimeout the time one attempt may take, see {@link #setRequestTimeout(long)}; {@code null} to inherit
   * @return this
   * @throws IllegalArgumentException when negative
   */
  public CallOptions setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout == null ? null : nonNegative("requestTimeout", requestTimeout.toMillis());
    return this;
  }

  /**
   * @return the time a whole call may take in milliseconds, across its attempts and the waits between them
   *     ({@code 0} = no limit), or {@code null} to inherit
   */
  public Long getTotalTimeout() {
    return totalTimeout;
  }

  /**
   * @param totalTimeout milliseconds a whole call may take, across all its attempts and backoff waits; when it runs
   *     out the call fails with {@code RequestTimeoutException}. {@code 0} for no limit
   * @return this
   * @throws IllegalArgumentException when negative
   */
  public CallOptions setTotalTimeout(long totalTimeout) {
    this.totalTimeout = nonNegative("totalTimeout", totalTimeout);
    return this;
  }

  /**
   * @param totalTimeout the time a whole call may take, see {@link #setTotalTimeout(long)}; {@code null} to inherit
   * @return this
   * @throws IllegalArgumentException when negative
   */
  public CallOptions setTotalTimeout(Duration totalTimeout) {
    this.totalTimeout = totalTimeout == null ? null : nonNegative("totalTimeout", totalTimeout.toMillis());
    return this;
  }

  /** @return whether attempts that may have been applied are retried even when the request is not safe to repeat */
  public Boolean getRetryMaybeApplied() {
    return retryMaybeApplied;
  }

  /**
   * Opts in to retrying a request that may have been applied (its connection broke, or it timed out, after it was
   * fully written) although repeating it could change the result: an index without id or a scripted update may then
   * be applied twice. Reads and writes by id are retried in that case anyway. Default {@code false}.
   *
   * @param retryMaybeApplied whether to retry such attempts
   * @return this
   */
  public CallOptions setRetryMaybeApplied(Boolean retryMaybeApplied) {
    this.retryMaybeApplied = retryMaybeApplied;
    return this;
  }

  private static long nonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  /** @return the extra headers, never {@code null} */
  public Map<String, String> getHeaders() {
    return headers;
  }

  /**
   * @param headers extra headers sent with the request, replacing earlier extra headers of these options
   * @return this
   */
  public CallOptions setHeaders(Map<String, String> headers) {
    this.headers = new LinkedHashMap<>(Objects.requireNonNull(headers, "headers"));
    return this;
  }

  /**
   * @param name header name
   * @param value header value
   * @return this
   */
  public CallOptions putHeader(String name, String value) {
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
  public CallOptions setOpaqueId(String opaqueId) {
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
  public CallOptions setCredentials(Credentials credentials) {
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
  public CallOptions setIgnoreStatus(Set<Integer> ignoreStatus) {
    this.ignoreStatus = ignoreStatus == null ? null : new LinkedHashSet<>(ignoreStatus);
    return this;
  }

  /** @return how the calls are retried, or {@code null} (the default) for the transport's */
  public RetryConfig getRetry() {
    return retry;
  }

  /**
   * Replaces the transport's {@linkplain TransportOptions#setRetry(RetryConfig) retry settings} for these calls, as a
   * whole: start from {@code TransportOptions.DEFAULT_RETRY} (or the transport's own) to change one setting, e.g.
   * {@code TransportOptions.DEFAULT_RETRY.withMaxRetries(0)}. Whether an attempt that may have been applied is
   * retried stays {@link #setRetryMaybeApplied(Boolean)}'s.
   *
   * @param retry the retry settings, or {@code null} for the transport's
   * @return this
   */
  public CallOptions setRetry(RetryConfig retry) {
    this.retry = retry;
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
  public CallOptions setHelper(String helper) {
    this.helper = helper;
    return this;
  }

  /**
   * @return the token set on these options (after {@link #merge}, the merged-in options' one), or {@code null} (the
   *     default: none)
   */
  public Cancellation getCancellation() {
    return cancellations.isEmpty() ? null : cancellations.get(cancellations.size() - 1);
  }

  /**
   * @return every token that cancels the calls made with these options: the one set here and, after
   *     {@link #merge}, those of both options (either cancels the call); empty for none
   */
  public List<Cancellation> getCancellations() {
    return cancellations;
  }

  /**
   * Cancels the calls made with these options when the token is cancelled: a call not sent is not sent, a request in
   * flight is reset, a call waiting to be retried is not retried; each fails with {@code RequestCancelledException}.
   * One token may serve many calls. Not part of the {@linkplain #toJson() JSON form}. Replaces the tokens these options
   * had; {@link #merge} adds the tokens of both sides up.
   *
   * @param cancellation the token, or {@code null} for none
   * @return this
   */
  public CallOptions setCancellation(Cancellation cancellation) {
    this.cancellations = cancellation == null ? List.of() : List.of(cancellation);
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
    return "CallOptions" + json.encode();
  }
}
