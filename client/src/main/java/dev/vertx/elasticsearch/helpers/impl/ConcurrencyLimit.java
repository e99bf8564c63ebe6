package dev.vertx.elasticsearch.helpers.impl;

/**
 * How many bulk requests the ingester keeps in flight, learnt from the answers (additive increase, multiplicative
 * decrease, with a memory of where the cluster pushed back):
 * <ul>
 *   <li>{@link State#SLOW_START}: from 1, the limit doubles after every full window of clean answers, up to the
 *   ceiling, until the first push-back;</li>
 *   <li>a push-back (a request answered 429 or 503 as a whole, or with at least half of its items rejected) brings
 *   the limit down to half the level that was refused (what was in flight when that request went out), and that
 *   level is remembered;</li>
 *   <li>{@link State#AVOIDANCE}: below that level the limit grows by one after a full window of clean answers; it
 *   tries the level that pushed back again only after {@code probeWait} clean answers, a wait that doubles each time
 *   the probe is pushed back and resets once a probe holds for a full window.</li>
 * </ul>
 * So a cluster that takes only so much settles just below it and rarely probes above, while rejections that do not
 * depend on load (a few random item 429s, an occasional 503) neither starve the ingester nor keep it down: a
 * request with fewer than half of its items rejected is clean, and a lone push-back costs one halving that the next
 * clean windows win back. The probe wait is capped at 128 answers. Confined to the ingester's context.
 */
final class ConcurrencyLimit {

  /** Where the limit stands. */
  enum State {
    /** Always the configured concurrency. */
    FIXED,
    /** Doubling until the first push-back. */
    SLOW_START,
    /** Growing by one per clean window, probing the last level that pushed back with a growing wait. */
    AVOIDANCE
  }

  private static final int INITIAL_PROBE_WAIT = 4;
  private static final int MAX_PROBE_WAIT = 128;

  private final int ceiling;
  private State state;
  private int limit;
  /** The lowest level that pushed back and has not held since; {@code Integer.MAX_VALUE} when none. */
  private int pushedBackAt = Integer.MAX_VALUE;
  /** Clean answers needed before the limit reaches {@code pushedBackAt} again. */
  private int probeWait = INITIAL_PROBE_WAIT;
  /** Clean answers since the limit last changed. */
  private int clean;
  private volatile int published;

  private ConcurrencyLimit(State state, int limit, int ceiling) {
    this.state = state;
    this.limit = limit;
    this.ceiling = ceiling;
    this.published = limit;
  }

  /** @return a limit that never moves */
  static ConcurrencyLimit fixed(int concurrency) {
    return new ConcurrencyLimit(State.FIXED, concurrency, concurrency);
  }

  /** @return a limit that adapts between 1 and the ceiling, starting at 1 */
  static ConcurrencyLimit adaptive(int ceiling) {
    return ceiling == 1 ? fixed(1) : new ConcurrencyLimit(State.SLOW_START, 1, ceiling);
  }

  /** @return the requests allowed in flight now; readable from any thread */
  int limit() {
    return published;
  }

  State state() {
    return state;
  }

  /**
   * Learns from one answered request.
   *
   * @param pushedBack whether the cluster pushed back on it
   * @param inFlightAtSend requests in flight when it was sent, itself included: a request sent below the limit says
   *     nothing about whether the limit could grow
   */
  void onAnswer(boolean pushedBack, int inFlightAtSend) {
    if (state == State.FIXED) {
      return;
    }
    if (pushedBack) {
      onPushBack(inFlightAtSend);
    } else if (inFlightAtSend >= limit) {
      onClean();
    }
    published = limit;
  }

  private void onPushBack(int inFlightAtSend) {
    // the level the cluster refused: what was in flight when the request went out, not what the limit is now
    int level = Math.max(2, inFlightAtSend);
    if (state == State.AVOIDANCE && inFlightAtSend >= pushedBackAt) {
      probeWait = Math.min(MAX_PROBE_WAIT, probeWait * 2); // a request of the probe failed: wait longer next time
    }
    pushedBackAt = Math.min(pushedBackAt, level);
    state = State.AVOIDANCE;
    int lower = Math.max(1, Math.min(limit, (level + 1) / 2));
    if (lower < limit) {
      limit = lower;
      clean = 0;
    } // else already there: a lone push-back at the floor does not undo the clean answers counted towards a probe
  }

  private void onClean() {
    clean++;
    if (state == State.SLOW_START) {
      if (clean >= limit) {
        limit = Math.min(ceiling, limit * 2);
        clean = 0;
      }
      return;
    }
    if (limit >= pushedBackAt && clean >= limit) {
      // a probe held for a full window: the level that pushed back takes this load now
      pushedBackAt = Integer.MAX_VALUE;
      probeWait = INITIAL_PROBE_WAIT;
    }
    if (limit >= ceiling) {
      clean = Math.min(clean, limit);
      return;
    }
    boolean probing = limit + 1 >= pushedBackAt;
    if (clean >= (probing ? Math.max(limit, probeWait) : limit)) {
      limit++;
      clean = 0;
    }
  }
}
