package dev.vertx.elasticsearch.mutiny.impl;

import dev.vertx.elasticsearch.helpers.ScanStream;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.util.function.Supplier;

/**
 * A scan as a {@code Multi} with back-pressure: each subscription opens its own {@link ScanStream} (on the
 * subscriber's thread, so hits are emitted on the subscriber's Vert.x context), the subscriber's {@code request(n)}
 * becomes the stream's {@code fetch(n)}, so pages are only read as hits are consumed, and a cancellation cancels the
 * stream, which frees the point in time or scroll.
 */
public final class ScanMulti {

  private ScanMulti() {
  }

  /**
   * @param scan opens the stream, once per subscription
   * @param <T> the hit type
   * @return the {@code Multi}
   */
  public static <T> Multi<T> of(Supplier<ScanStream<T>> scan) {
    return Multi.createFrom().emitter(emitter -> bind(scan.get(), emitter));
  }

  private static <T> void bind(ScanStream<T> stream, MultiEmitter<? super T> emitter) {
    stream.pause(); // the stream's methods hop onto its context: safe from any thread
    stream.exceptionHandler(emitter::fail);
    stream.endHandler(v -> emitter.complete());
    stream.handler(emitter::emit);
    emitter.onCancellation(stream::cancel);
    // registered before the demand already there is read: a request racing in between is fetched twice, which the
    // emitter's buffer absorbs; read first, it could be lost
    emitter.onRequest(stream::fetch);
    long initial = emitter.requested();
    if (initial > 0) {
      stream.fetch(initial);
    }
  }
}
