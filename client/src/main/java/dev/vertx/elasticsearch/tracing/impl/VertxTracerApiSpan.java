package dev.vertx.elasticsearch.tracing.impl;

import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.TransportCall;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The span of one API call reported through Vert.x's tracer SPI ({@code vertx.tracer()}), for applications whose
 * Vert.x tracer is not the client's OpenTelemetry (Zipkin, or a Vert.x OpenTelemetry tracer without a global SDK):
 * an RPC span with the database tags, under the caller's active trace as the tracer sees it. Trace headers are not
 * injected here: Vert.x's HTTP client spans of the attempts carry them to Elasticsearch.
 */
final class VertxTracerApiSpan implements CallObserver {

  /** The tags are name/value pairs in a list. */
  private static final TagExtractor<List<String>> TAGS = new TagExtractor<>() {
    @Override
    public int len(List<String> tags) {
      return tags.size() / 2;
    }

    @Override
    public String name(List<String> tags, int index) {
      return tags.get(2 * index);
    }

    @Override
    public String value(List<String> tags, int index) {
      return tags.get(2 * index + 1);
    }
  };
  private static final BiConsumer<String, String> NO_HEADERS = (name, value) -> { };

  private final VertxTracer<Object, Object> tracer;
  private final ContextInternal context;
  private final Object payload;
  private final TransportCall call;

  private VertxTracerApiSpan(VertxTracer<Object, Object> tracer, ContextInternal context, Object payload,
                             TransportCall call) {
    this.tracer = tracer;
    this.context = context;
    this.payload = payload;
    this.call = call;
  }

  /**
   * @param context the caller's context, whose active trace (if any) is the parent
   * @return the span, or {@code null} when the tracer made none (the policy says so)
   */
  @SuppressWarnings("unchecked")
  static VertxTracerApiSpan start(VertxTracer<?, ?> vertxTracer, ContextInternal context, TracingPolicy policy,
                                  TransportCall call) {
    TransportRequest request = call.request();
    VertxTracer<Object, Object> tracer = (VertxTracer<Object, Object>) vertxTracer;
    List<String> tags = new ArrayList<>(8);
    tag(tags, DbConventions.DB_SYSTEM.getKey(), DbConventions.SYSTEM);
    tag(tags, DbConventions.DB_OPERATION.getKey(), request.endpoint());
    tag(tags, DbConventions.DB_COLLECTION.getKey(), DbConventions.collection(request));
    tag(tags, OpenTelemetryApiSpan.HTTP_METHOD.getKey(), request.method().name());
    Object payload = tracer.sendRequest(context, SpanKind.RPC, policy, tags, ApiTracer.spanName(request), NO_HEADERS,
      TAGS);
    return payload == null ? null : new VertxTracerApiSpan(tracer, context, payload, call);
  }

  @Override
  public void onEnd(TransportResponse response, Throwable transportFailure) {
    Throwable failure = DbConventions.failureOf(call, response, transportFailure);
    List<String> tags = new ArrayList<>(6);
    if (response != null) {
      tag(tags, DbConventions.DB_STATUS.getKey(), DbConventions.status(response.status()));
      tag(tags, DbConventions.DB_NAMESPACE.getKey(), DbConventions.namespace(response));
      if (response.node() != null) {
        tag(tags, DbConventions.SERVER_ADDRESS.getKey(), DbConventions.nodeUri(response.node()).getHost());
      }
    } else if (failure instanceof ApiException) {
      tag(tags, DbConventions.DB_STATUS.getKey(), DbConventions.status(((ApiException) failure).status()));
    }
    if (failure != null) {
      tag(tags, DbConventions.ERROR_TYPE.getKey(), DbConventions.errorType(failure));
      if (failure instanceof RequestCancelledException) {
        tag(tags, DbConventions.CANCELLED.getKey(), "true");
      }
    }
    tracer.receiveResponse(context, tags, payload, failure, TAGS);
  }

  private static void tag(List<String> tags, String name, String value) {
    if (value != null) {
      tags.add(name);
      tags.add(value);
    }
  }
}
