package dev.vertx.elasticsearch.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of this JVM's JIT compiler threads, read from {@code /proc/self/task/<tid>/stat} (Linux; -1
 * elsewhere). {@code CompilationMXBean} reports elapsed compilation time, not CPU, and the JMX thread beans do not
 * list compiler threads, so this is the one way to tell how much of a phase's process CPU went to the JIT.
 */
final class CompilerThreads {

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

  private CompilerThreads() {
  }

  /** @return the CPU time (user + system) of the C1/C2 compiler threads so far in nanoseconds, -1 if unknown */
  static long cpuNanos() {
    if (!Files.isDirectory(TASKS)) {
      return -1;
    }
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || !stat.substring(open + 1, close).contains("CompilerThre")) {
          continue;
        }
        // fields after the command: state(3) ppid(4) ... utime(14) stime(15)
        String[] fields = stat.substring(close + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return ticks * NANOS_PER_TICK;
  }
}
