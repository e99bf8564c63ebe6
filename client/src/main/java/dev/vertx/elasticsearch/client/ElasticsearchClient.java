package dev.vertx.elasticsearch.client;

import dev.vertx.elasticsearch.client.api.ElasticsearchApi;
import dev.vertx.elasticsearch.client.impl.ElasticsearchClientImpl;
import dev.vertx.elasticsearch.transport.RequestOptions;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.tracing.impl.ApiTracer;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.http.HttpMethod;

import java.util.Map;

/**
 * An asynchronous Elasticsearch client on the Vert.x event loop. Every call returns a {@link Future} that completes
 * on the caller's Vert.x context (a new event-loop context when called from another thread); nothing blocks and no
 * thread is started. Error statuses fail the future with an {@code ApiException} (by status: 400, 401, 403, 404,
 * 409, 429 have subclasses); failures to get an answer fail it with a {@code TransportException}.
 * <p>
 * Every REST endpoint of Elasticsearch has a method, generated from the REST API specification: root endpoints
 * here ({@code client.search(new SearchRequest().index("products"))}), the others in their namespace
 * ({@code client.indices().create(new IndicesCreateRequest().index("products"))}); see {@link ElasticsearchApi}.
 * <p>
 * Thread-safe: create one per application and share it. Close it when done, e.g. in a verticle's {@code stop}.
 */
public interface ElasticsearchClient extends ElasticsearchApi {

  /**
   * Creates a client. No connection is opened before the first request.
   *
   * @param vertx the Vert.x instance
   * @param options the settings, copied
   * @return the client
   * @throws IllegalArgumentException for invalid hosts, conflicting credentials or TLS settings
   */
  static ElasticsearchClient create(Vertx vertx, ElasticsearchClientOptions options) {
    return new ElasticsearchClientImpl(Transport.create(vertx, options.getTransport()), null, new ApiTracer(options,
      ((VertxInternal) vertx).tracer() != null));
  }

  /**
   * Sends any request.
   *
   * @param method the HTTP method
   * @param path the path, percent-encoded, e.g. {@code /my-index/_doc/1}
   * @param query query parameters (values are turned into text and encoded), or {@code null}
   * @param body the body: a {@code JsonObject}, {@code JsonArray}, {@code Buffer}, JSON {@code String},
   *     {@code byte[]} or any object Jackson can write; {@code null} for none
   * @return the response; fails with an {@code ApiException} for error statuses (a 404 to a {@code HEAD} request
   *     is a response), or a {@code SerializationException} (nothing sent) when the body cannot be written
   */
  Future<ElasticsearchResponse> perform(HttpMethod method, String path, Map<String, ?> query, Object body);

  /**
   * Sends a prepared transport request.
   *
   * @param request the request
   * @return the response, failing as {@link #perform(HttpMethod, String, Map, Object)} does
   */
  @Override
  Future<ElasticsearchResponse> perform(TransportRequest request);

  /** @return the cluster's name, UUID and version ({@code GET /}) */
  Future<ElasticsearchResponse> info();

  /** @return {@code true} when the cluster answers {@code HEAD /} with a 2xx status; never fails */
  Future<Boolean> ping();

  /**
   * A cheap view of this client with other per-request settings; it shares the transport (connections, node pool),
   * so closing either closes both.
   *
   * @param options settings laid over this client's, e.g. a timeout, headers, an opaque id or credentials
   * @return the view
   */
  ElasticsearchClient withOptions(RequestOptions options);

  /**
   * The tracer of this client's spans, for code that groups several calls under a parent span (the helpers do).
   *
   * @return the OpenTelemetry tracer, or a no-op tracer when tracing is off or no SDK is registered
   */
  Tracer tracer();

  /** @return the transport under this client */
  Transport transport();

  /**
   * Closes the client: fails pending requests with {@code ClientClosedException}, cancels timers and closes
   * connections. Idempotent; later calls fail fast.
   *
   * @return completes when connections are closed
   */
  Future<Void> close();
}
