package dev.vertx.elasticsearch;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.testing.PackageGraph;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the client, read from the imports of its sources (hand-written and generated):
 * <ul>
 *   <li>public types reach {@code impl} classes only to instantiate them in their static factories, and never
 *   Vert.x internals;</li>
 *   <li>the transport knows no endpoint, client or helper;</li>
 *   <li>the endpoint API knows no helper and no transport internals;</li>
 *   <li>the helpers use only the public client API;</li>
 *   <li>the packages, read from the compiled classes (generated code included), form no cycle other than a package
 *   with its own {@code impl}: the generated API knows {@code client.api} and nothing above it, the client extends
 *   the generated root interface, the helpers sit above the client.</li>
 * </ul>
 */
class LayeringTest {

  private static final String ROOT = "dev/vertx/elasticsearch/";
  /** The public entry points whose static factories create implementations. */
  private static final Set<String> FACTORIES = Set.of("client/ElasticsearchClient.java", "transport/Transport.java",
    "transport/Instrumentation.java",
    "helpers/BulkIngester.java", "helpers/MsearchHelper.java", "helpers/ElasticsearchHelpers.java",
    "health/ElasticsearchHealthCheck.java");

  private record Import(String file, String imported) {
    @Override
    public String toString() {
      return file + " imports " + imported;
    }
  }

  private static List<Import> imports() throws IOException {
    List<Import> imports = new ArrayList<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("target/generated-sources/elasticsearch-api"))) {
      try (Stream<Path> files = Files.walk(root.resolve(ROOT))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String name = root.resolve(ROOT).relativize(file).toString().replace('\\', '/');
          for (String line : Files.readAllLines(file)) {
            if (line.startsWith("import ")) {
              imports.add(new Import(name, line.substring(7, line.length() - 1).replace("static ", "")));
            }
          }
        }
      }
    }
    return imports;
  }

  private static boolean impl(String fileOrType) {
    return fileOrType.contains("/impl/") || fileOrType.contains(".impl.");
  }

  @Test
  void publicTypesUseImplementationsOnlyInTheirFactoriesAndNoVertxInternals() throws IOException {
    List<Import> imports = imports();
    assertThat(imports).hasSizeGreaterThan(1_000);
    assertThat(imports).filteredOn(i -> !impl(i.file()) && !FACTORIES.contains(i.file()))
      .filteredOn(i -> i.imported().startsWith("dev.vertx.elasticsearch") && impl(i.imported())).isEmpty();
    assertThat(imports).filteredOn(i -> !impl(i.file()))
      .filteredOn(i -> i.imported().startsWith("io.vertx.core.internal")).isEmpty();
  }

  @Test
  void theTransportKnowsNoEndpointClientOrHelper() throws IOException {
    assertThat(imports()).filteredOn(i -> i.file().startsWith("transport/"))
      .filteredOn(i -> i.imported().startsWith("dev.vertx.elasticsearch.client")
        || i.imported().startsWith("dev.vertx.elasticsearch.helpers")
        || i.imported().startsWith("dev.vertx.elasticsearch.tracing")).isEmpty();
  }

  @Test
  void theEndpointApiKnowsNoHelperAndNoTransportInternals() throws IOException {
    assertThat(imports()).filteredOn(i -> i.file().startsWith("client/api/"))
      .filteredOn(i -> i.imported().startsWith("dev.vertx.elasticsearch.helpers")
        || i.imported().startsWith("dev.vertx.elasticsearch.transport.impl")).isEmpty();
  }

  @Test
  void theHelpersUseOnlyThePublicClientApi() throws IOException {
    assertThat(imports()).filteredOn(i -> i.file().startsWith("helpers/"))
      .filteredOn(i -> i.imported().startsWith("dev.vertx.elasticsearch") && impl(i.imported())
        && !i.imported().startsWith("dev.vertx.elasticsearch.helpers.impl")).isEmpty();
  }

  @Test
  void thePackagesFormNoCycleButAPackageWithItsImpl() {
    String base = "dev.vertx.elasticsearch.";
    PackageGraph graph = PackageGraph.ofModule(ElasticsearchClient.class);
    Map<String, Set<String>> edges = graph.edges();
    // the graph was read: the generated namespaces and the client's dependencies on them are in it
    assertThat(edges.get(base + "client.api.indices")).contains(base + "client.api");
    assertThat(edges.get(base + "client")).contains(base + "client.api", base + "client.api.indices");

    assertThat(graph.forbiddenCycles()).isEmpty();
    assertThat(edges.get(base + "client")).doesNotContain(base + "helpers");
    assertThat(edges.get(base + "client.api")).noneMatch(p -> p.startsWith(base + "client") && !p.startsWith(base
      + "client.api"));
  }

  @Test
  void theCycleCheckFindsEveryCycleButAPackageWithItsImpl() {
    PackageGraph graph = new PackageGraph(Map.of(
      "a", Set.of("a.impl"), "a.impl", Set.of("a", "b"), "b", Set.of("c"), "c", Set.of("b"), "d", Set.of("a")));
    assertThat(graph.forbiddenCycles()).containsExactly(Set.of("b", "c"));
    PackageGraph through = new PackageGraph(Map.of("a", Set.of("a.impl"), "a.impl", Set.of("a.api"),
      "a.api", Set.of("a")));
    assertThat(through.forbiddenCycles()).containsExactly(Set.of("a", "a.api", "a.impl"));
  }
}
