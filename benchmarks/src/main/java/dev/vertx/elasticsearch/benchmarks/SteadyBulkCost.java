package dev.vertx.elasticsearch.benchmarks;

import dev.vertx.elasticsearch.benchmarks.jmh.BulkIngestBenchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The bulk helper's event-loop CPU per document in steady state, against the floor's, in one JVM: the two
 * {@link BulkIngestBenchmarks} bodies (500 documents through a long-lived ingester over a transport that answers at
 * once, and the same documents written into one body with one generator) run in alternating batches, and the CPU time
 * of the event-loop thread is read around each batch. CPU time rather than wall time, so that the hop to the event
 * loop and the machine's other work weigh less; the median of the paired ratios over the rounds is printed.
 *
 * <p>{@code java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*'
 * dev.vertx.elasticsearch.benchmarks.SteadyBulkCost [rounds] [batches per round]} (defaults 30 and 40, after as many
 * warm-up rounds as measured ones).
 */
public final class SteadyBulkCost {

  private SteadyBulkCost() {
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    BulkIngestBenchmarks bench = new BulkIngestBenchmarks();
    bench.setup();
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long eventLoop = bench.eventLoopThreadId();
      List<double[]> measured = new ArrayList<>();
      for (int round = 0; round < 2 * rounds; round++) {
        double helper = 0;
        double raw = 0;
        // alternate which goes first, so that neither always follows the other's garbage
        for (int k = 0; k < 2; k++) {
          boolean helperNow = (round + k) % 2 == 0;
          long before = threads.getThreadCpuTime(eventLoop);
          for (int b = 0; b < batches; b++) {
            if (helperNow) {
              bench.helper500();
            } else {
              bench.raw500();
            }
          }
          double perDoc = (threads.getThreadCpuTime(eventLoop) - before) / (double) (batches * 500);
          if (helperNow) {
            helper = perDoc;
          } else {
            raw = perDoc;
          }
        }
        if (round >= rounds) {
          measured.add(new double[] {helper, raw, helper / raw});
        }
      }
      System.out.printf("event-loop CPU per document, median of %d rounds of %d x 500: helper %.0f ns, floor %.0f ns,"
        + " helper / floor %.3f (paired; quartiles %.3f-%.3f)%n", rounds, batches, median(measured, 0),
        median(measured, 1), median(measured, 2), quantile(measured, 2, 0.25), quantile(measured, 2, 0.75));
    } finally {
      bench.tearDown();
    }
  }

  private static double median(List<double[]> rows, int column) {
    return quantile(rows, column, 0.5);
  }

  private static double quantile(List<double[]> rows, int column, double q) {
    double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return values[(int) Math.min(values.length - 1, Math.round(q * (values.length - 1)))];
  }
}
