package dev.vertx.elasticsearch.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.EndpointRequest;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.client.impl.ElasticsearchClientImpl;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

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
 * Thread-safe. Create one per application and share it, or let several verticles share one transport (one
 * connection pool, one set of node states, one sniffer) with {@link #createShared}. A client created inside a verticle
 * is released when that verticle undeploys; close it yourself otherwise ({@link #close()}).
 */
public interface ElasticsearchClient extends ElasticsearchApi {

  /**
   * Creates a client with a transport of its own. No connection is opened before the first request. Created inside
   * a verticle, it is closed when that verticle undeploys; otherwise when Vert.x closes, or by {@link #close()}.
   *
   * @param vertx the Vert.x instance
   * @param options the settings, copied
   * @return the client
   * @throws IllegalArgumentException for invalid hosts, conflicting credentials or TLS settings
   */
  static ElasticsearchClient create(Vertx vertx, ElasticsearchClientOptions options) {
    return ElasticsearchClientImpl.create(vertx, options, null);
  }

  /**
   * Creates a client on the transport shared under {@code name} in this Vert.x instance: one connection pool, one
   * set of node states, one sniffer for every client of that name, as Vert.x's shared pools do. The transport is
   * created by the first call, with its options (later calls' transport settings are ignored), and counts its
   * clients: {@link #close()} releases one, and the last release closes it. A client created inside a verticle is
   * released when that verticle undeploys. Once the transport is closed, or this client released, every call fails
   * with {@code ClientClosedException}.
   *
   * @param vertx the Vert.x instance
   * @param options the settings, copied; the tracing settings apply to this client
   * @param name the name of the shared transport
   * @return the client
   * @throws IllegalArgumentException for invalid hosts, conflicting credentials or TLS settings
   */
  static ElasticsearchClient createShared(Vertx vertx, ElasticsearchClientOptions options, String name) {
    return ElasticsearchClientImpl.create(vertx, options, Objects.requireNonNull(name, "name"));
  }

  /**
   * Searches and reads the hits as a type, e.g. {@code client.search(new SearchRequest().index("books"), Book.class)}.
   * The default mapper ignores fields the type lacks.
   *
   * @param request the search
   * @param type the document type
   * @param <T> the document type
   * @return the typed hits, the total and the aggregations; fails as {@code search} does, or with a
   *     {@code SerializationException} when a {@code _source} does not map to the type
   */
  default <T> Future<SearchResponse<T>> search(SearchRequest request, Class<T> type) {
    return search(request).map(response -> new SearchResponse<>(response, type));
  }

  /**
   * Searches, building the request in a lambda, and reads the hits as a type:
   * {@code client.search(r -> r.index("books").q("title:dragon"), Book.class)}.
   *
   * @param request fills a new request
   * @param type the document type
   * @param <T> the document type
   * @return as {@link #search(SearchRequest, Class)}
   */
  default <T> Future<SearchResponse<T>> search(Consumer<SearchRequest> request, Class<T> type) {
    return search(request).map(response -> new SearchResponse<>(response, type));
  }

  /** @return the Vert.x instance the client runs on ({@code null} only for a client made on a bare transport) */
  Vertx vertx();

  /**
   * Sends any request.
   *
   * @param method the HTTP method
   * @param path the path, percent-encoded, e.g. {@code /my-index/_doc/1}
   * @param query query parameters (values are turned into text and encoded), or {@code null}
   * @param body the body: a {@code JsonObject}, {@code JsonArray}, {@code Buffer}, JSON {@code String},
   *     {@code byte[]} or any object Jackson can write; or a {@code ReadStream<Buffer>}, sent as it is read and never
   *     held whole (see {@link TransportRequest#bodyStream}: it is sent once and never retried after it was read);
   *     {@code null} for none. Bodies are sent as JSON, which the NDJSON endpoints (bulk, msearch...) accept too
   * @return the response; fails with an {@code ApiException} for error statuses (a 404 to a {@code HEAD} request
   *     is a response), or a {@code SerializationException} (nothing sent) when the body cannot be written
   */
  Future<ElasticsearchResponse> perform(HttpMethod method, String path, Map<String, ?> query, Object body);

  /**
   * Sends any request and reads the answer's body as a back-pressured stream instead of holding it: large exports,
   * {@code _cat} text, CSV or Arrow, server-sent events. Retries happen only before the answer's head arrives. The
   * request timeout bounds the wait for the head and then each gap in which the stream waits for data, not the
   * whole body; {@code maxResponseSize} does not apply to it.
   *
   * @param method the HTTP method
   * @param path the path, percent-encoded
   * @param query query parameters, or {@code null}
   * @param body the body, as for {@link #perform(HttpMethod, String, Map, Object)} (a stream too); {@code null} for
   *     none
   * @return the answer with its body to read; fails with an {@code ApiException} for error statuses (their body is
   *     read whole, within {@code maxResponseSize}) and with an {@code UnsupportedProductException} when a 2xx answer
   *     lacks the product header
   */
  Future<ElasticsearchStream> performStream(HttpMethod method, String path, Map<String, ?> query, Object body);

  /**
   * Sends a prepared transport request (e.g. {@code new CatIndicesRequest().toTransportRequest()}) and reads the
   * answer's body as a stream, as {@link #performStream(HttpMethod, String, Map, Object)} does.
   *
   * @param request the request
   * @return the answer with its body to read
   */
  Future<ElasticsearchStream> performStream(TransportRequest request);

  /**
   * Sends a prepared transport request.
   *
   * @param request the request
   * @return the response, failing as {@link #perform(HttpMethod, String, Map, Object)} does
   */
  Future<ElasticsearchResponse> perform(TransportRequest request);

  /**
   * Sends an endpoint request: builds its transport request, the body written with this client's
   * {@link #objectMapper()}, and {@link #perform(TransportRequest) performs} it. Every endpoint method
   * ({@code client.search(...)}, {@code client.indices().create(...)}) goes through it.
   *
   * @param request the request, e.g. {@code new SearchRequest().index("books")}
   * @return the response; fails with an {@code IllegalArgumentException} (missing part, parameter or body) or a
   *     {@code SerializationException} (body) before sending, else as {@link #perform(TransportRequest)} does
   */
  @Override
  default Future<ElasticsearchResponse> send(EndpointRequest request) {
    TransportRequest transportRequest;
    try {
      transportRequest = request.toTransportRequest(objectMapper());
    } catch (IllegalArgumentException | SerializationException e) {
      return Future.failedFuture(e);
    }
    return perform(transportRequest);
  }

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
  ElasticsearchClient withOptions(CallOptions options);

  /**
   * The tracer of this client's spans, for code that groups several calls under a parent span (the helpers do).
   *
   * @return the OpenTelemetry tracer, or a no-op tracer when tracing is off or no SDK is registered
   */
  Tracer tracer();

  /**
   * The meter of this client's metrics, for code that reports its own (the bulk helper's concurrency gauges).
   *
   * @return the OpenTelemetry meter of the configured or global OpenTelemetry, or {@code null} while there is none,
   *     its meter provider records nothing, or metrics are off (as Vert.x's own {@code metrics()} is {@code null}
   *     without a metrics SPI)
   */
  Meter meter();

  /**
   * @return the Jackson mapper this client writes bodies and documents with and reads responses, hits and sources
   *     with ({@link ElasticsearchClientOptions#getObjectMapper()})
   */
  ObjectMapper objectMapper();

  /** @return the transport under this client */
  Transport transport();

  /**
   * Closes the client: releases its transport, which, when no other client shares it, fails pending requests with
   * {@code ClientClosedException}, cancels its timers and closes its connections. Views made with
   * {@link #withOptions} close with it. Idempotent; later calls fail fast with {@code ClientClosedException}.
   *
   * @return completes, on the caller's context, when the transport is released (and closed if this was its last
   *     client)
   */
  Future<Void> close();
}
