package dev.vertx.elasticsearch.helpers;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.WriteStream;

/**
 * A bulk indexer that is a Vert.x {@link WriteStream}: write operations to it, or pipe any {@code ReadStream} to it
 * ({@code source.pipe().to(ingester)}: {@code pipe()} pauses the source before the pipe is set up, so a flowing
 * source set up off its context cannot emit past the bound). Operations are serialised on {@link #write}, buffered, and sent as {@code _bulk} requests of
 * {@code maxOperations} operations or {@code maxBytes} bytes, at the latest {@code flushInterval} ms after an
 * operation was buffered, on {@link #flush()} and on {@link #end()}.
 * <p>
 * Flow control: by default the ingester adapts how many requests are in flight, between 1 and {@code concurrency},
 * to what the answers say: fewer when Elasticsearch pushes back (a request answered 429 or 503 as a whole, or with
 * at least half of its items rejected), more again while the answers are clean; {@code setAdaptiveConcurrency(false)}
 * keeps {@code concurrency} requests in flight. The current limit is in {@link #stats()}, in the progress snapshots
 * and in the {@code elasticsearch.bulk.concurrency_limit} gauge of the client's meter.
 * <p>
 * Back-pressure is real: {@link #writeQueueFull()} is {@code true} while the buffer holds
 * {@code maxBufferedOperations} operations or {@code maxBufferedBytes} bytes (the buffer only drains as requests
 * complete), and the {@link #drainHandler} is called once it is half empty again. Nothing ever blocks.
 * <p>
 * Items failing with a status of the {@code retry} settings' {@code retryOnStatus} (429, 502, 503, 504), and whole
 * requests failing with those statuses or not sent, are retried with capped, jittered exponential backoff behind one
 * timer for the whole ingester, until the time budget ({@code maxRetryTime}, 5 minutes from the operation's first
 * rejection) or {@code maxRetries} is spent; other item errors (a mapping conflict, any other 4xx) are reported at
 * once. Every operation is accounted for exactly once, in the {@link #resultHandler}, the {@link #stats()} and the
 * {@link #summary()}; those finally failed also go to the dead-letter stream when one is set. Requests carry
 * {@code h=bp} in the client meta header.
 * <p>
 * Bound to the Vert.x context it was created on (a new event-loop context when created elsewhere); its handlers run
 * there. Methods may be called from any thread. Create one with
 * {@link ElasticsearchHelpers#bulkIngester(io.vertx.core.Vertx, dev.vertx.elasticsearch.client.ElasticsearchClient,
 * BulkOptions)}.
 */
public interface BulkIngester extends WriteStream<BulkOperation> {

  /**
   * Accepts an operation: it is serialised now and buffered. Never blocks; check {@link #writeQueueFull()} to respect
   * back-pressure. An operation whose document cannot be serialised is accounted for as failed (status 0, a
   * {@code SerializationException} as cause) and the returned future still succeeds.
   *
   * @param operation the operation
   * @return succeeds once the operation is buffered; fails with {@code IllegalStateException} after {@link #end()} or
   *     {@link #abort()} (the operation is then not accounted for)
   */
  @Override
  Future<Void> write(BulkOperation operation);

  /**
   * Sends everything buffered, then completes once every operation accepted so far is accounted for.
   *
   * @return completes when those operations are accounted for (whatever their outcome)
   */
  Future<Void> flush();

  /**
   * Flushes, waits for every operation (retries included) to be accounted for, refreshes the written indices when
   * {@code refreshOnCompletion} is set, and stops the flush timer. Idempotent.
   *
   * @return succeeds when everything is accounted for, even when operations failed (see {@link #summary()});
   *     fails with a {@link BulkAbortedException} when the ingester was aborted
   */
  @Override
  Future<Void> end();

  /**
   * Stops now: cancels timers, fails every buffered, waiting and in-flight operation with a
   * {@link BulkAbortedException} (an in-flight request may still be applied by the server; its answer is ignored),
   * and completes {@link #summary()} with {@code aborted = true}. Idempotent.
   */
  void abort();

  /**
   * @return completes when the ingester has ended or was aborted, with the final counters and the first failures
   */
  Future<BulkSummary> summary();

  /** @return the live counters */
  BulkStats stats();

  /**
   * @param handler called on the ingester's context with the outcome of every operation, exactly once each
   * @return this
   */
  BulkIngester resultHandler(Handler<BulkItemResult> handler);

  /**
   * @param handler called on the ingester's context every {@code progressInterval} (default 1 s) while the ingester
   *     runs, and once when it ends, with a snapshot of its progress
   * @return this
   */
  BulkIngester progressHandler(Handler<BulkProgress> handler);

  /**
   * Not used: item failures go to the {@link #resultHandler}; the handler is kept for the {@code WriteStream}
   * contract and called only for internal errors.
   *
   * @param handler the handler
   * @return this
   */
  @Override
  BulkIngester exceptionHandler(Handler<Throwable> handler);

  /**
   * Sets {@code maxBufferedOperations}.
   *
   * @param maxSize operations buffered before {@link #writeQueueFull()} is {@code true}
   * @return this
   */
  @Override
  BulkIngester setWriteQueueMaxSize(int maxSize);

  /**
   * @return {@code true} while {@code maxBufferedOperations} operations or {@code maxBufferedBytes} bytes wait to be
   *     sent
   */
  @Override
  boolean writeQueueFull();

  /**
   * @param handler called when the buffer is half empty after having been full, on the context of the writer that
   *     found it full (so a pipe resumes its source on the source's own context), or on the ingester's context when
   *     that writer was not on a Vert.x thread
   * @return this
   */
  @Override
  BulkIngester drainHandler(Handler<Void> handler);
}
