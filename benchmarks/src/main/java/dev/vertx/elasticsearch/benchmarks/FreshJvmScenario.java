package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.json.JsonObject;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * One JVM configuration: its name, its java launcher, and for an archive of the application's classes the flag
   * prefixes of its training run and of the runs using it (both {@code null} without).
   */
  private record Jvm(String name, String java, String trainFlag, String useFlag, List<String> flags) {

    Jvm(String name, String java, String trainFlag, String useFlag) {
      this(name, java, trainFlag, useFlag, List.of());
    }
  }

  private final Harness h;
  private final String stubUrl;
  private final long docs;
  private final int rounds;

  private FreshJvmScenario(Harness h, String stubUrl) {
    this.h = h;
    this.stubUrl = stubUrl;
    this.docs = Long.getLong("benchmarks.freshDocs", h.smoke ? 500 : 100_000);
    this.rounds = Integer.getInteger("benchmarks.freshRounds", h.smoke ? 1 : 5);
  }

  static void run(Harness h, String stubUrl) throws Exception {
    new FreshJvmScenario(h, stubUrl).run();
  }

  private void run() throws Exception {
    List<String> candidates = List.of("helper", "raw");
    int feature = Runtime.version().feature();
    List<Jvm> plain = new ArrayList<>();
    plain.add(new Jvm("java " + feature, h.javaBin, null, null));
    String java25 = System.getProperty("benchmarks.java25", DEFAULT_JAVA_25);
    List<String> notes = new ArrayList<>();
    if (feature >= 25) {
      // the harness's JVM is the newest already
    } else if (Files.isExecutable(Path.of(java25))) {
      plain.add(new Jvm("java 25", java25, null, null));
    } else {
      notes.add("No Java 25 runs: " + java25 + " not found (set -Dbenchmarks.java25=<java launcher>).");
    }
    List<Jvm> jvms = new ArrayList<>();
    for (Jvm jvm : plain) {
      jvms.add(jvm);
      if (!classpathHoldsJarsOnly()) {
        continue;
      }
      boolean aot = jvm.java().equals(java25) || feature >= 25;
      // Java 24+: an AOT cache (JEP 483/514/515); before: a dynamic AppCDS archive (JEP 350), classes only
      jvms.add(aot ? new Jvm(jvm.name() + " + AOT cache", jvm.java(), "-XX:AOTCacheOutput=", "-XX:AOTCache=")
        : new Jvm(jvm.name() + " + AppCDS", jvm.java(), "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="));
    }
    // C1 only: no C2 compilations, which take most of a short run's CPU on few cores
    jvms.add(Math.min(2, jvms.size()), new Jvm(plain.get(0).name() + ", C1 only", h.javaBin, null, null,
      List.of("-XX:TieredStopAtLevel=1")));
    // smoke mode: the harness's JVM only, so that the smoke test stays short
    String only = System.getProperty("benchmarks.freshJvms", h.smoke ? slug(plain.get(0).name()) : "");
    if (!only.isEmpty()) {
      List<String> selected = List.of(only.split(","));
      jvms.removeIf(jvm -> !selected.contains(slug(jvm.name())));
    }
    if (!classpathHoldsJarsOnly()) {
      notes.add("No AOT cache / AppCDS runs: the class path holds a directory (both need jars only).");
    }

    Map<String, JsonObject> training = new LinkedHashMap<>();
    for (Jvm jvm : jvms) {
      if (jvm.trainFlag() == null) {
        continue;
      }
      for (String candidate : candidates) {
        Path archive = archive(jvm, candidate);
        Files.deleteIfExists(archive);
        JsonObject trained = child(jvm, List.of(jvm.trainFlag() + archive), candidate, " training");
        if (!Files.isRegularFile(archive)) {
          throw new IllegalStateException("The training run did not write " + archive + ", see its log");
        }
        training.put(jvm.name() + ", " + candidate, trained.put("archiveMb", Files.size(archive) / 1048576.0));
      }
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
        List<String> flags = new ArrayList<>(jvm.flags());
        if (jvm.useFlag() != null) {
          flags.add(jvm.useFlag() + archive(jvm, unit[1]));
        }
        results.get(unit[0] + "|" + unit[1]).add(child(jvm, flags, unit[1], ""));
      }
    }
    report(jvms, candidates, results, training, notes);
  }

  private Path archive(Jvm jvm, String candidate) {
    return h.logs.resolve("freshjvm-" + slug(jvm.name()) + "-" + candidate + ".archive").toAbsolutePath();
  }

  private static String slug(String name) {
    return name.replaceAll("[^a-zA-Z0-9]+", "-");
  }

  private boolean classpathHoldsJarsOnly() {
    for (String entry : h.classpath.split(File.pathSeparator)) {
      if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
        return false;
      }
    }
    return true;
  }

  private JsonObject child(Jvm jvm, List<String> flags, String candidate, String what) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(jvm.java());
    cmd.addAll(h.jvmArgs);
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", h.classpath, FreshIngest.class.getName(), candidate, stubUrl, String.valueOf(docs),
      "fresh"));
    Path log = h.logs.resolve("freshjvm-" + slug(jvm.name() + what) + "-" + candidate + ".log");
    JsonObject result = ChildJvm.run(cmd, log, "freshjvm " + jvm.name() + what + " " + candidate);
    return result.put("jvm", jvm.name());
  }

  private void report(List<Jvm> jvms, List<String> candidates, Map<String, List<JsonObject>> results,
                      Map<String, JsonObject> training, List<String> notes) {
    h.line("## Fresh JVM: one ingest of " + docs + " documents with ids into the stub per new JVM, "
      + CandidateRun.BULK_SIZE + " per request, the helper with default options vs the raw floor (2 in flight); "
      + rounds + " rounds, medians");
    h.line("");
    h.line("JVM flags: `" + String.join(" ", h.jvmArgs) + "`. Process wall: spawn to exit, measured by the harness; "
      + "process CPU: the child's at exit; ingest: from before `Vertx.vertx()` to the last answer, client created "
      + "and closed inside; set-up: the part of the ingest before the first document is read (Vert.x, the client or "
      + "the HTTP client, the helper).");
    h.line("");
    h.line("| JVM | candidate | process wall (s) | process CPU (s) | ingest wall (s) | ingest CPU (s) "
      + "| set-up CPU (s) | JIT threads CPU (s) | GC (ms) | classes loaded | main reached (ms) "
      + "| process CPU of each round (s) |");
    h.line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    results.forEach((key, runs) -> {
      String[] k = key.split("\\|");
      h.line("| " + k[0] + " | " + k[1] + " | " + s(runs, "processWallMs") + " | " + s(runs, "processCpuMs") + " | "
        + s(runs, "ingestWallMs") + " | " + s(runs, "ingestCpuMs") + " | " + s(runs, "setUpCpuMs") + " | "
        + s(runs, "jitCpuMs") + " | "
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
    for (Jvm jvm : jvms) {
      int plus = jvm.name().indexOf(" + ");
      int comma = jvm.name().indexOf(", ");
      int cut = plus > 0 ? plus : comma;
      String base = cut > 0 ? jvm.name().substring(0, cut) : null;
      if (base == null || !results.containsKey(base + "|helper")) {
        continue;
      }
      for (String candidate : candidates) {
        List<JsonObject> with = results.get(jvm.name() + "|" + candidate);
        List<JsonObject> without = results.get(base + "|" + candidate);
        h.line("| " + candidate + ": with / without " + jvm.name().substring(base.length() + 2).replace("+ ", "")
          + " | " + base + " | "
          + Harness.fmt(ratio(with, without, "processCpuMs"), 2) + " | "
          + Harness.fmt(ratio(with, without, "ingestCpuMs"), 2) + " | "
          + Harness.fmt(ratio(with, without, "processWallMs"), 2) + " | - |");
      }
    }
    h.line("");
    training.forEach((what, r) -> h.line("Training run (" + what + "): process wall "
      + Harness.fmt(r.getDouble("processWallMs") / 1000, 2) + " s, archive " + Harness.fmt(r.getDouble("archiveMb"), 0)
      + " MB.  "));
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
