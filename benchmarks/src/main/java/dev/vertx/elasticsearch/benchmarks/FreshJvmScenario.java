package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code freshjvm} scenario: a one-shot ingest of {@code benchmarks.freshDocs} (100,000) documents into the stub,
 * each run in a new JVM that exits when done ({@link FreshIngest}), the bulk helper against the raw Vert.x + Jackson
 * floor, on Java 17 (the harness's JVM), Java 25 ({@code benchmarks.java25}, default the Temurin 25 JDK when
 * installed) and Java 25 with an AOT cache (JEP 483/514/515) trained by one run of the same candidate
 * ({@code -XX:AOTCacheOutput}, then {@code -XX:AOTCache}). Rounds ({@code benchmarks.freshRounds}, 5) alternate the
 * runs; the tables give medians of the process wall time (spawn to exit, measured here), the process CPU at exit and
 * the CPU and wall time of the ingest alone (both measured in the child).
 */
final class FreshJvmScenario {

  private static final String DEFAULT_JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

  /** One JVM configuration: its name, its java launcher and its extra flags. */
  private record Jvm(String name, String java, List<String> flags) {
  }

  private final Harness h;
  private final String stubUrl;
  private final long docs;
  private final int rounds;

  private FreshJvmScenario(Harness h, String stubUrl) {
    this.h = h;
    this.stubUrl = stubUrl;
    this.docs = Long.getLong("benchmarks.freshDocs", h.smoke ? 2_000 : 100_000);
    this.rounds = Integer.getInteger("benchmarks.freshRounds", h.smoke ? 1 : 5);
  }

  static void run(Harness h, String stubUrl) throws Exception {
    new FreshJvmScenario(h, stubUrl).run();
  }

  private void run() throws Exception {
    List<String> candidates = List.of("helper", "raw");
    List<Jvm> jvms = new ArrayList<>();
    jvms.add(new Jvm("java " + Runtime.version().feature(), h.javaBin, List.of()));
    String java25 = System.getProperty("benchmarks.java25", DEFAULT_JAVA_25);
    boolean jarsOnly = classpathHoldsJarsOnly();
    List<String> notes = new ArrayList<>();
    Map<String, JsonObject> training = new LinkedHashMap<>();
    if (Files.isExecutable(Path.of(java25))) {
      jvms.add(new Jvm("java 25", java25, List.of()));
      if (jarsOnly) {
        for (String candidate : candidates) {
          Path cache = h.logs.resolve("freshjvm-" + candidate + ".aot").toAbsolutePath();
          Files.deleteIfExists(cache);
          JsonObject trained = child(new Jvm("java 25 training", java25, List.of("-XX:AOTCacheOutput=" + cache)),
            candidate);
          if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("The training run did not write " + cache + ", see its log");
          }
          training.put(candidate, trained.put("cacheMb", Files.size(cache) / 1048576.0));
        }
        jvms.add(new Jvm("java 25 + AOT cache", java25, List.of("-XX:AOTCache=<cache>")));
      } else {
        notes.add("No AOT cache runs: the class path holds a directory (an AOT cache needs jars only).");
      }
    } else {
      notes.add("No Java 25 runs: " + java25 + " not found (set -Dbenchmarks.java25=<java launcher>).");
    }

    List<String[]> units = new ArrayList<>();
    for (Jvm jvm : jvms) {
      for (String candidate : candidates) {
        units.add(new String[] {jvm.name(), candidate});
      }
    }
    Map<String, List<JsonObject>> results = new LinkedHashMap<>();
    units.forEach(u -> results.put(u[0] + "|" + u[1], new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < units.size(); i++) {
        String[] unit = units.get((i + round) % units.size());
        Jvm jvm = jvms.stream().filter(j -> j.name().equals(unit[0])).findFirst().orElseThrow();
        if (jvm.flags().contains("-XX:AOTCache=<cache>")) {
          jvm = new Jvm(jvm.name(), jvm.java(), List.of("-XX:AOTCache="
            + h.logs.resolve("freshjvm-" + unit[1] + ".aot").toAbsolutePath()));
        }
        results.get(unit[0] + "|" + unit[1]).add(child(jvm, unit[1]));
      }
    }
    report(jvms, candidates, results, training, notes);
  }

  private boolean classpathHoldsJarsOnly() {
    for (String entry : h.classpath.split(File.pathSeparator)) {
      if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
        return false;
      }
    }
    return true;
  }

  private JsonObject child(Jvm jvm, String candidate) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(jvm.java());
    cmd.addAll(h.jvmArgs);
    cmd.addAll(jvm.flags());
    cmd.addAll(List.of("-cp", h.classpath, FreshIngest.class.getName(), candidate, stubUrl, String.valueOf(docs),
      "fresh"));
    Path log = h.logs.resolve("freshjvm-" + jvm.name().replaceAll("[^a-z0-9]+", "-") + "-" + candidate + ".log");
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    JsonObject result = null;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(),
      StandardCharsets.UTF_8))) {
      String l;
      while ((l = reader.readLine()) != null) {
        if (l.startsWith("RESULT ")) {
          result = new JsonObject(l.substring("RESULT ".length()));
        }
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("freshjvm/" + jvm.name() + "/" + candidate + " did not exit; see " + log);
    }
    long wallNanos = System.nanoTime() - start;
    int exit = p.exitValue();
    if (result == null || exit != 0 || result.containsKey("error")) {
      throw new IllegalStateException("freshjvm/" + jvm.name() + "/" + candidate + " failed (exit " + exit + "): "
        + (result == null ? "no result" : result.getString("error")) + "; see " + log);
    }
    result.put("jvm", jvm.name()).put("processWallMs", wallNanos / 1e6);
    System.err.println("  freshjvm " + jvm.name() + " " + candidate + ": " + result.encode());
    return result;
  }

  private void report(List<Jvm> jvms, List<String> candidates, Map<String, List<JsonObject>> results,
                      Map<String, JsonObject> training, List<String> notes) {
    h.line("## Fresh JVM: one ingest of " + docs + " documents with ids into the stub per new JVM, "
      + CandidateRun.BULK_SIZE + " per request, the helper with default options vs the raw floor (2 in flight); "
      + rounds + " rounds, medians");
    h.line("");
    h.line("JVM flags: `" + String.join(" ", h.jvmArgs) + "`. Process wall: spawn to exit, measured by the harness; "
      + "process CPU: the child's at exit; ingest: from before `Vertx.vertx()` to the last answer, client created "
      + "and closed inside.");
    h.line("");
    h.line("| JVM | candidate | process wall (s) | process CPU (s) | ingest wall (s) | ingest CPU (s) "
      + "| JIT threads CPU (s) | GC (ms) | classes loaded | main reached (ms) | process CPU of each round (s) |");
    h.line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    results.forEach((key, runs) -> {
      String[] k = key.split("\\|");
      h.line("| " + k[0] + " | " + k[1] + " | " + s(runs, "processWallMs") + " | " + s(runs, "processCpuMs") + " | "
        + s(runs, "ingestWallMs") + " | " + s(runs, "ingestCpuMs") + " | " + s(runs, "jitCpuMs") + " | "
        + Harness.fmt(Harness.median(runs, "gcMs"), 0) + " | "
        + Harness.fmt(Harness.median(runs, "loadedClasses"), 0) + " | "
        + Harness.fmt(Harness.median(runs, "mainAtMs"), 0) + " | "
        + String.join(", ", runs.stream().map(r -> Harness.fmt(r.getDouble("processCpuMs") / 1000, 2)).toList())
        + " |");
    });
    h.line("");
    h.line("| ratio (medians) | JVM | process CPU | ingest CPU | process wall | target |");
    h.line("|---|---|---:|---:|---:|---|");
    for (Jvm jvm : jvms) {
      List<JsonObject> helper = results.get(jvm.name() + "|helper");
      List<JsonObject> raw = results.get(jvm.name() + "|raw");
      double cpu = ratio(helper, raw, "processCpuMs");
      h.line("| helper / raw | " + jvm.name() + " | " + Harness.fmt(cpu, 2) + " | "
        + Harness.fmt(ratio(helper, raw, "ingestCpuMs"), 2) + " | " + Harness.fmt(ratio(helper, raw, "processWallMs"), 2)
        + " | process CPU <= 1.15" + (cpu <= 1.15 ? " met" : " **missed**") + " |");
    }
    if (results.containsKey("java 25 + AOT cache|helper")) {
      for (String candidate : candidates) {
        List<JsonObject> aot = results.get("java 25 + AOT cache|" + candidate);
        List<JsonObject> plain = results.get("java 25|" + candidate);
        h.line("| " + candidate + ": AOT cache / none | java 25 | " + Harness.fmt(ratio(aot, plain, "processCpuMs"), 2)
          + " | " + Harness.fmt(ratio(aot, plain, "ingestCpuMs"), 2) + " | "
          + Harness.fmt(ratio(aot, plain, "processWallMs"), 2) + " | - |");
      }
    }
    h.line("");
    training.forEach((candidate, r) -> h.line("Training run (" + candidate + ", `-XX:AOTCacheOutput`): process wall "
      + Harness.fmt(r.getDouble("processWallMs") / 1000, 2) + " s, cache " + Harness.fmt(r.getDouble("cacheMb"), 0)
      + " MB."));
    notes.forEach(h::line);
    h.line("");
  }

  private static String s(List<JsonObject> runs, String key) {
    return Harness.fmt(Harness.median(runs, key) / 1000, 2);
  }

  private static double ratio(List<JsonObject> a, List<JsonObject> b, String key) {
    return Harness.median(a, key) / Harness.median(b, key);
  }
}
