package dev.vertx.elasticsearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Three nodes in one forked JVM: a node is stopped and restarted on the same port and data; health returns to green. */
class ClusterTest {

    @Test
    void stopAndRestartANode() {
        long begin = System.nanoTime();
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions().setNodes(3)
            .setLogFile(Path.of(System.getProperty("embedded.es.test.logdir", "target"), "cluster.log")))) {
            java.util.logging.Logger.getLogger(ClusterTest.class.getName()).info(String.format("3 nodes of %s started in %.1f s", es.version(),
              (System.nanoTime() - begin) / 1e9));
            assertThat(es.httpUrls()).hasSize(3).doesNotHaveDuplicates();
            for (int n = 0; n < 3; n++) {
                HttpResponse<String> root = Http.get(es.httpUrls().get(n) + "/");
                assertThat(root.statusCode()).isEqualTo(200);
                assertThat(Http.stringField(root.body(), "name")).isEqualTo("node-" + n);
                assertThat(es.isRunning(n)).isTrue();
            }
            String node0 = es.httpUrls().get(0);
            HttpResponse<String> health = Http.get(node0 + "/_cluster/health");
            assertThat(Http.numberField(health.body(), "number_of_nodes")).isEqualTo(3L);

            // one copy of the shard on every node
            assertThat(Http.put(node0 + "/items", "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":2}}").statusCode())
                .isEqualTo(200);
            assertThat(status(Http.get(node0 + "/_cluster/health/items?wait_for_status=green&timeout=60s"))).isEqualTo("green");

            String node1 = es.httpUrls().get(1);
            es.stopNode(1);
            assertThat(es.isRunning(1)).isFalse();
            assertThatThrownBy(() -> Http.get(node1 + "/")).isInstanceOf(UncheckedIOException.class);
            HttpResponse<String> degraded = Http.get(node0 + "/_cluster/health?wait_for_nodes=2&wait_for_status=yellow&timeout=60s");
            assertThat(Http.numberField(degraded.body(), "number_of_nodes")).isEqualTo(2L);
            assertThat(status(degraded)).isEqualTo("yellow"); // the copy of node 1 cannot be placed elsewhere
            assertThat(Http.put(node0 + "/items/_doc/1?refresh=true", "{\"name\":\"written while node 1 was down\"}").statusCode())
                .isEqualTo(201);

            long restart = System.nanoTime();
            es.startNode(1);
            java.util.logging.Logger.getLogger(ClusterTest.class.getName()).info(String.format("node 1 restarted in %.2f s",
              (System.nanoTime() - restart) / 1e9));
            assertThat(es.isRunning(1)).isTrue();
            assertThat(es.httpUrls().get(1)).isEqualTo(node1);
            assertThat(status(Http.get(node1 + "/_cluster/health?wait_for_nodes=3&wait_for_status=green&timeout=60s")))
                .isEqualTo("green");
            HttpResponse<String> doc = Http.get(node1 + "/items/_doc/1?preference=_local");
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.body()).contains("written while node 1 was down");
        }
    }

    private static String status(HttpResponse<String> health) {
        return Http.stringField(health.body(), "status");
    }
}
