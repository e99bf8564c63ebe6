package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Publisher} (a Mutiny publisher, an adapted RxJava {@code Flowable}, any Reactive Streams source)
 * as a Vert.x {@link ReadStream}, for the helpers that consume streams (the bulk helper): the stream's demand
 * ({@code pause}, {@code resume}, {@code fetch}) becomes requests to the publisher, a few at a time, and every signal
 * is handled on one Vert.x context. The publisher is subscribed when a handler is first set; clearing the handler
 * cancels it.
 *
 * @param <T> the item type
 */
public final class PublisherReadStream<T> implements ReadStream<T> {

  /** Requested from the publisher at a time while the stream has demand. */
  static final int BATCH = 64;

  private enum State { IDLE, SUBSCRIBED, ENDED, CANCELLED }

  private final Flow.Publisher<T> source;
  private final Context context;
  private final ArrayDeque<T> pending = new ArrayDeque<>();
  private State state = State.IDLE;
  private Flow.Subscription subscription;
  private long demand = Long.MAX_VALUE;
  private long outstanding;
  private Throwable failure;
  private boolean completed;
  private Handler<T> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;

  /**
   * @param source the items
   * @param context where the handlers are called and the state kept
   */
  public PublisherReadStream(Flow.Publisher<T> source, Context context) {
    this.source = Objects.requireNonNull(source, "source");
    this.context = Objects.requireNonNull(context, "context");
  }

  private void onContext(Runnable action) {
    if (context == io.vertx.core.Vertx.currentContext()) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  @Override
  public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
    onContext(() -> exceptionHandler = handler);
    return this;
  }

  @Override
  public ReadStream<T> handler(Handler<T> handler) {
    onContext(() -> {
      this.handler = handler;
      if (handler == null) {
        cancel();
      } else if (state == State.IDLE) {
        state = State.SUBSCRIBED;
        source.subscribe(new Subscriber());
      } else {
        drain();
      }
    });
    return this;
  }

  @Override
  public ReadStream<T> pause() {
    onContext(() -> demand = 0);
    return this;
  }

  @Override
  public ReadStream<T> resume() {
    onContext(() -> {
      demand = Long.MAX_VALUE;
      drain();
    });
    return this;
  }

  @Override
  public ReadStream<T> fetch(long amount) {
    onContext(() -> {
      if (amount > 0) {
        demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
        drain();
      }
    });
    return this;
  }

  @Override
  public ReadStream<T> endHandler(Handler<Void> handler) {
    onContext(() -> endHandler = handler);
    return this;
  }

  private void cancel() {
    if (state == State.SUBSCRIBED) {
      state = State.CANCELLED;
      pending.clear();
      if (subscription != null) {
        subscription.cancel();
      }
    }
  }

  /** Delivers what the demand allows, then ends, fails, or asks the publisher for more. */
  private void drain() {
    while (state == State.SUBSCRIBED && demand > 0 && handler != null && !pending.isEmpty()) {
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(pending.poll());
    }
    if (state != State.SUBSCRIBED || !pending.isEmpty()) {
      return;
    }
    if (failure != null) {
      state = State.ENDED;
      if (exceptionHandler != null) {
        exceptionHandler.handle(failure);
      }
    } else if (completed) {
      state = State.ENDED;
      if (endHandler != null) {
        endHandler.handle(null);
      }
    } else if (subscription != null && demand > 0 && outstanding < BATCH / 2) {
      long more = BATCH - outstanding;
      outstanding += more;
      subscription.request(more);
    }
  }

  private final class Subscriber implements Flow.Subscriber<T> {

    @Override
    public void onSubscribe(Flow.Subscription s) {
      onContext(() -> {
        if (state == State.CANCELLED) {
          s.cancel();
          return;
        }
        subscription = s;
        drain();
      });
    }

    @Override
    public void onNext(T item) {
      onContext(() -> {
        if (state == State.SUBSCRIBED) {
          outstanding--;
          pending.add(item);
          drain();
        }
      });
    }

    @Override
    public void onError(Throwable error) {
      onContext(() -> {
        failure = error;
        drain();
      });
    }

    @Override
    public void onComplete() {
      onContext(() -> {
        completed = true;
        drain();
      });
    }
  }
}
