package dev.vertx.elasticsearch.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU time of this JVM's JIT compiler threads and of its other threads by kind, read from {@code /proc/self/task/<tid>/stat} (Linux; -1
 * elsewhere). {@code CompilationMXBean} reports elapsed compilation time, not CPU, and the JMX thread beans do not
 * list compiler threads, so this is the one way to tell how much of a phase's process CPU went to the JIT.
 */
final class CompilerThreads {

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long MILLIS_PER_TICK = 10L; // USER_HZ = 100 on Linux

  private CompilerThreads() {
  }

  /** @return the CPU time (user + system) of the C1/C2 compiler threads so far in nanoseconds, -1 if unknown */
  static long cpuNanos() {
    Map<String, Long> byKind = cpuMillisByKind();
    return byKind.isEmpty() ? -1 : (byKind.getOrDefault("c1", 0L) + byKind.getOrDefault("c2", 0L)) * 1_000_000;
  }

  /**
   * @return the CPU time of this JVM's threads so far in milliseconds by kind: {@code c1} and {@code c2} (the JIT
   *     compilers), {@code gc}, {@code eventLoop} (Vert.x event loops), {@code main} and {@code other}; empty if
   *     unknown
   */
  static Map<String, Long> cpuMillisByKind() {
    Map<String, Long> byKind = new TreeMap<>();
    if (!Files.isDirectory(TASKS)) {
      return byKind;
    }
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
        if (open < 0 || close < open) {
          continue;
        }
        // fields after the command: state(3) ppid(4) ... utime(14) stime(15)
        String[] fields = stat.substring(close + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        byKind.merge(kind(stat.substring(open + 1, close)), ticks * MILLIS_PER_TICK, Long::sum);
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return byKind;
  }

  /** @param name a thread's name as Linux keeps it (its first 15 characters) */
  private static String kind(String name) {
    if (name.startsWith("C1 CompilerThre")) {
      return "c1";
    } else if (name.startsWith("C2 CompilerThre")) {
      return "c2";
    } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "gc";
    } else if (name.startsWith("vert.x-eventloo")) {
      return "eventLoop";
    } else if (name.equals("java") || name.equals("main")) {
      return "main";
    }
    return "other";
  }
}
