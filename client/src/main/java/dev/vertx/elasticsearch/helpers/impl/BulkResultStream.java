package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkItemResult;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayDeque;

/**
 * The streaming bulk helper: pipes a source of operations into a {@link BulkIngesterImpl} and emits one result per
 * operation. When the consumer pauses and a chunk's worth of results is queued, no new bulk request is sent; the
 * ingester's buffer then fills and the source is paused in turn. Ingestion starts when a handler is set.
 */
public final class BulkResultStream extends DemandStream<BulkItemResult, ReadStream<BulkItemResult>> {

  private final BulkIngesterImpl ingester;
  private final ReadStream<BulkOperation> source;
  private final ArrayDeque<BulkItemResult> queue = new ArrayDeque<>();
  private final int highWater;
  private boolean started;
  private boolean finished;
  private boolean ended;
  private boolean draining;
  private Throwable sourceError;

  /**
   * @param vertx the Vert.x instance
   * @param client the client
   * @param source the operations
   * @param options the bulk settings
   */
  public BulkResultStream(Vertx vertx, ElasticsearchClient client, ReadStream<BulkOperation> source,
                          BulkOptions options) {
    this(new BulkIngesterImpl(vertx, client, options), source, options);
  }

  private BulkResultStream(BulkIngesterImpl ingester, ReadStream<BulkOperation> source, BulkOptions options) {
    super(ingester.context());
    this.ingester = ingester;
    this.source = source;
    this.highWater = Math.max(1, options.getMaxOperations());
  }

  /** @return the ingester underneath, for its counters */
  public BulkIngester ingester() {
    return ingester;
  }

  private void start() {
    if (started) {
      return;
    }
    started = true;
    ingester.resultHandler(this::onResult);
    source.pipe().to(ingester).onFailure(err -> onContext(() -> sourceError = err));
    Future<BulkSummary> summary = ingester.summary();
    summary.onComplete(ar -> onContext(() -> {
      finished = true;
      drain();
    }));
  }

  private void onResult(BulkItemResult result) {
    queue.add(result);
    if (queue.size() >= highWater && demand != Long.MAX_VALUE) {
      ingester.dispatchPaused(true);
    }
    drain();
  }

  @Override
  protected void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (canEmit() && !queue.isEmpty()) {
        BulkItemResult next = queue.poll();
        emitted();
        handler.handle(next);
      }
      if (queue.size() <= highWater / 2) {
        ingester.dispatchPaused(false);
      }
      if (queue.isEmpty() && finished && !ended) {
        ended = true;
        if (sourceError != null && exceptionHandler != null) {
          exceptionHandler.handle(sourceError);
        }
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    } finally {
      draining = false;
    }
  }

  @Override
  protected void handlerChanged() {
    if (handler != null) {
      start();
      drain();
    }
  }
}
