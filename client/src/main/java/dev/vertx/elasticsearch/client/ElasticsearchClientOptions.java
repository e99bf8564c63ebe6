package dev.vertx.elasticsearch.client;

import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Settings of an {@link ElasticsearchClient}. The connection side lives in {@link #getTransport()} (hosts, pool,
 * retries, sniffing, auth, TLS, compression, headers), with production defaults; {@link #toJson()} and
 * {@link #ElasticsearchClientOptions(JsonObject)} round-trip everything but callbacks.
 */
public class ElasticsearchClientOptions {

  private TransportOptions transport;

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
  }

  /**
   * Reads options written by {@link #toJson()}.
   *
   * @param json the JSON form: {@code {"transport": {...}}}
   */
  public ElasticsearchClientOptions(JsonObject json) {
    JsonObject t = json.getJsonObject("transport");
    transport = t == null ? new TransportOptions() : new TransportOptions(t);
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
    return new JsonObject().put("transport", transport.toJson());
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

  /** @return the settings with secrets hidden */
  @Override
  public String toString() {
    return "ElasticsearchClientOptions{transport=" + transport + "}";
  }
}
