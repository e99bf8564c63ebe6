package dev.vertx.elasticsearch.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every stub scenario of the harness with tiny counts and one round (each candidate still in its own JVM), so
 * that the harness keeps working; the embedded-node scenarios are skipped here. The full harness never runs in
 * {@code mvn verify}.
 */
class HarnessSmokeTest {

  @Test
  // about 25 forked JVMs: other builds sharing the 2 cores stretched a run past 120 s
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void everyScenarioCompletesAndPrintsTables() throws Exception {
    Path out = Path.of("target", "benchmark-smoke.md");
    System.setProperty("benchmarks.smoke", "true");
    System.setProperty("benchmarks.embedded", "false");
    System.setProperty("benchmarks.jvmArgs", "-Xmx256m -XX:TieredStopAtLevel=1");
    System.setProperty("benchmarks.out", out.toString());
    try {
      String report = new Harness().run();
      java.util.logging.Logger.getLogger(HarnessSmokeTest.class.getName()).info(report);
      assertThat(report)
        .contains("## Search: 200 searches")
        .contains("## Tracing")
        .contains("## Bulk: 2000 documents")
        .contains("## Memory: 5000 documents")
        .contains("## Memory: a 8 MB NDJSON upload through perform")
        .contains("| client / raw |")
        .contains("| client / esjava |")
        .contains("| client-traced / client |")
        .contains("## Typed search").contains("| typed / esjava |").contains("## Typed bulk")
        .contains("## Fresh JVM: one ingest of 500 documents").contains("| helper / raw |");
      assertThat(Files.readString(out)).isEqualTo(report);
    } finally {
      System.clearProperty("benchmarks.smoke");
      System.clearProperty("benchmarks.embedded");
      System.clearProperty("benchmarks.jvmArgs");
      System.clearProperty("benchmarks.out");
    }
  }
}
