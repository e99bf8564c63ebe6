package dev.vertx.elasticsearch.transport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A token that cancels the calls made with it: set it with {@link CallOptions#setCancellation(Cancellation)} on a
 * view of the client ({@code client.withOptions(...)}), then {@link #cancel()} it from any thread.
 * <p>
 * Cancelling fails every call of the token that has not ended with a
 * {@link dev.vertx.elasticsearch.error.RequestCancelledException} on the call's Vert.x context:
 * <ul>
 *   <li>a call not yet sent is never sent (also when it waits for a pooled connection or for the first sniff);</li>
 *   <li>a request in flight is reset, so that its connection is closed, never handed back to the pool half-read;
 *   when its whole request had been written, Elasticsearch may have applied it, which the exception's
 *   {@code maybeApplied()} tells;</li>
 *   <li>a call waiting between two attempts is not retried;</li>
 *   <li>a streamed answer being read fails and its connection is reset.</li>
 * </ul>
 * A call made with a token that is cancelled already fails at once. A token is one-way: once cancelled it stays so;
 * use a new one per unit of work. It holds nothing of a call once the call ends.
 */
public final class Cancellation {

  /** Where a token is in its life. */
  private enum State { ACTIVE, CANCELLED }

  /** What to run on cancel; {@code null} once cancelled. Guarded by {@code this}. */
  private Set<Registration> actions = new LinkedHashSet<>(2);
  private volatile State state = State.ACTIVE;

  private Cancellation() {
  }

  /** @return a new token, not cancelled */
  public static Cancellation create() {
    return new Cancellation();
  }

  /**
   * Cancels the calls made with this token; safe from any thread. The actions registered with
   * {@link #onCancel(Runnable)} run on this thread, once.
   *
   * @return {@code true} when this call cancelled the token, {@code false} when it was cancelled already
   */
  public boolean cancel() {
    List<Registration> toRun;
    synchronized (this) {
      if (state == State.CANCELLED) {
        return false;
      }
      state = State.CANCELLED;
      toRun = new ArrayList<>(actions);
      actions = null;
    }
    RuntimeException failure = null;
    for (Registration r : toRun) {
      try {
        r.action.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return true;
  }

  /** @return whether {@link #cancel()} was called */
  public boolean isCancelled() {
    return state == State.CANCELLED;
  }

  /**
   * Runs an action when the token is cancelled: for transports and facades that abort their work with it. The action
   * runs once, on the thread that cancels, so it should only hand the work over (e.g. to a Vert.x context).
   *
   * @param action what to run on cancel
   * @return a handle that removes the action, to call when the work ends; the action runs at once, on this thread,
   *     when the token is cancelled already
   */
  public Registration onCancel(Runnable action) {
    Registration registration = new Registration(this, Objects.requireNonNull(action, "action"));
    synchronized (this) {
      if (state == State.ACTIVE) {
        actions.add(registration);
        return registration;
      }
    }
    action.run();
    return registration;
  }

  private synchronized void remove(Registration registration) {
    if (actions != null) {
      actions.remove(registration);
    }
  }

  @Override
  public String toString() {
    return "Cancellation[" + state + "]";
  }

  /** An action registered with {@link #onCancel(Runnable)}. */
  public static final class Registration {

    private final Cancellation token;
    private final Runnable action;

    private Registration(Cancellation token, Runnable action) {
      this.token = token;
      this.action = action;
    }

    /** Removes the action: it will not run. Idempotent; does nothing once the token is cancelled. */
    public void remove() {
      token.remove(this);
    }
  }
}
