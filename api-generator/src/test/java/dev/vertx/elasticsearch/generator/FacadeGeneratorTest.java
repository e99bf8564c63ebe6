package dev.vertx.elasticsearch.generator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FacadeGeneratorTest {

  private static Spec spec() throws IOException {
    return new Spec(List.of(
      SpecReader.parseEndpoint("""
        {"exists": {"documentation": {"description": "Check a document"}, "stability": "stable",
         "url": {"paths": [{"path": "/{index}/_doc/{id}", "methods": ["HEAD"],
           "parts": {"index": {"type": "string"}, "id": {"type": "string"}}}]}}}
        """),
      SpecReader.parseEndpoint("""
        {"search": {"documentation": {"description": "Run a search"}, "stability": "stable",
         "url": {"paths": [{"path": "/_search", "methods": ["GET", "POST"]}]}, "body": {"required": false}}}
        """),
      SpecReader.parseEndpoint("""
        {"indices.put_template": {"documentation": {"description": "Legacy"}, "stability": "stable",
         "deprecated": {"version": "7.8.0", "description": "Legacy index templates are deprecated"},
         "url": {"paths": [{"path": "/_template/{name}", "methods": ["PUT", "POST"],
           "parts": {"name": {"type": "string"}}}]}, "body": {"required": true}}}
        """),
      SpecReader.parseEndpoint("""
        {"search_application.get": {"documentation": {"description": "Get an application"}, "stability": "beta",
         "url": {"paths": [{"path": "/_application/search_application/{name}", "methods": ["GET"],
           "parts": {"name": {"type": "string"}}}]}}}
        """)),
      Map.of());
  }

  @Test
  void mutinyFacadeMirrorsTheCoreMethodsAsUnisWithAwaitAndForget() throws IOException {
    Map<String, String> files = new FacadeGenerator(FacadeGenerator.Flavour.MUTINY, "9.9.9").generate(spec());
    String base = "dev/vertx/elasticsearch/mutiny/api/";
    assertThat(files.keySet()).containsExactlyInAnyOrder(base + "MutinyElasticsearchApi.java",
      base + "MutinyIndicesApi.java", base + "MutinySearchApplicationApi.java");

    String root = files.get(base + "MutinyElasticsearchApi.java");
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

    String indices = files.get(base + "MutinyIndicesApi.java");
    assertThat(indices)
      .contains("public final class MutinyIndicesApi {")
      .contains("import dev.vertx.elasticsearch.client.api.indices.IndicesPutTemplateRequest;")
      .contains("@Deprecated\n  public Uni<ElasticsearchResponse> putTemplate(IndicesPutTemplateRequest request) {\n"
        + "    return MutinyCalls.uni(client, c -> c.indices().putTemplate(request));")
      .contains("@deprecated since 7.8.0: Legacy index templates are deprecated")
      .contains("@Deprecated\n  public ElasticsearchResponse putTemplateAndAwait(");
    assertThat(files.get(base + "MutinySearchApplicationApi.java"))
      .contains("return MutinyCalls.uni(client, c -> c.searchApplication().get(request));")
      .contains("<b>Beta:</b>");
  }

  @Test
  void rxFacadeMirrorsTheCoreMethodsAsSingles() throws IOException {
    Map<String, String> files = new FacadeGenerator(FacadeGenerator.Flavour.RXJAVA3, "9.9.9").generate(spec());
    String base = "dev/vertx/elasticsearch/rxjava3/api/";
    assertThat(files.keySet()).containsExactlyInAnyOrder(base + "RxElasticsearchApi.java",
      base + "RxIndicesApi.java", base + "RxSearchApplicationApi.java");
    String root = files.get(base + "RxElasticsearchApi.java");
    assertThat(root)
      .contains("import io.reactivex.rxjava3.core.Single;")
      .contains("import dev.vertx.elasticsearch.rxjava3.impl.RxCalls;")
      .contains("default Single<ElasticsearchResponse> search(SearchRequest request) {\n"
        + "    return RxCalls.single(getDelegate(), c -> c.search(request));\n  }")
      .contains("default Single<Boolean> exists(Consumer<ExistsRequest> request) {")
      .contains("default RxIndicesApi indices() {")
      .doesNotContain("AndAwait").doesNotContain("AndForget").doesNotContain("Uni");
    assertThat(files.get(base + "RxIndicesApi.java"))
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
