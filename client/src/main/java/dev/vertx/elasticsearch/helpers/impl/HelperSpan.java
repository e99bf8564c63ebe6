package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.tracing.BatchTrace;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.function.Supplier;

/**
 * The parent span of one helper run ({@code helpers.bulk}, {@code helpers.scan}, ...): the spans of the requests
 * the helper sends nest under it, and it ends with the run's counts. A no-op when the client does not trace.
 */
public final class HelperSpan {

  private final Span span;
  private final Context context;
  private boolean ended;

  private HelperSpan(Span span, Context context) {
    this.span = span;
    this.context = context;
  }

  /**
   * Starts a span under the caller's current context.
   *
   * @param client the client whose tracer to use
   * @param name the span name, e.g. {@code helpers.bulk}
   * @return the span
   */
  public static HelperSpan start(ElasticsearchClient client, String name) {
    Tracer tracer = client.tracer();
    if (!traces(tracer)) {
      // no OpenTelemetry work at all: not even the context lookup, whose first use loads the context storage
      return new HelperSpan(null, null);
    }
    Span span = tracer.spanBuilder(name).setParent(Context.current())
      .setAttribute("db.system.name", "elasticsearch").startSpan();
    return new HelperSpan(span, Context.current().with(span));
  }

  /**
   * @param tracer a client's tracer
   * @return whether it makes spans: not the no-op tracer a client hands out when it does not trace
   */
  public static boolean traces(Tracer tracer) {
    return tracer != TracerProvider.noop().get("dev.vertx.elasticsearch");
  }

  /** @return whether this span records anything, so that callers may skip work for it (capturing parents) */
  public boolean recording() {
    return span != null;
  }

  /**
   * Runs a call with this span current, so that the request it sends becomes a child.
   *
   * @param call sends a request
   * @param <T> the result type
   * @return what the call returned
   */
  public <T> T call(Supplier<T> call) {
    if (span == null) {
      return call.get();
    }
    try (Scope ignored = context.makeCurrent()) {
      return call.get();
    }
  }

  /**
   * Runs a call with this span current and a batch that the request's span records (its size and links).
   *
   * @param batch the batch the request carries
   * @param call sends a request
   * @param <T> the result type
   * @return what the call returned
   */
  public <T> T call(BatchTrace batch, Supplier<T> call) {
    if (span == null) {
      return call.get();
    }
    try (Scope ignored = batch.storeIn(context).makeCurrent()) {
      return call.get();
    }
  }

  /**
   * @param key the attribute name
   * @param value its value
   * @return this
   */
  public HelperSpan count(String key, long value) {
    if (span == null) {
      return this;
    }
    span.setAttribute(AttributeKey.longKey(key), value);
    return this;
  }

  /**
   * Ends the span once; later calls do nothing.
   *
   * @param failure what failed the run, or {@code null}
   */
  public void end(Throwable failure) {
    if (ended || span == null) {
      return;
    }
    ended = true;
    if (failure != null) {
      span.setAttribute(AttributeKey.stringKey("error.type"), failure.getClass().getName());
      span.setStatus(StatusCode.ERROR, failure.getMessage());
    }
    span.end();
  }
}
