package dev.vertx.elasticsearch.tracing.impl;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;

/**
 * A tracer for {@link io.vertx.core.tracing.TracingPolicy#PROPAGATE}: it starts spans only inside an active trace
 * (a valid current span); elsewhere its spans are no-ops, and so are those of the requests made under them.
 */
final class ParentOnlyTracer implements Tracer {

  private static final Tracer NOOP = TracerProvider.noop().get(ApiTracer.SCOPE);

  private final Tracer tracer;

  ParentOnlyTracer(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    return (Span.current().getSpanContext().isValid() ? tracer : NOOP).spanBuilder(spanName);
  }
}
