package dev.vertx.elasticsearch.tracing.impl;

import dev.vertx.elasticsearch.tracing.BatchTrace;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.RequestCancelledException;
import dev.vertx.elasticsearch.impl.BoundedCache;
import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.TransportAttempt;
import dev.vertx.elasticsearch.transport.TransportCall;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.buffer.Buffer;

import java.net.URI;
import java.util.Map;

import static dev.vertx.elasticsearch.tracing.impl.DbConventions.DB_COLLECTION;
import static dev.vertx.elasticsearch.tracing.impl.DbConventions.DB_NAMESPACE;
import static dev.vertx.elasticsearch.tracing.impl.DbConventions.DB_OPERATION;
import static dev.vertx.elasticsearch.tracing.impl.DbConventions.DB_STATUS;
import static dev.vertx.elasticsearch.tracing.impl.DbConventions.DB_SYSTEM;
import static dev.vertx.elasticsearch.tracing.impl.DbConventions.ERROR_TYPE;
import static dev.vertx.elasticsearch.tracing.impl.DbConventions.SERVER_ADDRESS;
import static dev.vertx.elasticsearch.tracing.impl.DbConventions.SERVER_PORT;

/**
 * The OpenTelemetry span of one API call. It records every attempt as an event ({@code elasticsearch.attempt}:
 * number, node, outcome) and makes itself current while an attempt is issued, so that Vert.x HTTP client spans nest
 * under it.
 */
final class OpenTelemetryApiSpan implements CallObserver {

  static final AttributeKey<String> DB_QUERY = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> NODE_NAME = AttributeKey.stringKey("elasticsearch.node.name");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("elasticsearch.attempt");
  static final String PARAMETER_PREFIX = "db.operation.parameter.";

  private static final boolean VERTX_CONTEXT_STORAGE = ContextStorage.get().getClass().getName().startsWith("io.vertx");

  private final Span span;
  private final Context context;
  private final String uri;
  private final TransportCall call;
  private Scope attemptScope;
  private String attemptNodeUrl;
  private String attemptFullUrl;

  /** Path part names (a few dozen) seen so far; bounded all the same. */
  private static final BoundedCache<String, AttributeKey<String>> PARAMETER_KEYS =
    new BoundedCache<>(1024, part -> AttributeKey.stringKey(PARAMETER_PREFIX + part));

  private OpenTelemetryApiSpan(Span span, Context context, TransportCall call) {
    this.span = span;
    this.context = context;
    this.call = call;
    this.uri = call.request().uri();
  }

  /**
   * @param parent the caller's context
   * @param propagator injects the trace headers, or {@code null} when Vert.x tracing does it for its HTTP client span
   */
  static OpenTelemetryApiSpan start(Tracer tracer, Context parent, TextMapPropagator propagator,
                                    TransportCall call, boolean captureQuery) {
    TransportRequest request = call.request();
    String operation = request.endpoint();
    Map<String, String> parts = request.pathParts();
    String index = DbConventions.collection(request);
    SpanBuilder builder = tracer.spanBuilder(ApiTracer.spanName(request))
      .setSpanKind(SpanKind.CLIENT)
      .setParent(parent)
      .setAttribute(DB_SYSTEM, DbConventions.SYSTEM)
      .setAttribute(HTTP_METHOD, request.method().name());
    if (operation != null) {
      builder.setAttribute(DB_OPERATION, operation);
    }
    if (index != null) {
      builder.setAttribute(DB_COLLECTION, index);
    }
    parts.forEach((k, v) -> builder.setAttribute(parameterKey(k), v));
    if (captureQuery) {
      String query = QuerySanitizer.sanitize(request.body());
      if (query != null) {
        builder.setAttribute(DB_QUERY, query);
      }
    }
    BatchTrace batch = BatchTrace.in(parent);
    if (batch != null) {
      builder.setAttribute(DB_BATCH_SIZE, (long) batch.size());
      batch.links().forEach(builder::addLink);
    } else if ("bulk".equals(operation)) {
      builder.setAttribute(DB_BATCH_SIZE, (long) bulkActions(request.body()));
    }
    Span span = builder.startSpan();
    Context context = parent.with(span);
    if (propagator != null) {
      TextMapPropagator p = propagator == TextMapPropagator.noop() ? W3CTraceContextPropagator.getInstance() : propagator;
      p.inject(context, call, TransportCall::putHeader);
    }
    return new OpenTelemetryApiSpan(span, context, call);
  }

  /** Counts bulk actions: action lines, skipping the source line that follows each but a delete. */
  static int bulkActions(Buffer body) {
    if (body == null) {
      return 0;
    }
    int count = 0;
    int lineStart = 0;
    boolean sourceNext = false;
    int length = body.length();
    for (int i = 0; i <= length; i++) {
      if (i == length || body.getByte(i) == '\n') {
        if (i > lineStart) {
          if (sourceNext) {
            sourceNext = false;
          } else {
            String action = action(body, lineStart, i);
            if (action != null) {
              count++;
              sourceNext = !action.equals("delete");
            }
          }
        }
        lineStart = i + 1;
      }
    }
    return count;
  }

  /** @return the action name a line opens with ({@code {"index": {...}}}), or {@code null} */
  private static String action(Buffer body, int from, int to) {
    int i = from;
    while (i < to && body.getByte(i) != '"') {
      i++;
    }
    int start = i + 1;
    int end = start;
    while (end < to && body.getByte(end) != '"') {
      end++;
    }
    if (end >= to || end - start > 6) {
      return null;
    }
    String key = body.getString(start, end);
    if (!(key.equals("index") || key.equals("create") || key.equals("update") || key.equals("delete"))) {
      return null;
    }
    int colon = end + 1;
    while (colon < to && body.getByte(colon) == ' ') {
      colon++;
    }
    int brace = colon + 1;
    while (brace < to && body.getByte(brace) == ' ') {
      brace++;
    }
    return colon < to && body.getByte(colon) == ':' && brace < to && body.getByte(brace) == '{' ? key : null;
  }

  @Override
  public void onAttempt(TransportAttempt attempt, Runnable issue) {
    setServer(attempt.node());
    ContextInternal caller = ContextInternal.current();
    if (caller == null) {
      issueInSpan(issue);
    } else {
      // A context of its own per attempt: what is made current there is seen by the HTTP client only.
      caller.duplicate().dispatch(v -> issueInSpan(issue));
    }
  }

  private void issueInSpan(Runnable issue) {
    Scope scope = context.makeCurrent();
    try {
      issue.run();
    } finally {
      if (VERTX_CONTEXT_STORAGE) {
        // Kept on the attempt's own duplicated context until the attempt ends: the Vert.x HTTP client reads it later.
        attemptScope = scope;
      } else {
        scope.close();
      }
    }
  }

  private void setServer(Node node) {
    URI u = DbConventions.nodeUri(node.url());
    span.setAttribute(SERVER_ADDRESS, u.getHost());
    span.setAttribute(SERVER_PORT, (long) u.getPort());
    span.setAttribute(URL_FULL, fullUrl(node));
  }

  /** The node and request URL of the current attempt, built once per attempt. */
  private String fullUrl(Node node) {
    String url = node.url();
    if (url != attemptNodeUrl) {
      attemptNodeUrl = url;
      attemptFullUrl = url + uri;
    }
    return attemptFullUrl;
  }

  private static AttributeKey<String> parameterKey(String part) {
    return PARAMETER_KEYS.get(part);
  }

  @Override
  public void onPhase(TransportAttempt attempt) {
    if (attempt.phase() != TransportAttempt.Phase.DONE) {
      return;
    }
    attemptScope = null;
    AttributesBuilder event = Attributes.builder().put(ATTEMPT, (long) attempt.number())
      .put(URL_FULL, fullUrl(attempt.node()));
    if (attempt.outcome() != TransportAttempt.Outcome.ANSWERED) {
      event.put(ERROR_TYPE, attempt.error() == null ? "unknown" : attempt.error().getClass().getName());
    } else {
      event.put(DB_STATUS, DbConventions.status(attempt.status()));
    }
    span.addEvent("elasticsearch.attempt", event.build());
  }

  @Override
  public void onEnd(TransportResponse response, Throwable transportFailure) {
    Throwable failure = DbConventions.failureOf(call, response, transportFailure);
    if (response != null) {
      span.setAttribute(DB_STATUS, DbConventions.status(response.status()));
      String cluster = DbConventions.namespace(response);
      if (cluster != null) {
        span.setAttribute(DB_NAMESPACE, cluster);
      }
      String instance = response.headers().get("X-Found-Handling-Instance");
      if (instance != null) {
        span.setAttribute(NODE_NAME, instance);
      }
    }
    if (failure != null) {
      if (failure instanceof ApiException) {
        span.setAttribute(DB_STATUS, DbConventions.status(((ApiException) failure).status()));
      }
      span.setAttribute(ERROR_TYPE, DbConventions.errorType(failure));
      if (failure instanceof RequestCancelledException) {
        span.setAttribute(DbConventions.CANCELLED, true);
      }
      span.setStatus(StatusCode.ERROR, failure.getMessage());
    }
    span.end();
  }
}
