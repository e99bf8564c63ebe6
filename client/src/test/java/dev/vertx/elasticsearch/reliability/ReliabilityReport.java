package dev.vertx.elasticsearch.reliability;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects the figures of the reliability suite and prints one summary block when the test run ends (registered in
 * the root store of the run, so the block comes once, after the last class that uses this extension).
 */
public final class ReliabilityReport implements BeforeAllCallback {

  private static final Map<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> FAULTS = new ConcurrentHashMap<>();
  private static final Map<String, String> NOTES = new ConcurrentHashMap<>();

  /** Requests sent while faults were injected. */
  public static final String SENT = "requests sent under faults";
  /** Requests that failed although a healthy node could serve them. */
  public static final String FAILED = "requests failed (unexpectedly)";
  /** Retries, the sum of {@code attempts() - 1}. */
  public static final String RETRIED = "retries (attempts - 1)";
  /** Documents missing after a run. */
  public static final String LOST = "documents lost";
  /** Documents found more than once after a run. */
  public static final String DUPLICATED = "documents duplicated";
  /** Typed errors that came out as expected. */
  public static final String EXPECTED_ERRORS = "expected typed errors";

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.create(ReliabilityReport.class))
      .getOrComputeIfAbsent("printer", k -> (ExtensionContext.Store.CloseableResource) ReliabilityReport::print);
  }

  /** Adds to a counter. */
  public static void add(String counter, long n) {
    COUNTERS.computeIfAbsent(counter, k -> new AtomicLong()).addAndGet(n);
  }

  /** Adds injected faults of a kind. */
  public static void fault(String kind, long n) {
    FAULTS.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
  }

  /** Records a free-form line (e.g. a scenario result). */
  public static void note(String key, String line) {
    NOTES.put(key, line);
  }

  static long get(String counter) {
    AtomicLong n = COUNTERS.get(counter);
    return n == null ? 0 : n.get();
  }

  /** @return the summary block */
  public static String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("\n==================== reliability summary ====================\n");
    for (String key : new String[] {SENT, FAILED, RETRIED, LOST, DUPLICATED, EXPECTED_ERRORS}) {
      sb.append(String.format("%-34s %d%n", key, get(key)));
    }
    new TreeMap<>(COUNTERS).forEach((k, v) -> {
      if (!k.equals(SENT) && !k.equals(FAILED) && !k.equals(RETRIED) && !k.equals(LOST) && !k.equals(DUPLICATED)
        && !k.equals(EXPECTED_ERRORS)) {
        sb.append(String.format("%-34s %d%n", k, v.get()));
      }
    });
    sb.append("faults injected by kind:\n");
    new TreeMap<>(FAULTS).forEach((k, v) -> sb.append(String.format("  %-50s %d%n", k, v.get())));
    new TreeMap<>(NOTES).forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
    sb.append("==============================================================");
    return sb.toString();
  }

  /** Writes the block to {@code target/reliability-summary-es<version>.txt} (tests print nothing to stdout). */
  private static void print() {
    try {
      java.nio.file.Path out = java.nio.file.Path.of("target", "reliability-summary-es"
        + System.getProperty("embedded.es.version", "default") + ".txt");
      java.nio.file.Files.createDirectories(out.getParent());
      java.nio.file.Files.writeString(out, summary() + System.lineSeparator());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not write the reliability summary", e);
    }
  }
}
