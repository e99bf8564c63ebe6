package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The {@code typed} scenario: elasticsearch-java's typed client on this project's Vert.x transport against the same
 * client on its default Rest5Client transport, same requests, same stub. Search: {@code typed}
 * ({@code ElasticsearchAsyncClient} over {@code VertxElasticsearchTransport}, called from an event loop),
 * {@code typed-facade} (the same through {@code TypedElasticsearchClient}, Vert.x futures on the caller's context)
 * and {@code esjava}; every candidate decodes the hits to the document class. Bulk: {@code BulkIngester} on either
 * transport.
 */
final class TypedScenario {

  private TypedScenario() {
  }

  static void run(Harness h, String stubUrl) throws Exception {
    Map<String, List<JsonObject>> search = h.rounds("search", stubUrl, List.of("typed", "typed-facade", "esjava"),
      h.searches, h.searchWarmup, 64, "bench", h.jvmArgs, h.rounds);
    h.table("Typed search: elasticsearch-java on the Vert.x transport vs on Rest5Client, " + h.searches
      + " searches, 64 in flight, after at least " + h.searchWarmup + " warm-up (stub)", search, true);
    String[][] searchPairs = {{"typed", "esjava", "<= 0.80"}, {"typed-facade", "esjava", "<= 0.80"}};
    h.ratios(search, "cpuPerOpUs", "CPU/request", searchPairs);
    h.ratios(search, "appCpuPerOpUs", "CPU/request without JIT threads", searchPairs);

    Map<String, List<JsonObject>> bulk = h.rounds("bulk", stubUrl, List.of("typed", "esjava"), h.bulkDocs,
      h.bulkWarmup, 4, "bench", h.jvmArgs, h.rounds);
    h.table("Typed bulk: BulkIngester on the Vert.x transport vs on Rest5Client, " + h.bulkDocs + " documents in "
      + "requests of " + CandidateRun.BULK_SIZE + ", 4 in flight (stub); CPU and throughput per document", bulk, true);
    String[][] bulkPairs = {{"typed", "esjava", ""}};
    h.ratios(bulk, "cpuPerOpUs", "CPU/doc", bulkPairs);
    h.ratios(bulk, "appCpuPerOpUs", "CPU/doc without JIT threads", bulkPairs);
  }
}
