package dev.vertx.elasticsearch.generator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FacadeGeneratorTest {

  private static Spec spec() {
    return TestEndpoints.spec(TestEndpoints.EXISTS, """
        {"search": {"documentation": {"description": "Run a search"}, "stability": "stable",
         "url": {"paths": [{"path": "/_search", "methods": ["GET", "POST"]}]}, "body": {"required": false}}}
        """, TestEndpoints.PUT_TEMPLATE, """
        {"search_application.get": {"documentation": {"description": "Get an application"}, "stability": "beta",
         "url": {"paths": [{"path": "/_application/search_application/{name}", "methods": ["GET"],
           "parts": {"name": {"type": "string"}}}]}}}
        """);
  }

  /**
   * Generates a facade of {@link #spec()} and asserts its files: the root interface and one class per namespace.
   *
   * @return the sources by class name without the flavour's prefix, e.g. {@code IndicesApi}
   */
  private static Map<String, String> generated(FacadeGenerator.Flavour flavour, String module, String prefix) {
    Map<String, String> files = new FacadeGenerator(flavour, "9.9.9").generate(spec());
    String base = "dev/vertx/elasticsearch/" + module + "/api/" + prefix;
    List<String> names = List.of("ElasticsearchApi", "IndicesApi", "SearchApplicationApi");
    assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(names.stream().map(n -> base + n + ".java")
      .toList());
    return names.stream().collect(Collectors.toMap(n -> n, n -> files.get(base + n + ".java")));
  }

  @Test
  void mutinyFacadeMirrorsTheCoreMethodsAsUnisWithAwaitAndForget() throws IOException {
    Map<String, String> files = generated(FacadeGenerator.Flavour.MUTINY, "mutiny", "Mutiny");

    String root = files.get("ElasticsearchApi");
    assertThat(root)
      .contains("package dev.vertx.elasticsearch.mutiny.api;")
      .contains("import dev.vertx.elasticsearch.mutiny.impl.MutinyCalls;")
      .contains("import dev.vertx.elasticsearch.client.api.core.SearchRequest;")
      .contains("public interface MutinyElasticsearchApi {")
      .contains("ElasticsearchClient getDelegate();")
      .contains("default Uni<ElasticsearchResponse> search(SearchRequest request) {\n"
        + "    return MutinyCalls.uni(getDelegate(), c -> c.search(request));\n  }")
      .contains("default Uni<ElasticsearchResponse> search(Consumer<SearchRequest> request) {\n"
        + "    return MutinyCalls.uni(getDelegate(), c -> c.search(request));\n  }")
      .contains("default ElasticsearchResponse searchAndAwait(SearchRequest request) {\n"
        + "    return MutinyCalls.await(search(request));\n  }")
      .contains("default void searchAndForget(Consumer<SearchRequest> request) {\n"
        + "    MutinyCalls.forget(search(request));\n  }")
      .contains("default Uni<Boolean> exists(ExistsRequest request) {")
      .contains("default Boolean existsAndAwait(ExistsRequest request) {")
      .contains("default MutinyIndicesApi indices() {\n    return new MutinyIndicesApi(getDelegate());\n  }")
      .contains("default MutinySearchApplicationApi searchApplication() {");

    String indices = files.get("IndicesApi");
    assertThat(indices)
      .contains("public final class MutinyIndicesApi {")
      .contains("import dev.vertx.elasticsearch.client.api.indices.IndicesPutTemplateRequest;")
      .contains("@Deprecated\n  public Uni<ElasticsearchResponse> putTemplate(IndicesPutTemplateRequest request) {\n"
        + "    return MutinyCalls.uni(client, c -> c.indices().putTemplate(request));")
      .contains("@deprecated since 7.8.0: Legacy index templates are deprecated")
      .contains("@Deprecated\n  public ElasticsearchResponse putTemplateAndAwait(");
    assertThat(files.get("SearchApplicationApi"))
      .contains("return MutinyCalls.uni(client, c -> c.searchApplication().get(request));")
      .contains("<b>Beta:</b>");
  }

  @Test
  void rxFacadeMirrorsTheCoreMethodsAsSingles() throws IOException {
    Map<String, String> files = generated(FacadeGenerator.Flavour.RXJAVA3, "rxjava3", "Rx");
    String root = files.get("ElasticsearchApi");
    assertThat(root)
      .contains("import io.reactivex.rxjava3.core.Single;")
      .contains("import dev.vertx.elasticsearch.rxjava3.impl.RxCalls;")
      .contains("default Single<ElasticsearchResponse> search(SearchRequest request) {\n"
        + "    return RxCalls.single(getDelegate(), c -> c.search(request));\n  }")
      .contains("default Single<Boolean> exists(Consumer<ExistsRequest> request) {")
      .contains("default RxIndicesApi indices() {")
      .doesNotContain("AndAwait").doesNotContain("AndForget").doesNotContain("Uni");
    assertThat(files.get("IndicesApi"))
      .contains("return RxCalls.single(client, c -> c.indices().putTemplate(request));");
  }

  @Test
  void theWholeSpecificationGeneratesOneMethodSetPerCoreMethod() throws IOException {
    Spec spec = SpecReader.read(null);
    Map<String, String> core = new ApiGenerator("test").generate(spec);
    Map<String, String> mutiny = new FacadeGenerator(FacadeGenerator.Flavour.MUTINY, "test").generate(spec);
    Map<String, String> rx = new FacadeGenerator(FacadeGenerator.Flavour.RXJAVA3, "test").generate(spec);
    long namespaces = spec.endpoints().stream().map(Spec.Endpoint::namespace).filter(n -> n != null).distinct().count();
    assertThat(mutiny).hasSize((int) namespaces + 1);
    assertThat(rx).hasSize((int) namespaces + 1);
    long coreMethods = count(core, "ApiCalls.");
    assertThat(coreMethods).isEqualTo(2L * spec.endpoints().size());
    assertThat(count(mutiny, "MutinyCalls.uni(")).isEqualTo(coreMethods);
    assertThat(count(mutiny, "MutinyCalls.await(")).isEqualTo(coreMethods);
    assertThat(count(mutiny, "MutinyCalls.forget(")).isEqualTo(coreMethods);
    assertThat(count(rx, "RxCalls.single(")).isEqualTo(coreMethods);
  }

  private static long count(Map<String, String> files, String needle) {
    return files.entrySet().stream().filter(f -> f.getKey().endsWith(".java"))
      .mapToLong(f -> f.getValue().split(java.util.regex.Pattern.quote(needle), -1).length - 1).sum();
  }
}
