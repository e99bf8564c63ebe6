package dev.vertx.elasticsearch.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.api.RequestBodies;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.json.JsonObject;
import io.vertx.core.tracing.TracingPolicy;

import java.util.Objects;

/**
 * Settings of an {@link ElasticsearchClient}. The connection side lives in {@link #getTransport()} (hosts, pool,
 * retries, sniffing, auth, TLS, compression, headers), with production defaults; {@link #toJson()} and
 * {@link #ElasticsearchClientOptions(JsonObject)} round-trip everything but callbacks.
 */
public class ElasticsearchClientOptions {

  /** Environment variable that turns tracing off when {@code false}; system property {@value #ENABLED_PROPERTY}. */
  public static final String ENABLED_ENV = "OTEL_INSTRUMENTATION_ELASTICSEARCH_ENABLED";
  /** System property that turns tracing off when {@code false}. */
  public static final String ENABLED_PROPERTY = "otel.instrumentation.elasticsearch.enabled";
  /** Environment variable that turns search query capture on; system property {@value #CAPTURE_QUERY_PROPERTY}. */
  public static final String CAPTURE_QUERY_ENV = "OTEL_INSTRUMENTATION_ELASTICSEARCH_CAPTURE_SEARCH_QUERY";
  /** System property that turns search query capture on. */
  public static final String CAPTURE_QUERY_PROPERTY = "otel.instrumentation.elasticsearch.capture-search-query";
  /**
   * Environment variable that turns metrics off when {@code false}; system property {@value #METRICS_ENABLED_PROPERTY}.
   */
  public static final String METRICS_ENABLED_ENV = "OTEL_INSTRUMENTATION_ELASTICSEARCH_METRICS_ENABLED";
  /** System property that turns metrics off when {@code false}. */
  public static final String METRICS_ENABLED_PROPERTY = "otel.instrumentation.elasticsearch.metrics.enabled";

  private TransportOptions transport;
  private Boolean tracingEnabled;
  private Boolean captureSearchQuery;
  private OpenTelemetry openTelemetry;
  private ObjectMapper objectMapper;
  private Boolean metricsEnabled;
  private TracingPolicy tracingPolicy = TracingPolicy.PROPAGATE;
  private Instrumentation instrumentation;

  /** Options with every default: one node at {@code http://localhost:9200}. */
  public ElasticsearchClientOptions() {
    transport = new TransportOptions();
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public ElasticsearchClientOptions(ElasticsearchClientOptions other) {
    transport = new TransportOptions(other.transport);
    tracingEnabled = other.tracingEnabled;
    captureSearchQuery = other.captureSearchQuery;
    openTelemetry = other.openTelemetry;
    objectMapper = other.objectMapper;
    metricsEnabled = other.metricsEnabled;
    tracingPolicy = other.tracingPolicy;
    instrumentation = other.instrumentation;
  }

  /**
   * Reads options written by {@link #toJson()}.
   *
   * @param json the JSON form: {@code {"transport": {...}}}
   */
  public ElasticsearchClientOptions(JsonObject json) {
    JsonObject t = json.getJsonObject("transport");
    transport = t == null ? new TransportOptions() : new TransportOptions(t);
    tracingEnabled = json.getBoolean("tracingEnabled");
    captureSearchQuery = json.getBoolean("captureSearchQuery");
    metricsEnabled = json.getBoolean("metricsEnabled");
    String policy = json.getString("tracingPolicy");
    if (policy != null) {
      try {
        tracingPolicy = TracingPolicy.valueOf(policy);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Unknown tracingPolicy '" + policy + "': use PROPAGATE, ALWAYS or IGNORE");
      }
    }
  }

  /**
   * @param hosts node URLs such as {@code http://localhost:9200}
   * @return default options for these nodes
   */
  public static ElasticsearchClientOptions forHosts(String... hosts) {
    ElasticsearchClientOptions options = new ElasticsearchClientOptions();
    options.getTransport().setHosts(hosts);
    return options;
  }

  /** @return the JSON form; it contains credentials when set, so keep it out of logs */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("transport", transport.toJson());
    if (tracingEnabled != null) {
      json.put("tracingEnabled", tracingEnabled);
    }
    if (captureSearchQuery != null) {
      json.put("captureSearchQuery", captureSearchQuery);
    }
    if (metricsEnabled != null) {
      json.put("metricsEnabled", metricsEnabled);
    }
    json.put("tracingPolicy", tracingPolicy.name());
    return json;
  }

  /** @return the transport settings, to modify in place */
  public TransportOptions getTransport() {
    return transport;
  }

  /**
   * @param transport the transport settings
   * @return this
   */
  public ElasticsearchClientOptions setTransport(TransportOptions transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return this;
  }

  /**
   * @return whether each API call is traced: the value set here, else {@value #ENABLED_PROPERTY} /
   *     {@value #ENABLED_ENV}, else {@code true}
   */
  public boolean isTracingEnabled() {
    return tracingEnabled != null ? tracingEnabled : switchValue(ENABLED_PROPERTY, ENABLED_ENV, true);
  }

  /**
   * @param tracingEnabled trace each API call with an OpenTelemetry CLIENT span; {@code null} falls back to the
   *     system property and environment variable
   * @return this
   */
  public ElasticsearchClientOptions setTracingEnabled(Boolean tracingEnabled) {
    this.tracingEnabled = tracingEnabled;
    return this;
  }

  /**
   * @return whether search bodies are recorded as {@code db.query.text} (sanitised, 2 KB at most): the value set
   *     here, else {@value #CAPTURE_QUERY_PROPERTY} / {@value #CAPTURE_QUERY_ENV}, else {@code false}
   */
  public boolean isCaptureSearchQuery() {
    return captureSearchQuery != null ? captureSearchQuery
      : switchValue(CAPTURE_QUERY_PROPERTY, CAPTURE_QUERY_ENV, false);
  }

  /**
   * @param captureSearchQuery record search bodies, with every value replaced by {@code ?}; {@code null} falls back
   *     to the system property and environment variable
   * @return this
   */
  public ElasticsearchClientOptions setCaptureSearchQuery(Boolean captureSearchQuery) {
    this.captureSearchQuery = captureSearchQuery;
    return this;
  }

  /** @return the application's instrumentation of this client's calls, or {@code null} (default) for none */
  public Instrumentation getInstrumentation() {
    return instrumentation;
  }

  /**
   * @param instrumentation observes every call of this client and its attempts, besides the client's own tracing and
   *     metrics (e.g. to log slow calls or count outcomes); {@code null} (default) for none; not part of the JSON form
   * @return this
   */
  public ElasticsearchClientOptions setInstrumentation(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
    return this;
  }

  /** @return the OpenTelemetry instance to trace and measure with, or {@code null} for {@code GlobalOpenTelemetry} */
  public OpenTelemetry getOpenTelemetry() {
    return openTelemetry;
  }

  /**
   * @param openTelemetry the instance to trace and measure with; when {@code null} (default) the client uses
   *     {@code GlobalOpenTelemetry} once one is registered, and does no tracing work before; not part of the JSON form
   * @return this
   */
  public ElasticsearchClientOptions setOpenTelemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    return this;
  }

  /**
   * @return whether each API call is measured in the {@code db.client.operation.duration} histogram: the value set
   *     here, else {@value #METRICS_ENABLED_PROPERTY} / {@value #METRICS_ENABLED_ENV}, else
   *     {@value #ENABLED_PROPERTY} / {@value #ENABLED_ENV} (which switches the whole instrumentation), else
   *     {@code true}
   */
  public boolean isMetricsEnabled() {
    return metricsEnabled != null ? metricsEnabled
      : switchValue(METRICS_ENABLED_PROPERTY, METRICS_ENABLED_ENV, switchValue(ENABLED_PROPERTY, ENABLED_ENV, true));
  }

  /**
   * @param metricsEnabled record the OpenTelemetry {@code db.client.operation.duration} histogram (through the
   *     {@link #setOpenTelemetry OpenTelemetry} meter, no work without an SDK); {@code null} falls back to the system
   *     properties and environment variables
   * @return this
   */
  public ElasticsearchClientOptions setMetricsEnabled(Boolean metricsEnabled) {
    this.metricsEnabled = metricsEnabled;
    return this;
  }

  /**
   * @return when the client makes a span for an API call; {@link TracingPolicy#PROPAGATE} by default
   */
  public TracingPolicy getTracingPolicy() {
    return tracingPolicy;
  }

  /**
   * @param tracingPolicy {@link TracingPolicy#PROPAGATE} (default): a span only inside an active trace (a caller's
   *     span); {@link TracingPolicy#ALWAYS}: also a root span outside any trace; {@link TracingPolicy#IGNORE}: no span.
   *     The helpers' parent spans follow it too. Vert.x's own HTTP client spans follow Vert.x's settings.
   * @return this
   * @throws NullPointerException when {@code null}
   */
  public ElasticsearchClientOptions setTracingPolicy(TracingPolicy tracingPolicy) {
    this.tracingPolicy = Objects.requireNonNull(tracingPolicy, "tracingPolicy");
    return this;
  }

  /**
   * @return the mapper that writes request bodies and documents and reads responses, hits and sources: the one set
   *     here, else {@link #defaultObjectMapper()}
   */
  public ObjectMapper getObjectMapper() {
    return objectMapper != null ? objectMapper : defaultObjectMapper();
  }

  /**
   * @param objectMapper the Jackson mapper for documents and bodies (e.g. with your modules, naming strategy or date
   *     format); {@code null} (default) for {@link #defaultObjectMapper()}; not part of the JSON form
   * @return this
   */
  public ElasticsearchClientOptions setObjectMapper(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
    return this;
  }

  /**
   * The default mapper: Vert.x's (it reads and writes {@code JsonObject}, {@code JsonArray}, {@code Buffer} and
   * {@code Instant}) configured to ignore properties a type lacks, as elasticsearch-java's mapper does, so that a
   * document type may omit fields of the index. One shared instance; do not reconfigure it, set your own instead.
   *
   * @return the default mapper
   */
  public static ObjectMapper defaultObjectMapper() {
    return RequestBodies.defaultObjectMapper();
  }

  private static boolean switchValue(String property, String env, boolean fallback) {
    String value = System.getProperty(property);
    if (value == null) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : Boolean.parseBoolean(value.trim());
  }

  /** @return the settings with secrets hidden */
  @Override
  public String toString() {
    return "ElasticsearchClientOptions{transport=" + transport + ", tracingEnabled=" + tracingEnabled
      + ", captureSearchQuery=" + captureSearchQuery + ", metricsEnabled=" + metricsEnabled + ", tracingPolicy="
      + tracingPolicy + "}";
  }
}
