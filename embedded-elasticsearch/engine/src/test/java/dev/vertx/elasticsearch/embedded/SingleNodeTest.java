package dev.vertx.elasticsearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** One real node of each major version: root endpoint, CRUD, search, snapshot repository, clean close. */
class SingleNodeTest {

    @Test
    void elasticsearch8() {
        check("8", "8.");
    }

    @Test
    void elasticsearch9() {
        assumeThat(JavaRuntimes.find(21, System.getenv(), JavaRuntimes.DEFAULT_JVM_DIR))
            .as("Elasticsearch 9 needs a Java 21+ runtime on this machine").isPresent();
        check("9", "9.");
    }

    private static void check(String requested, String versionPrefix) {
        long begin = System.nanoTime();
        EmbeddedElasticsearch es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions().setVersion(requested)
            .setLogFile(Path.of(System.getProperty("embedded.es.test.logdir", "target"), "single-" + requested + ".log")));
        Path dataDir = es.dataDir();
        try {
            java.util.logging.Logger.getLogger(SingleNodeTest.class.getName()).info(String.format("single node %s started in %.1f s", es.version(),
              (System.nanoTime() - begin) / 1e9));
            assertThat(es.version()).startsWith(versionPrefix);
            assertThat(es.majorVersion()).isEqualTo(Integer.parseInt(requested));
            assertThat(es.httpUrls()).containsExactly(es.httpUrl());
            assertThat(es.httpUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(es.isRunning(0)).isTrue();

            HttpResponse<String> root = Http.get(es.httpUrl() + "/");
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
            assertThat(Http.stringField(root.body(), "number")).isEqualTo(es.version());
            assertThat(Http.stringField(root.body(), "cluster_name")).isEqualTo("embedded");
            assertThat(Http.stringField(root.body(), "name")).isEqualTo("node-0");
            assertThat(Http.stringField(root.body(), "cluster_uuid")).isNotBlank().isNotEqualTo("_na_");
            assertThat(Http.stringField(root.body(), "tagline")).isEqualTo("You Know, for Search");
            assertThat(Http.head(es.httpUrl() + "/").statusCode()).isEqualTo(200);

            assertThat(Http.put(es.httpUrl() + "/books/_doc/1?refresh=true", "{\"title\":\"Dune\",\"year\":1965}").statusCode())
                .isEqualTo(201);
            HttpResponse<String> search = Http.post(es.httpUrl() + "/books/_search", "{\"query\":{\"match\":{\"title\":\"dune\"}}}");
            assertThat(search.statusCode()).isEqualTo(200);
            assertThat(search.body()).contains("\"_id\":\"1\"");

            assertThat(es.snapshotRepositoryPath()).isDirectory();
            HttpResponse<String> repo = Http.put(es.httpUrl() + "/_snapshot/backup",
                "{\"type\":\"fs\",\"settings\":{\"location\":\"" + es.snapshotRepositoryPath().resolve("backup") + "\"}}");
            assertThat(repo.statusCode()).as(repo.body()).isEqualTo(200);

            // one node: the replica of "books" stays unassigned, as on any single-node cluster
            HttpResponse<String> health = Http.get(es.httpUrl() + "/_cluster/health?wait_for_status=yellow&timeout=30s");
            assertThat(health.body()).contains("\"timed_out\":false");
            assertThat(Http.stringField(health.body(), "status")).isIn("yellow", "green");
            assertThat(dataDir).isDirectory();
        } finally {
            es.close();
        }
        assertThat(es.isRunning(0)).isFalse();
        assertThat(Files.exists(dataDir)).as("data dir deleted on close").isFalse();
        es.close(); // idempotent
    }
}
