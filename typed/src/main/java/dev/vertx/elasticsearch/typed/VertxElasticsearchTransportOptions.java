package dev.vertx.elasticsearch.typed;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.TransportOptions;

/**
 * Settings of a {@link VertxElasticsearchTransport}. Everything about the connection (hosts, auth, TLS, retries,
 * timeouts, compatibility version, tracing) is set on the Vert.x {@code ElasticsearchClient} instead. Retries in
 * particular are the client's: one {@code RetryConfig} in its {@code TransportOptions}, which a view replaces for its
 * calls, e.g. {@code VertxElasticsearchTransport.create(client.withOptions(new CallOptions().setRetry(
 * RetryConfig.NONE)))}; elasticsearch-java's own retry configuration is ignored.
 */
public class VertxElasticsearchTransportOptions {

  /**
   * The default {@link #getWorkerDecodeThreshold()}: 256 KiB, which elasticsearch-java decodes into a typed search
   * response in about 0.75 ms once the JIT is warm (a 10,000-hit answer, 2.6 MB, takes about 7.7 ms; see
   * {@code TypedDecodeBenchmarks} in the benchmarks).
   */
  public static final int DEFAULT_WORKER_DECODE_THRESHOLD = 256 * 1024;

  private JsonpMapper jsonpMapper;
  private TransportOptions transportOptions;
  private int workerDecodeThreshold = DEFAULT_WORKER_DECODE_THRESHOLD;

  /** @return the mapper of requests, responses and documents, or {@code null} for a new {@code JacksonJsonpMapper} */
  public JsonpMapper getJsonpMapper() {
    return jsonpMapper;
  }

  /**
   * @param jsonpMapper the mapper of requests, responses and documents; {@code null} (the default) for a new
   *     {@code JacksonJsonpMapper}
   * @return this
   */
  public VertxElasticsearchTransportOptions setJsonpMapper(JsonpMapper jsonpMapper) {
    this.jsonpMapper = jsonpMapper;
    return this;
  }

  /** @return elasticsearch-java's default options of every call, or {@code null} for none */
  public TransportOptions getTransportOptions() {
    return transportOptions;
  }

  /**
   * @param transportOptions elasticsearch-java's default options of every call (headers, query parameters, a
   *     warnings handler); its retry configuration is ignored, since the Vert.x client retries
   * @return this
   */
  public VertxElasticsearchTransportOptions setTransportOptions(TransportOptions transportOptions) {
    this.transportOptions = transportOptions;
    return this;
  }

  /** @return the body size in bytes from which answers are decoded on a worker thread, {@code -1} for never */
  public int getWorkerDecodeThreshold() {
    return workerDecodeThreshold;
  }

  /**
   * elasticsearch-java decodes an answer on the thread that receives it: for the Vert.x client, an event loop. An
   * answer this big or bigger is decoded on a Vert.x worker thread instead, so that the event loop is not held; the
   * result still reaches the caller's context when called through {@link TypedElasticsearchClient}.
   *
   * @param workerDecodeThreshold bytes, {@code 0} for every answer, {@code -1} for none (default
   *     {@value #DEFAULT_WORKER_DECODE_THRESHOLD})
   * @return this
   * @throws IllegalArgumentException when below {@code -1}
   */
  public VertxElasticsearchTransportOptions setWorkerDecodeThreshold(int workerDecodeThreshold) {
    if (workerDecodeThreshold < -1) {
      throw new IllegalArgumentException("workerDecodeThreshold must be >= -1, got " + workerDecodeThreshold);
    }
    this.workerDecodeThreshold = workerDecodeThreshold;
    return this;
  }
}
