package dev.vertx.elasticsearch.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

import java.util.List;

/**
 * What the span of a batch request (a {@code _bulk}) records about the batch, handed over in the OpenTelemetry
 * {@link Context} that is current when the request is sent: the number of operations it carries, recorded as
 * {@code db.operation.batch.size} without reading the body again, and links to the spans of the callers whose
 * operations it carries, so that the trace of a request that wrote a document leads to the bulk request that
 * delivered it. The bulk helpers set it; without it the client counts the body's action lines and adds no links.
 *
 * @param size operations in the batch
 * @param links spans of the callers, at most {@link #MAX_LINKS}
 */
public record BatchTrace(int size, List<SpanContext> links) {

  /** The most links one batch span carries: 32. */
  public static final int MAX_LINKS = 32;

  private static final ContextKey<BatchTrace> KEY = ContextKey.named("dev.vertx.elasticsearch.batch");

  /**
   * @param size operations in the batch, at least 0
   * @param links spans of the callers; only the first {@link #MAX_LINKS} are kept
   */
  public BatchTrace {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    links = List.copyOf(links.size() > MAX_LINKS ? links.subList(0, MAX_LINKS) : links);
  }

  /**
   * @param parent the context to extend
   * @return a context that carries this batch
   */
  public Context storeIn(Context parent) {
    return parent.with(KEY, this);
  }

  /**
   * @param context a context
   * @return the batch it carries, or {@code null}
   */
  public static BatchTrace in(Context context) {
    return context.get(KEY);
  }
}
