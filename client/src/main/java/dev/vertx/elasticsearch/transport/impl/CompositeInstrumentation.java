package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.transport.CallObserver;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.TransportAttempt;
import dev.vertx.elasticsearch.transport.TransportCall;
import dev.vertx.elasticsearch.transport.TransportResponse;

import java.util.ArrayList;
import java.util.List;

/** Several instrumentations as one: asks each, observes with those that answered. */
public final class CompositeInstrumentation implements Instrumentation {

  /** Observes nothing. */
  public static final Instrumentation NONE = call -> null;

  private final Instrumentation[] parts;

  private CompositeInstrumentation(List<Instrumentation> parts) {
    this.parts = parts.toArray(new Instrumentation[0]);
  }

  /**
   * @param parts the instrumentations; {@code null}s and {@link #NONE} are skipped
   * @return {@link #NONE}, the only part, or one that asks each part in order
   */
  public static Instrumentation of(Instrumentation... parts) {
    List<Instrumentation> kept = new ArrayList<>(parts.length);
    for (Instrumentation part : parts) {
      if (part instanceof CompositeInstrumentation c) {
        kept.addAll(List.of(c.parts));
      } else if (part != null && part != NONE) {
        kept.add(part);
      }
    }
    if (kept.isEmpty()) {
      return NONE;
    }
    return kept.size() == 1 ? kept.get(0) : new CompositeInstrumentation(kept);
  }

  /**
   * @param call the call
   * @param own the transport's instrumentation
   * @param given the caller's, or {@code null}
   * @return the observer of the call, or {@code null} when neither observes it
   */
  static CallObserver observe(TransportCall call, Instrumentation own, Instrumentation given) {
    CallObserver first = own == NONE ? null : own.startCall(call);
    CallObserver second = given == null || given == NONE ? null : given.startCall(call);
    if (first == null || second == null) {
      return first == null ? second : first;
    }
    return new CompositeObserver(new CallObserver[] {first, second});
  }

  @Override
  public CallObserver startCall(TransportCall call) {
    CallObserver single = null;
    List<CallObserver> all = null;
    for (Instrumentation part : parts) {
      CallObserver observer = part.startCall(call);
      if (observer == null) {
        continue;
      }
      if (single == null) {
        single = observer;
      } else {
        if (all == null) {
          all = new ArrayList<>(parts.length);
          all.add(single);
        }
        all.add(observer);
      }
    }
    return all == null ? single : new CompositeObserver(all.toArray(new CallObserver[0]));
  }

  /** Calls every observer; the attempt is issued once, inside all of them. */
  private record CompositeObserver(CallObserver[] observers) implements CallObserver {

    @Override
    public void onAttempt(TransportAttempt attempt, Runnable issue) {
      around(0, attempt, issue);
    }

    private void around(int index, TransportAttempt attempt, Runnable issue) {
      if (index == observers.length) {
        issue.run();
      } else {
        observers[index].onAttempt(attempt, () -> around(index + 1, attempt, issue));
      }
    }

    @Override
    public void onPhase(TransportAttempt attempt) {
      for (CallObserver observer : observers) {
        observer.onPhase(attempt);
      }
    }

    @Override
    public void onEnd(TransportResponse response, Throwable failure) {
      for (CallObserver observer : observers) {
        observer.onEnd(response, failure);
      }
    }
  }
}
