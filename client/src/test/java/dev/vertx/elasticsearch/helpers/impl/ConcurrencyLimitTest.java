package dev.vertx.elasticsearch.helpers.impl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive limit against simulated clusters: each round the ingester fills its window, the cluster answers every
 * request of the window, and the limit learns from each answer.
 */
class ConcurrencyLimitTest {

  /** Whether the cluster pushes back on a request sent with this many in flight. */
  private interface Cluster {
    boolean pushesBack(int inFlightAtSend, Random random);
  }

  private record Run(int requests, int pushBacks, double meanLimit, int finalLimit) {
  }

  /**
   * Fills the window up to the limit; the cluster decides each request's fate when it is sent, and answers the
   * rejected ones first (a rejection comes back at once, work done takes its time).
   */
  private static Run run(ConcurrencyLimit limit, Cluster cluster, int requests, long seed) {
    Random random = new Random(seed);
    int sent = 0;
    int pushBacks = 0;
    long limitSum = 0;
    List<int[]> window = new ArrayList<>(); // {inFlightAtSend, pushedBack}
    while (sent < requests || !window.isEmpty()) {
      while (window.size() < limit.limit() && sent < requests) {
        int inFlightAtSend = window.size() + 1;
        window.add(new int[] {inFlightAtSend, cluster.pushesBack(inFlightAtSend, random) ? 1 : 0});
        sent++;
        limitSum += limit.limit();
      }
      int next = 0;
      for (int i = 0; i < window.size(); i++) {
        if (window.get(i)[1] == 1) {
          next = i;
          break;
        }
      }
      int[] answered = window.remove(next);
      pushBacks += answered[1];
      limit.onAnswer(answered[1] == 1, answered[0]);
    }
    return new Run(sent, pushBacks, (double) limitSum / sent, limit.limit());
  }

  @Test
  void aClusterThatTakesOneRequestAtATimeIsRarelyProbed() {
    // 200 requests of 500 documents, 100,000 in all: at most 5 % of the documents rejected is at most 10 requests
    Run run = run(ConcurrencyLimit.adaptive(4), (inFlight, random) -> inFlight > 1, 200, 1);
    assertThat(run.pushBacks()).isLessThanOrEqualTo(10);
    assertThat(run.meanLimit()).isLessThan(1.2);
    assertThat(run.finalLimit()).isEqualTo(1);
  }

  @Test
  void aClusterThatTakesTwoSettlesAtTwo() {
    Run run = run(ConcurrencyLimit.adaptive(8), (inFlight, random) -> inFlight > 2, 1_000, 2);
    assertThat(run.pushBacks()).isLessThanOrEqualTo(30);
    assertThat(run.meanLimit()).isBetween(1.7, 2.3);
  }

  @Test
  void randomPushBacksDoNotKeepTheLimitDown() {
    // an occasional 503 (5 % of the requests) that does not depend on load, at the default ceiling of 2
    Run run = run(ConcurrencyLimit.adaptive(2), (inFlight, random) -> random.nextDouble() < 0.05, 2_000, 3);
    assertThat(run.meanLimit()).isGreaterThan(1.6);
  }

  @Test
  void aCleanClusterGetsTheCeilingSoon() {
    ConcurrencyLimit limit = ConcurrencyLimit.adaptive(16);
    Run run = run(limit, (inFlight, random) -> false, 100, 4);
    assertThat(run.finalLimit()).isEqualTo(16);
    assertThat(limit.state()).isEqualTo(ConcurrencyLimit.State.SLOW_START);
  }

  @Test
  void theLimitComesBackAfterTheClusterRecovers() {
    ConcurrencyLimit limit = ConcurrencyLimit.adaptive(4);
    run(limit, (inFlight, random) -> true, 50, 5);
    assertThat(limit.limit()).isEqualTo(1);
    Run after = run(limit, (inFlight, random) -> false, 200, 6);
    assertThat(after.finalLimit()).isEqualTo(4);
  }

  @Test
  void requestsSentBelowTheLimitDoNotRaiseIt() {
    ConcurrencyLimit limit = ConcurrencyLimit.adaptive(8);
    for (int i = 0; i < 100; i++) {
      limit.onAnswer(false, 1); // a slow source: one request at a time
    }
    assertThat(limit.limit()).isEqualTo(2);
  }

  @Test
  void aFixedLimitNeverMoves() {
    ConcurrencyLimit limit = ConcurrencyLimit.fixed(3);
    Run run = run(limit, (inFlight, random) -> inFlight > 1, 100, 7);
    assertThat(run.finalLimit()).isEqualTo(3);
    assertThat(run.meanLimit()).isEqualTo(3.0);
    assertThat(ConcurrencyLimit.adaptive(1).state()).isEqualTo(ConcurrencyLimit.State.FIXED);
  }
}
