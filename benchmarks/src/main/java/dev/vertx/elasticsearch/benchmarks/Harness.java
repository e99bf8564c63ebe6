package dev.vertx.elasticsearch.benchmarks;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs every scenario: each candidate in its own forked JVM (same flags), candidates alternating, several rounds;
 * prints the medians and the ratios as Markdown (also written to {@code benchmarks.out}).
 *
 * <p>System properties: {@code benchmarks.smoke} (tiny counts, one round, stub only), {@code benchmarks.rounds} (3),
 * {@code benchmarks.scenarios} ({@code search,bulk,tracing,typed,membulk,bigupload,freshjvm,ingest,scan,upload,
 * pressure}),
 * {@code benchmarks.uploadMegabytes} (the size of the big upload, 1024), {@code benchmarks.jvmArgs}
 * ({@code -Xms1g -Xmx1g}), {@code benchmarks.searches} / {@code searchWarmup} / {@code bulkDocs} /
 * {@code bulkWarmup} (counts), {@code benchmarks.embedded} (run the embedded-node scenarios; default: not in smoke
 * mode), {@code benchmarks.out} (default {@code benchmarks/target/benchmark-results.md}), {@code benchmarks.pin}
 * (run the stub on the first CPU and the candidates of the stub scenarios on the others, with {@code taskset}, so that
 * they do not take CPU from each other: far steadier figures on a small machine; default {@code false}),
 * {@code benchmarks.baseline} (the class path of another build of this module, e.g. the last release's: the search
 * scenario then also runs its {@code client}, as {@code baseline-client}, alternating with the others in the same run).
 */
public final class Harness {

  /** The prefix of a candidate run from the {@code benchmarks.baseline} build. */
  private static final String BASELINE = "baseline-";

  final boolean smoke = Boolean.getBoolean("benchmarks.smoke");
  final int rounds = Integer.getInteger("benchmarks.rounds", smoke ? 1 : 3);
  final Set<String> scenarios = Set.of(System.getProperty("benchmarks.scenarios",
    "search,tracing,bulk,typed,membulk,bigupload,freshjvm,ingest,scan,upload,pressure").split(","));
  final List<String> jvmArgs = withSmokeFlags(Arrays.asList(System.getProperty("benchmarks.jvmArgs",
    "-Xms1g -Xmx1g").trim().split("\\s+")));
  final boolean pin = Boolean.getBoolean("benchmarks.pin") && Runtime.getRuntime().availableProcessors() > 1;
  final boolean embedded = Boolean.parseBoolean(System.getProperty("benchmarks.embedded", String.valueOf(!smoke)));
  final Path out = Path.of(System.getProperty("benchmarks.out", defaultOut()));
  final Path logs = out.resolveSibling("benchmark-logs");
  final String classpath = System.getProperty("java.class.path");
  /** The class path of another build whose client is measured beside this one, or {@code null}. */
  final String baseline = System.getProperty("benchmarks.baseline");
  final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  final StringBuilder report = new StringBuilder();

  /** The search counts: measured, warm-up, in flight. */
  final long searches = Long.getLong("benchmarks.searches", smoke ? 200 : 20_000);
  final long searchWarmup = Long.getLong("benchmarks.searchWarmup", smoke ? 200 : 20_000);
  final long bulkDocs = Long.getLong("benchmarks.bulkDocs", smoke ? 2_000 : 200_000);
  final long bulkWarmup = Long.getLong("benchmarks.bulkWarmup", smoke ? 1_000 : 50_000);
  final long memDocs = smoke ? 5_000 : 1_000_000;
  final long ingestDocs = smoke ? 2_000 : 100_000;
  final long scanDocs = smoke ? 5_000 : 200_000;
  final long uploadMegabytes = Long.getLong("benchmarks.uploadMegabytes", smoke ? 8 : 1024);

  /** In smoke mode one warm-up batch: the JIT is never quiet after a few hundred operations. */
  private List<String> withSmokeFlags(List<String> args) {
    if (!smoke) {
      return args;
    }
    List<String> all = new ArrayList<>(args);
    all.add("-Dbench.maxWarmupSeconds=0");
    return all;
  }

  private static String defaultOut() {
    Path module = Files.isDirectory(Path.of("benchmarks", "target")) ? Path.of("benchmarks", "target")
      : Path.of("target");
    return module.resolve("benchmark-results.md").toString();
  }

  public static void main(String[] args) throws Exception {
    String markdown = new Harness().run();
    System.out.println();
    System.out.println(markdown);
  }

  /** @return the Markdown report; throws when any candidate failed */
  public String run() throws Exception {
    Files.createDirectories(logs);
    line("# Benchmark run " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    line("");
    line("JVM of the candidates: `" + String.join(" ", jvmArgs) + "` on " + System.getProperty("java.vm.name") + " "
      + Runtime.version() + "; " + Runtime.getRuntime().availableProcessors() + " CPUs; rounds: " + rounds
      + (smoke ? " (smoke mode: tiny counts)" : ""));
    line("");
    Process stub = startStub();
    try {
      String stubUrl = "http://127.0.0.1:" + stubPort;
      if (scenarios.contains("search")) {
        List<String> candidates = new ArrayList<>(List.of("client", "client-decode", "raw", "esjava", "raw-bytes"));
        if (baseline != null) {
          candidates.add(BASELINE + "client");
        }
        Map<String, List<JsonObject>> r = rounds("search", stubUrl, candidates, searches, searchWarmup, 64, "bench",
          jvmArgs, rounds);
        table("Search: " + searches + " searches, 64 in flight, after at least " + searchWarmup + " warm-up (stub)", r,
          true);
        String[][] pairs = {
          {"client", "raw", "<= 1.15"}, {"client", "esjava", "<= 0.70"}, {"client-decode", "esjava", "<= 0.70"},
          {"client", "raw-bytes", ""}};
        if (baseline != null) {
          pairs = Arrays.copyOf(pairs, pairs.length + 1);
          pairs[pairs.length - 1] = new String[] {"client", BASELINE + "client", ""};
        }
        ratios(r, "cpuPerOpUs", "CPU/request", pairs);
        ratios(r, "appCpuPerOpUs", "CPU/request without JIT threads", pairs);
        ratios(r, "allocPerOpBytes", "allocated/request",
          Arrays.stream(pairs).map(p -> new String[] {p[0], p[1], ""}).toArray(String[][]::new));
      }
      if (scenarios.contains("tracing")) {
        Map<String, List<JsonObject>> r = rounds("search", stubUrl, List.of("client", "client-traced"), searches,
          searchWarmup, 64, "bench", jvmArgs, rounds);
        table("Tracing: the search case with tracing off / on (SDK, always-on sampler, batch processor, no-op "
          + "exporter)", r, true);
        ratios(r, "cpuPerOpUs", "CPU/request", new String[][] {{"client-traced", "client", ""}});
        ratios(r, "appCpuPerOpUs", "CPU/request without JIT threads", new String[][] {{"client-traced", "client", ""}});
      }
      if (scenarios.contains("bulk")) {
        Map<String, List<JsonObject>> r = rounds("bulk", stubUrl, List.of("client", "raw", "esjava", "raw-bytes"),
          bulkDocs, bulkWarmup, 4, "bench", jvmArgs, rounds);
        table("Bulk: " + bulkDocs + " documents in requests of " + CandidateRun.BULK_SIZE + ", 4 in flight, after at "
          + "least " + bulkWarmup + " warm-up (stub); CPU and throughput per document, latency per bulk request", r,
          true);
        String[][] pairs = {{"client", "raw", "<= 1.30"}, {"client", "esjava", "<= 0.50"}, {"client", "raw-bytes", ""}};
        ratios(r, "cpuPerOpUs", "CPU/doc", pairs);
        ratios(r, "appCpuPerOpUs", "CPU/doc without JIT threads", pairs);
      }
      if (scenarios.contains("typed")) {
        TypedScenario.run(this, stubUrl);
      }
      if (scenarios.contains("membulk")) {
        Map<String, List<JsonObject>> r = rounds("membulk", stubUrl, List.of("client"), memDocs, 0, 4, "bench",
          List.of("-Xmx128m"), 1);
        memoryTable("Memory: " + memDocs + " documents from a generated ReadStream through the bulk helper to the "
          + "stub under -Xmx128m", r);
      }
      if (scenarios.contains("freshjvm")) {
        FreshJvmScenario.run(this, stubUrl);
      }
      if (scenarios.contains("bigupload")) {
        Map<String, List<JsonObject>> r = rounds("bigupload", stubUrl, List.of("client", "client-gzip"),
          uploadMegabytes, 0, 1, "big", List.of("-Xmx128m"), 1);
        uploadTable("Memory: a " + uploadMegabytes + " MB NDJSON upload through perform with a ReadStream body "
          + "(generated as it is read) to the stub, which counts it without holding it, under -Xmx128m", r);
      }
    } finally {
      stub.destroy();
      stub.waitFor(10, TimeUnit.SECONDS);
    }
    if (embedded && (scenarios.contains("ingest") || scenarios.contains("scan") || scenarios.contains("upload")
      || scenarios.contains("pressure"))) {
      embeddedScenarios();
    }
    Files.writeString(out, report.toString());
    return report.toString();
  }

  // ---------------------------------------------------------------- embedded node

  private void embeddedScenarios() throws Exception {
    try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions())) {
      String url = es.httpUrl();
      line("Embedded Elasticsearch " + es.majorVersion() + ".x at " + url + " (its own JVM)");
      line("");
      List<String> args = new ArrayList<>(jvmArgs);
      args.add("-Dbench.compat=" + es.majorVersion());
      Vertx vertx = Vertx.vertx();
      ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
      options.getTransport().setCompatibilityVersion(es.majorVersion()).setRequestTimeout(120_000L);
      ElasticsearchClient client = ElasticsearchClient.create(vertx, options);
      try {
        if (scenarios.contains("ingest")) {
          Map<String, List<JsonObject>> results = new LinkedHashMap<>();
          List<String> candidates = List.of("client", "esjava", "client-generated-ids", "client-server-ids");
          for (int round = 0; round < rounds; round++) {
            for (String candidate : rotate(candidates, round)) {
              String index = "ingest-" + round + "-" + candidate;
              JsonObject r = child("ingest", candidate, url, ingestDocs, smoke ? 500 : 10_000, 4, index, args);
              results.computeIfAbsent(candidate, k -> new ArrayList<>()).add(r);
              client.perform(HttpMethod.DELETE, "/" + index + "," + index + "-warm", null, null)
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
            }
          }
          table("Real ingest: " + ingestDocs + " documents into the embedded node, " + CandidateRun.BULK_SIZE
            + " per request, 4 in flight, fresh index each", results, true);
          ratios(results, "throughput", "docs/s", new String[][] {{"client", "esjava", ">= 1.00"},
            {"client-generated-ids", "client-server-ids", ""}});
        }
        if (scenarios.contains("scan")) {
          load(vertx, client, "scan-src", scanDocs);
          client.perform(HttpMethod.POST, "/scan-src/_refresh", null, null)
            .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
          List<String> scanArgs = new ArrayList<>(List.of("-Xmx128m"));
          scanArgs.add("-Dbench.compat=" + es.majorVersion());
          Map<String, List<JsonObject>> r = new LinkedHashMap<>();
          r.put("client", List.of(child("scan", "client", url, scanDocs, 0, 1000, "scan-src", scanArgs)));
          memoryTable("Memory: scan of a " + scanDocs + "-document index (pages of 1000) under -Xmx128m", r);
        }
        if (scenarios.contains("upload")) {
          int megabytes = smoke ? 2 : 100;
          JsonObject u = ServiceUpload.run(javaBin, classpath, "64m", url, megabytes, logs.resolve("upload-service.log"));
          System.err.println("  upload: " + u.encode());
          line("## Memory: a " + megabytes + " MB NDJSON upload through the example service (`POST /documents/_bulk`) "
            + "running under -Xmx" + u.getString("heap"));
          line("");
          line("| upload (MB) | documents, all indexed | wall (s) | MB/s | service peak RSS (MB) | service heap |");
          line("|---:|---:|---:|---:|---:|---|");
          line("| " + megabytes + " | " + u.getLong("documents") + " | " + fmt(u.getDouble("seconds"), 1) + " | "
            + fmt(u.getDouble("mbPerSecond"), 1) + " | " + fmt(u.getDouble("peakRssMb"), 0) + " | -Xmx"
            + u.getString("heap") + " |");
          line("");
        }
        if (scenarios.contains("pressure")) {
          PressureScenario.run(this, vertx, client, url, args);
        }
      } finally {
        client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void load(Vertx vertx, ElasticsearchClient client, String index, long docs) throws Exception {
    Context context = vertx.getOrCreateContext();
    Promise<BulkSummary> promise = Promise.promise();
    context.runOnContext(v -> ElasticsearchHelpers.bulk(vertx, client, ElasticsearchHelpers.stream(context,
      () -> Documents.operations(index, 0, docs)),
      new BulkOptions().setMaxOperations(1000).setConcurrency(2)).onComplete(promise));
    BulkSummary summary = promise.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    if (summary.successes() != docs) {
      throw new IllegalStateException("Loading " + index + " failed: " + summary.stats());
    }
  }

  // ---------------------------------------------------------------- processes

  private int stubPort;

  private Process startStub() throws IOException {
    List<String> cmd = new ArrayList<>(pinnedTo("0"));
    cmd.addAll(List.of(javaBin, "-Xms512m", "-Xmx512m", "-cp", classpath, StubServer.class.getName(), "0", "2"));
    Process p = new ProcessBuilder(cmd).redirectError(logs.resolve("stub.err").toFile()).start();
    BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String l;
    while ((l = reader.readLine()) != null) {
      if (l.startsWith("STUB_PORT=")) {
        stubPort = Integer.parseInt(l.substring("STUB_PORT=".length()).trim());
        Thread drain = new Thread(() -> {
          try {
            while (reader.readLine() != null) {
              // discard
            }
          } catch (IOException ignored) {
            // the stub stopped
          }
        }, "stub-stdout");
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new IllegalStateException("The stub did not start, see " + logs.resolve("stub.err"));
  }

  Map<String, List<JsonObject>> rounds(String scenario, String url, List<String> candidates, long ops,
                                                long warmup, int inflight, String index, List<String> args,
                                                int rounds) throws Exception {
    Map<String, List<JsonObject>> results = new LinkedHashMap<>();
    for (String c : candidates) {
      results.put(c, new ArrayList<>());
    }
    for (int round = 0; round < rounds; round++) {
      for (String candidate : rotate(candidates, round)) {
        results.get(candidate).add(child(scenario, candidate, url, ops, warmup, inflight, index, args));
      }
    }
    return results;
  }

  /** @return the command prefix that runs a process on these CPUs when {@code benchmarks.pin} is set, else none */
  private List<String> pinnedTo(String cpus) {
    return pin ? List.of("taskset", "-c", cpus) : List.of();
  }

  /** Round r starts with the r-th candidate, so that no candidate always runs first (or last). */
  private static List<String> rotate(List<String> candidates, int round) {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      order.add(candidates.get((i + round) % candidates.size()));
    }
    return order;
  }

  private JsonObject child(String scenario, String candidate, String url, long ops, long warmup, int inflight,
                           String index, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(pinnedTo("1-" + (Runtime.getRuntime().availableProcessors() - 1)));
    cmd.add(javaBin);
    cmd.addAll(args);
    boolean fromBaseline = candidate.startsWith(BASELINE);
    cmd.addAll(List.of("-cp", fromBaseline ? baseline : classpath, CandidateRun.class.getName(), scenario,
      fromBaseline ? candidate.substring(BASELINE.length()) : candidate, url, String.valueOf(ops),
      String.valueOf(warmup), String.valueOf(inflight), index));
    return ChildJvm.run(cmd, logs.resolve(scenario + "-" + candidate + ".log"), scenario + " " + candidate);
  }

  // ---------------------------------------------------------------- report

  void line(String s) {
    report.append(s).append('\n');
  }

  static double median(List<JsonObject> runs, String key) {
    double[] v = runs.stream().filter(r -> r.getValue(key) != null).mapToDouble(r -> r.getDouble(key)).sorted()
      .toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  void table(String title, Map<String, List<JsonObject>> results, boolean latency) {
    line("## " + title);
    line("");
    line("| candidate | CPU/op (µs) | without JIT threads (µs) | throughput (ops/s) | p50 (µs) | p99 (µs) "
      + "| JIT CPU / GC in phase (ms) | allocated/op (B) | warm-up ops | CPU/op of each round (µs) |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    results.forEach((candidate, runs) -> line("| " + candidate + " | " + fmt(median(runs, "cpuPerOpUs"), 2) + " | "
      + fmt(median(runs, "appCpuPerOpUs"), 2) + " | "
      + fmt(median(runs, "throughput"), 0) + " | " + fmt(median(runs, "p50Us"), 0) + " | "
      + fmt(median(runs, "p99Us"), 0) + " | " + fmt(median(runs, "jitCpuMs"), 0) + " / "
      + fmt(median(runs, "gcMs"), 0) + " | " + fmt(median(runs, "allocPerOpBytes"), 0) + " | "
      + fmt(median(runs, "warmupOps"), 0) + " | "
      + runs.stream().map(r -> fmt(r.getDouble("cpuPerOpUs"), 2)).collect(Collectors.joining(", ")) + " |"));
    line("");
  }

  private void memoryTable(String title, Map<String, List<JsonObject>> results) {
    line("## " + title);
    line("");
    line("| candidate | documents | wall (s) | docs/s | peak heap, sum of pool peaks (MB) | peak old gen (MB) | max heap (MB) |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    results.forEach((candidate, runs) -> runs.forEach(r -> line("| " + candidate + " | " + r.getLong("count") + " | "
      + fmt(r.getDouble("wallMs") / 1000, 1) + " | " + fmt(r.getDouble("throughput"), 0) + " | "
      + fmt(r.getDouble("peakHeapMb"), 1) + " | " + fmt(r.getDouble("peakOldGenMb"), 1) + " | "
      + fmt(r.getDouble("maxHeapMb"), 0) + " |")));
    line("");
  }

  private void uploadTable(String title, Map<String, List<JsonObject>> results) {
    line("## " + title);
    line("");
    line("| candidate | MB | documents | wall (s) | MB/s | CPU (s) | GC (ms) | peak heap, sum of pool peaks (MB) "
      + "| peak old gen (MB) | peak RSS (MB) | max heap (MB) |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    results.forEach((candidate, runs) -> runs.forEach(r -> line("| " + candidate + " | "
      + fmt(r.getLong("bytes") / 1048576.0, 0) + " | " + r.getLong("documents") + " | "
      + fmt(r.getDouble("wallMs") / 1000, 1) + " | " + fmt(r.getDouble("throughput"), 1) + " | "
      + fmt(r.getDouble("cpuMs") / 1000, 1) + " | " + fmt(r.getDouble("gcMs"), 0) + " | "
      + fmt(r.getDouble("peakHeapMb"), 1) + " | " + fmt(r.getDouble("peakOldGenMb"), 1) + " | "
      + fmt(r.getDouble("peakRssMb"), 0) + " | " + fmt(r.getDouble("maxHeapMb"), 0) + " |")));
    line("");
  }

  void ratios(Map<String, List<JsonObject>> results, String key, String what, String[][] pairs) {
    line("| ratio (medians) | " + what + " | target |");
    line("|---|---:|---|");
    for (String[] pair : pairs) {
      double ratio = median(results.get(pair[0]), key) / median(results.get(pair[1]), key);
      line("| " + pair[0] + " / " + pair[1] + " | " + fmt(ratio, 2) + " | " + (pair[2].isEmpty() ? "-"
        : pair[2] + (meets(ratio, pair[2]) ? " met" : " **missed**")) + " |");
    }
    line("");
  }

  private static boolean meets(double ratio, String target) {
    double bound = Double.parseDouble(target.substring(3));
    return target.startsWith("<=") ? ratio <= bound : ratio >= bound;
  }

  static String fmt(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static <T> Map<String, T> byCandidate(List<JsonObject> runs, Function<JsonObject, T> f) {
    Map<String, T> m = new LinkedHashMap<>();
    runs.forEach(r -> m.put(r.getString("candidate"), f.apply(r)));
    return m;
  }
}
