package dev.vertx.elasticsearch.client.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.ElasticsearchStream;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.EndpointCatalog;
import dev.vertx.elasticsearch.client.api.RequestBodies;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.BadRequestException;
import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.metrics.impl.OperationDurationMetric;
import dev.vertx.elasticsearch.tracing.impl.ApiTracer;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.streams.ReadStream;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The client over a {@link Transport}: serialises bodies, turns error statuses into typed exceptions and carries
 * per-view request options.
 */
public final class ElasticsearchClientImpl implements ElasticsearchClient {

  private final TransportReference reference;
  private final Transport transport;
  private final CallOptions options;
  private final Set<Integer> ignoreStatus;
  private final ApiTracer tracer;
  private final ObjectMapper mapper;
  private final OperationDurationMetric metrics;
  /** The tracing, the duration metric and the application's instrumentation of this client's calls. */
  private final Instrumentation instrumentation;

  /**
   * A client without tracing on a transport whose life the caller manages (closing the client closes it).
   *
   * @param transport the transport
   * @param options the view's request options, or {@code null}
   */
  public ElasticsearchClientImpl(Transport transport, CallOptions options) {
    this(TransportReference.unbound(transport), options, null, null, ElasticsearchClientOptions.defaultObjectMapper());
  }

  /**
   * @param reference this client's reference to its transport
   * @param options the view's request options, or {@code null}
   * @param tracer the span factory, or {@code null} for no tracing
   * @param metrics the call duration histogram, or {@code null} for no metrics
   * @param mapper the mapper of bodies, documents and responses
   */
  public ElasticsearchClientImpl(TransportReference reference, CallOptions options, ApiTracer tracer,
                                 OperationDurationMetric metrics, ObjectMapper mapper) {
    this(reference, options, tracer, metrics, mapper, Instrumentation.of(tracer, metrics));
  }

  private ElasticsearchClientImpl(TransportReference reference, CallOptions options, ApiTracer tracer,
                                  OperationDurationMetric metrics, ObjectMapper mapper,
                                  Instrumentation instrumentation) {
    this.mapper = mapper;
    this.reference = reference;
    this.transport = reference.transport();
    this.options = options;
    this.tracer = tracer;
    this.metrics = metrics;
    this.instrumentation = instrumentation;
    this.ignoreStatus = options == null || options.getIgnoreStatus() == null ? Set.of() : Set.copyOf(options.getIgnoreStatus());
  }

  /**
   * @param vertx the Vert.x instance
   * @param options the client settings
   * @param sharedName the name of the shared transport, or {@code null} for a transport of the client's own
   * @return a client bound to the caller's verticle (or to Vert.x)
   */
  public static ElasticsearchClient create(Vertx vertx, ElasticsearchClientOptions options, String sharedName) {
    TransportReference reference = sharedName == null ? TransportReference.own(vertx, options.getTransport())
      : TransportReference.shared(vertx, options.getTransport(), sharedName);
    ApiTracer tracer = new ApiTracer(options.isTracingEnabled(), options.isCaptureSearchQuery(),
      options.getOpenTelemetry(), options.getTracingPolicy(), (VertxInternal) vertx);
    OperationDurationMetric metrics = options.isMetricsEnabled()
      ? new OperationDurationMetric(options.getOpenTelemetry()) : null;
    return new ElasticsearchClientImpl(reference, null, tracer, metrics, options.getObjectMapper(),
      Instrumentation.of(tracer, metrics, options.getInstrumentation()));
  }

  @Override
  public Future<ElasticsearchResponse> perform(HttpMethod method, String path, Map<String, ?> query, Object body) {
    return send(method, path, query, body, this::perform);
  }

  @Override
  public Future<ElasticsearchStream> performStream(HttpMethod method, String path, Map<String, ?> query,
                                                   Object body) {
    return send(method, path, query, body, this::performStream);
  }

  private <T> Future<T> send(HttpMethod method, String path, Map<String, ?> query, Object body,
                             Function<TransportRequest, Future<T>> sender) {
    TransportRequest request;
    try {
      request = request(method, path, query, body, mapper);
    } catch (IllegalArgumentException | SerializationException e) {
      return Future.failedFuture(e);
    }
    return sender.apply(request);
  }

  @Override
  public Future<ElasticsearchStream> performStream(TransportRequest request) {
    return StreamedCalls.perform(reference, transport, options, ignoreStatus, instrumentation, request);
  }

  private static TransportRequest request(HttpMethod method, String path, Map<String, ?> query, Object body,
                                          ObjectMapper mapper) {
    TransportRequest request = TransportRequest.of(method, path);
    recognise(request);
    if (query != null) {
      query.forEach((k, v) -> request.param(k, v == null ? null : String.valueOf(v)));
    }
    if (body instanceof ReadStream<?> stream) {
      StreamedCalls.attachBody(request, stream);
    } else if (body != null) {
      request.body(RequestBodies.json(body, mapper), "application/json");
    }
    return request;
  }

  @Override
  public Future<ElasticsearchResponse> perform(TransportRequest request) {
    if (reference.isReleased()) {
      return Future.failedFuture(new ClientClosedException("The client is closed; " + request + " was not sent", null,
        null));
    }
    boolean head = request.method() == HttpMethod.HEAD;
    return transport.perform(request, options, instrumentation).transform(ar -> {
      TransportResponse response = ar.result();
      Throwable failure = ar.cause();
      if (response != null) {
        int status = response.status();
        if (!(status < 300 || (head && status == 404) || ignoreStatus.contains(status))) {
          failure = apiError(response);
        }
      }
      return failure == null ? Future.succeededFuture(new ElasticsearchResponse(response, mapper))
        : Future.failedFuture(failure);
    });
  }

  /**
   * Names the endpoint of a request built from a method and a path, from the specification's catalog, so that it is
   * traced under that name and retried by that endpoint's rules ({@link EndpointCatalog#idempotent}: a search sent
   * as POST is safe to repeat).
   */
  private static void recognise(TransportRequest request) {
    String path = request.path();
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    EndpointCatalog.Match match = EndpointCatalog.match(request.method(), bare);
    if (match != null) {
      request.endpoint(match.endpoint().id()).pathParts(match.parts());
    }
    request.idempotent(EndpointCatalog.idempotent(request.method(), bare));
  }

  static ApiException apiError(TransportResponse response) {
    ApiException error = ApiException.of(response.status(), response.body().toString(), response.node());
    if ("media_type_header_exception".equals(error.errorType())) {
      // only reached when the version was set explicitly (a detected one is corrected by the transport)
      error = new BadRequestException(error.errorType(), error.reason() + ". The cluster does not accept the REST "
        + "compatibility version this client sends: set TransportOptions.setCompatibilityVersion to the cluster's "
        + "major version, or leave it unset to detect it", error.body(), error.node());
    }
    if (!response.attemptErrors().isEmpty()) {
      error.withAttemptErrors(response.attemptErrors());
    }
    return error;
  }


  @Override
  public Future<ElasticsearchResponse> info() {
    return perform(TransportRequest.of(HttpMethod.GET, "/").endpoint("info"));
  }

  @Override
  public Future<Boolean> ping() {
    return perform(TransportRequest.of(HttpMethod.HEAD, "/").endpoint("ping"))
      .map(response -> response.status() < 300)
      .otherwise(false);
  }

  @Override
  public ElasticsearchClient withOptions(CallOptions options) {
    CallOptions merged = this.options == null ? new CallOptions(options) : this.options.merge(options);
    return new ElasticsearchClientImpl(reference, merged, tracer, metrics, mapper, instrumentation);
  }

  @Override
  public Tracer tracer() {
    Tracer t = tracer == null ? null : tracer.tracer();
    return t != null ? t : TracerProvider.noop().get(ApiTracer.SCOPE);
  }

  @Override
  public Meter meter() {
    return metrics != null ? metrics.meter() : null;
  }

  @Override
  public Vertx vertx() {
    return reference.vertx();
  }

  @Override
  public ObjectMapper objectMapper() {
    return mapper;
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public Future<Void> close() {
    return reference.release();
  }
}
