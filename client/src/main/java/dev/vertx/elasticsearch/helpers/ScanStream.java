package dev.vertx.elasticsearch.helpers;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

/**
 * A stream of search hits read page by page with a point in time or a scroll. The next page is fetched only when the
 * consumer has demand (it is flowing, or {@code fetch}ed) and the current page is delivered. The point in time or
 * scroll is freed when the stream ends, fails or is {@link #cancel() cancelled}, before the end or exception
 * handler is called. Search requests carry {@code h=s} in the client meta header; 429 answers are retried with
 * backoff.
 * <p>
 * Fails (exception handler, no end) with a {@link ScanException} for shard failures, an {@code ApiException} or
 * {@code TransportException} when a search fails, or a {@code SerializationException} when a hit cannot be mapped.
 * Handlers run on the context the stream was created on.
 *
 * @param <T> the item type: the hit as a {@code JsonObject}, or its {@code _source} mapped to a class
 */
public interface ScanStream<T> extends ReadStream<T> {

  /**
   * Stops the scan: drops undelivered hits and frees the point in time or scroll (a 404 is ignored). Neither the end
   * nor the exception handler is called afterwards. Idempotent.
   *
   * @return completes when the server-side context is freed (or freeing failed)
   */
  Future<Void> cancel();

  /** @return hits delivered so far */
  long delivered();

  @Override
  ScanStream<T> exceptionHandler(Handler<Throwable> handler);

  @Override
  ScanStream<T> handler(Handler<T> handler);

  @Override
  ScanStream<T> pause();

  @Override
  ScanStream<T> resume();

  @Override
  ScanStream<T> fetch(long amount);

  @Override
  ScanStream<T> endHandler(Handler<Void> endHandler);
}
