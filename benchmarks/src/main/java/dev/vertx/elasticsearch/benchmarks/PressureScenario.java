package dev.vertx.elasticsearch.benchmarks;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.testing.FaultInjectingProxy;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code pressure} scenario on the embedded node: {@code benchmarks.pressureDocs} (100,000) documents with ids,
 * {@value CandidateRun#BULK_SIZE} per request, a fresh index per run, each ingest in a JVM of its own
 * ({@link PressureRun}) through a {@link FaultInjectingProxy} running here (a new one per run, so that its counts are
 * the run's). Three parts: capacity 1 (the proxy forwards one {@code _bulk} at a time and answers every item of any
 * other 429) with the adaptive helper at ceiling 4 against fixed concurrency 1 and fixed 4; random rejection (30 % of
 * the items 429, 5 % of the requests 503) against the same ingest through a proxy injecting nothing; and documents
 * that do not fit the mapping, dead-lettered to a file and fed back once the mapping is fixed. Lost = documents - the
 * index's count - failures the helper reported. {@code benchmarks.pressureParts} ({@code capacity,random,mapping})
 * selects the parts.
 */
final class PressureScenario {

  private final Harness h;
  private final Vertx vertx;
  private final ElasticsearchClient direct;
  private final String url;
  private final List<String> args;
  private final long docs;
  private final int rounds;

  private PressureScenario(Harness h, Vertx vertx, ElasticsearchClient direct, String url, List<String> args) {
    this.h = h;
    this.vertx = vertx;
    this.direct = direct;
    this.url = url;
    this.args = args;
    this.docs = Long.getLong("benchmarks.pressureDocs", h.smoke ? 5_000 : 100_000);
    this.rounds = Integer.getInteger("benchmarks.pressureRounds", h.rounds);
  }

  static void run(Harness h, Vertx vertx, ElasticsearchClient direct, String url, List<String> args)
    throws Exception {
    PressureScenario s = new PressureScenario(h, vertx, direct, url, args);
    Set<String> parts = Set.of(System.getProperty("benchmarks.pressureParts", "capacity,random,mapping").split(","));
    if (parts.contains("capacity")) {
      s.capacity();
    }
    if (parts.contains("random")) {
      s.randomRejection();
    }
    if (parts.contains("mapping")) {
      s.mapping();
    }
  }

  private void capacity() throws Exception {
    Map<String, List<JsonObject>> r = runs(List.of("ceiling-4", "concurrency-1", "fixed-4"), proxy -> proxy.capacity(1));
    h.line("## Pressure: capacity 1 (the proxy forwards one `_bulk` at a time, every item of any other is answered 429), "
      + docs + " documents with ids into the embedded node, " + CandidateRun.BULK_SIZE + " per request; " + rounds
      + " rounds, medians");
    h.line("");
    table(r);
    double ratio = median(r.get("ceiling-4"), "throughput") / median(r.get("concurrency-1"), "throughput");
    double rejectedShare = median(r.get("ceiling-4"), "proxyRejectedItems") / docs;
    double lost = max(r.get("ceiling-4"), "lost");
    h.line("| ceiling-4 vs concurrency-1 | value | target |");
    h.line("|---|---:|---|");
    h.line("| throughput ratio | " + Harness.fmt(ratio, 2) + " | >= 0.90" + met(ratio >= 0.90) + " |");
    h.line("| rejected items / documents | " + Harness.fmt(100 * rejectedShare, 1) + " % | <= 5 %"
      + met(rejectedShare <= 0.05) + " |");
    h.line("| lost (worst round) | " + Harness.fmt(lost, 0) + " | 0" + met(lost == 0) + " |");
    h.line("");
  }

  private void randomRejection() throws Exception {
    Map<String, List<JsonObject>> r = new LinkedHashMap<>();
    Map<String, Consumer<FaultInjectingProxy>> faults = new LinkedHashMap<>();
    faults.put("faults", proxy -> proxy.itemRejectRate(0.30).status503Rate(0.05));
    faults.put("no-faults", proxy -> { });
    for (String name : faults.keySet()) {
      r.put(name, new ArrayList<>());
    }
    List<String> names = new ArrayList<>(faults.keySet());
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size());
        r.get(name).add(run("default", name + "-" + round, faults.get(name)).put("row", name));
      }
    }
    h.line("## Pressure: random rejection (30 % of the items 429, 5 % of the requests 503) against the same ingest "
      + "through a proxy injecting nothing, default options, " + docs + " documents with ids; " + rounds
      + " rounds, medians");
    h.line("");
    table(r);
    double ratio = median(r.get("faults"), "wallMs") / median(r.get("no-faults"), "wallMs");
    double lost = max(r.get("faults"), "lost");
    h.line("| faults vs no-faults | value | target |");
    h.line("|---|---:|---|");
    h.line("| wall time ratio | " + Harness.fmt(ratio, 2) + " | <= 3.00" + met(ratio <= 3.0) + " |");
    h.line("| lost (worst round) | " + Harness.fmt(lost, 0) + " | 0" + met(lost == 0) + " |");
    h.line("");
  }

  private void mapping() throws Exception {
    String index = "pressure-mapping";
    String file = h.logs.resolve("pressure-dead-letters.ndjson").toAbsolutePath().toString();
    List<String> cmd = command("mapping", url, index);
    cmd.add(file);
    JsonObject m;
    try {
      m = ChildJvm.run(cmd, h.logs.resolve("pressure-mapping.log"), "pressure mapping");
    } finally {
      delete(index);
    }
    JsonObject stats = m.getJsonObject("stats");
    JsonObject refed = m.getJsonObject("refed");
    h.line("## Pressure: " + m.getLong("misfits") + " of " + docs + " documents (1 %) carry a field the strict mapping "
      + "does not know; dead-lettered to an `AsyncFile`, the field added to the mapping, the file fed back through "
      + "`ndjsonOperations`");
    h.line("");
    h.line("| first ingest: successes / failures / dead-lettered | wall (s) | ids in the file | exactly the misfits "
      + "| fed back: successes / failures | count in the index |");
    h.line("|---|---:|---:|---|---|---:|");
    h.line("| " + stats.getLong("successes") + " / " + stats.getLong("failures") + " / " + stats.getLong("deadLettered")
      + " | " + Harness.fmt(m.getDouble("wallMs") / 1000, 1) + " | " + m.getLong("deadLetteredIds") + " | "
      + (m.getBoolean("exact") ? "yes" : "**no** (" + m.getLong("missingFromFile") + " missing, "
      + m.getLong("extraInFile") + " extra)") + " | " + refed.getLong("successes") + " / " + refed.getLong("failures")
      + " | " + m.getLong("count") + (m.getLong("count") == docs ? " (all)" : " **of " + docs + "**") + " |");
    h.line("");
  }

  // ---------------------------------------------------------------- runs

  private Map<String, List<JsonObject>> runs(List<String> candidates, Consumer<FaultInjectingProxy> faults)
    throws Exception {
    Map<String, List<JsonObject>> results = new LinkedHashMap<>();
    candidates.forEach(c -> results.put(c, new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < candidates.size(); i++) {
        String candidate = candidates.get((i + round) % candidates.size());
        results.get(candidate).add(run(candidate, candidate + "-" + round, faults).put("row", candidate));
      }
    }
    return results;
  }

  /** One ingest through a new proxy into a new index; the result with the proxy's counts, the count and lost. */
  private JsonObject run(String candidate, String name, Consumer<FaultInjectingProxy> faults) throws Exception {
    String index = "pressure-" + name;
    create(index);
    FaultInjectingProxy proxy = FaultInjectingProxy.start(vertx, url, 42);
    try {
      faults.accept(proxy);
      JsonObject r = ChildJvm.run(command(candidate, proxy.url(), index),
        h.logs.resolve("pressure-" + candidate + ".log"), "pressure " + name);
      direct.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null).await(2, TimeUnit.MINUTES);
      long count = direct.perform(HttpMethod.GET, "/" + index + "/_count", null, null).await(2, TimeUnit.MINUTES)
        .body().getLong("count");
      long failures = r.getJsonObject("stats").getLong("failures");
      return r.put("count", count).put("lost", docs - count - failures)
        .put("proxyRejectedItems", proxy.rejectedItems()).put("proxyCapacityRejections", proxy.capacityRejections())
        .put("proxy503", proxy.injected503()).put("proxyRequests", proxy.requests())
        .put("failures", failures).put("rejections", r.getJsonObject("stats").getLong("rejections"))
        .put("retries", r.getJsonObject("stats").getLong("retries"));
    } finally {
      proxy.close();
      delete(index);
    }
  }

  private List<String> command(String candidate, String target, String index) {
    List<String> cmd = new ArrayList<>();
    cmd.add(h.javaBin);
    cmd.addAll(args);
    cmd.addAll(List.of("-cp", h.classpath, PressureRun.class.getName(), candidate, target, String.valueOf(docs),
      index));
    return cmd;
  }

  private void create(String index) throws Exception {
    delete(index);
    direct.perform(HttpMethod.PUT, "/" + index, null, new JsonObject()
      .put("settings", new JsonObject().put("number_of_shards", 1).put("number_of_replicas", 0)))
      .await(2, TimeUnit.MINUTES);
  }

  private void delete(String index) throws Exception {
    direct.withOptions(new CallOptions().setIgnoreStatus(Set.of(404))).perform(HttpMethod.DELETE, "/" + index, null,
      null).await(2, TimeUnit.MINUTES);
  }

  // ---------------------------------------------------------------- report

  private void table(Map<String, List<JsonObject>> results) {
    h.line("| row | docs/s | wall (s) | rejected items (proxy) | `_bulk` rejected whole by capacity | 503s (proxy) "
      + "| rejections (BulkStats) | retries | failures | lost (worst) | docs/s of each round |");
    h.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    results.forEach((row, runs) -> h.line("| " + row + " | " + Harness.fmt(median(runs, "throughput"), 0) + " | "
      + Harness.fmt(median(runs, "wallMs") / 1000, 1) + " | " + Harness.fmt(median(runs, "proxyRejectedItems"), 0)
      + " | " + Harness.fmt(median(runs, "proxyCapacityRejections"), 0) + " | "
      + Harness.fmt(median(runs, "proxy503"), 0) + " | " + Harness.fmt(median(runs, "rejections"), 0) + " | "
      + Harness.fmt(median(runs, "retries"), 0) + " | " + Harness.fmt(median(runs, "failures"), 0) + " | "
      + Harness.fmt(max(runs, "lost"), 0) + " | "
      + String.join(", ", runs.stream().map(x -> Harness.fmt(x.getDouble("throughput"), 0)).toList()) + " |"));
    h.line("");
  }

  private static double median(List<JsonObject> runs, String key) {
    return Harness.median(runs, key);
  }

  private static double max(List<JsonObject> runs, String key) {
    return runs.stream().mapToDouble(r -> r.getDouble(key)).max().orElse(Double.NaN);
  }

  private static String met(boolean met) {
    return met ? " met" : " **missed**";
  }
}
