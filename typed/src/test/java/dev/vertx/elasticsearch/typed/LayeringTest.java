package dev.vertx.elasticsearch.typed;

import dev.vertx.elasticsearch.testing.PackageGraph;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The packages of the typed module form no cycle other than a package with its own {@code impl}. */
class LayeringTest {

  @Test
  void thePackagesOfTheTypedModuleAreLayered() {
    PackageGraph graph = PackageGraph.ofModule(VertxElasticsearchTransport.class);
    assertThat(graph.edges().get("dev.vertx.elasticsearch.typed.impl")).contains("dev.vertx.elasticsearch.transport");
    assertThat(graph.forbiddenCycles()).isEmpty();
  }
}
