package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

import java.util.function.Function;

/**
 * A {@link ReadStream} mapping another one's items; an item mapped to {@code null} is dropped (and, when the stream
 * is fetched item by item, replaced by a fetch of the next one). Back-pressure passes through.
 *
 * @param <A> the source type
 * @param <B> the mapped type
 */
public final class MappedReadStream<A, B> implements ReadStream<B> {

  private final ReadStream<A> source;
  private final Function<A, B> mapper;
  private Handler<Throwable> exceptionHandler;
  private boolean flowing = true;

  /**
   * @param source the source stream
   * @param mapper the mapping; {@code null} drops the item; an exception fails the stream
   */
  public MappedReadStream(ReadStream<A> source, Function<A, B> mapper) {
    this.source = source;
    this.mapper = mapper;
  }

  @Override
  public ReadStream<B> exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<B> handler(Handler<B> handler) {
    if (handler == null) {
      source.handler(null);
      return this;
    }
    source.handler(item -> {
      B mapped;
      try {
        mapped = mapper.apply(item);
      } catch (RuntimeException e) {
        Handler<Throwable> h = exceptionHandler;
        if (h != null) {
          h.handle(e);
        }
        return;
      }
      if (mapped != null) {
        handler.handle(mapped);
      } else if (!flowing) {
        source.fetch(1);
      }
    });
    return this;
  }

  @Override
  public ReadStream<B> pause() {
    flowing = false;
    source.pause();
    return this;
  }

  @Override
  public ReadStream<B> resume() {
    flowing = true;
    source.resume();
    return this;
  }

  @Override
  public ReadStream<B> fetch(long amount) {
    source.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<B> endHandler(Handler<Void> endHandler) {
    source.endHandler(endHandler);
    return this;
  }
}
