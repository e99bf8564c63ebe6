package dev.vertx.elasticsearch.generator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiGeneratorTest {

  private static Spec spec() {
    return TestEndpoints.spec(TestEndpoints.EXISTS, """
        {"cat.indices": {"documentation": {"description": "Get index information"}, "stability": "stable",
         "headers": {"accept": ["text/plain", "application/json"]},
         "url": {"paths": [{"path": "/_cat/indices", "methods": ["GET"]}]}}}
        """, TestEndpoints.PUT_TEMPLATE, """
        {"ml.close_job": {"documentation": {"description": "Close jobs"}, "stability": "beta",
         "url": {"paths": [{"path": "/_ml/anomaly_detectors/{job_id}/_close", "methods": ["POST"],
           "parts": {"job_id": {"type": "string"}}}]}}}
        """);
  }

  @Test
  void generatesRequestsNamespacesAndTheRootInterface() throws IOException {
    Map<String, String> files = new ApiGenerator("9.9.9").generate(spec());
    String base = "dev/vertx/elasticsearch/client/api/";
    assertThat(files.keySet()).containsExactlyInAnyOrder(
      "dev/vertx/elasticsearch/client/ElasticsearchApi.java", base + "endpoints.tsv",
      base + "core/ExistsRequest.java",
      base + "cat/CatApi.java", base + "cat/CatIndicesRequest.java",
      base + "indices/IndicesApi.java", base + "indices/IndicesPutTemplateRequest.java",
      base + "ml/MlApi.java", base + "ml/MlCloseJobRequest.java");

    String root = files.get("dev/vertx/elasticsearch/client/ElasticsearchApi.java");
    assertThat(root)
      .contains("package dev.vertx.elasticsearch.client;")
      .contains("public interface ElasticsearchApi extends ApiSender {")
      .contains("import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;")
      .contains("default Future<Boolean> exists(ExistsRequest request) {\n    return ApiCalls.exists(this, request);")
      .contains("default IndicesApi indices() {\n    return new IndicesApi(this);")
      .contains("default MlApi ml() {")
      .contains("import dev.vertx.elasticsearch.client.api.core.ExistsRequest;");

    assertThat(files.get(base + "ml/MlApi.java"))
      .contains("public Future<ElasticsearchResponse> closeJob(MlCloseJobRequest request) {\n"
        + "    return ApiCalls.send(sender, request);")
      .contains("public MlApi(ApiSender sender) {")
      .contains("<b>Beta:</b>");
    // the generated code below the root interface knows client.api and nothing above it
    files.forEach((path, source) -> {
      if (path.startsWith(base) && path.endsWith(".java")) {
        assertThat(source).as(path).doesNotContain("import dev.vertx.elasticsearch.client.E")
          .doesNotContain("import dev.vertx.elasticsearch.client.api.ElasticsearchApi");
      }
    });
    assertThat(files.get(base + "indices/IndicesApi.java"))
      .contains("@deprecated since 7.8.0: Legacy index templates are deprecated")
      .contains("@Deprecated\n  public Future<ElasticsearchResponse> putTemplate(IndicesPutTemplateRequest request)");
    assertThat(files.get(base + "indices/IndicesPutTemplateRequest.java"))
      .contains("@Deprecated\npublic final class IndicesPutTemplateRequest");
    assertThat(files.get(base + "cat/CatIndicesRequest.java"))
      .contains(".withAccept(\"text/plain, application/json\")");
    assertThat(files.get(base + "cat/CatApi.java")).contains("bodyAsString()");
    assertThat(files.get(base + "endpoints.tsv")).contains("\nexists\tHEAD /{index}/_doc/{id} idempotent\n")
      .contains("\nml.close_job\tPOST /_ml/anomaly_detectors/{job_id}/_close\n");
  }

  @Test
  void writesOnlyChangedFilesAndRemovesStaleOnes(@TempDir Path out) throws IOException {
    Path stale = out.resolve("dev/vertx/Old.java");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "class Old {}");
    Map<String, String> files = Map.of("a/A.java", "class A {}", "b/B.java", "class B {}");
    assertThat(ApiGenerator.write(out, files)).isEqualTo(2);
    assertThat(stale).doesNotExist();
    assertThat(ApiGenerator.write(out, files)).isZero();
    assertThat(ApiGenerator.write(out, Map.of("a/A.java", "class A { }", "b/B.java", "class B {}"))).isEqualTo(1);
    assertThat(out.resolve("a/A.java")).hasContent("class A { }");
  }

  @Test
  void theWholeSpecificationGenerates() throws IOException {
    Spec spec = SpecReader.read(null); // the rest-api-spec jar on the test class path
    assertThat(spec.endpoints()).hasSizeGreaterThan(500);
    assertThat(spec.commonParams()).containsKeys("pretty", "human", "error_trace", "filter_path");
    assertThat(spec.endpoints()).extracting(Spec.Endpoint::id).contains("search", "indices.create", "cat.indices",
      "ml.close_job", "bulk");
    Map<String, String> files = new ApiGenerator("test").generate(spec);
    long namespaces = spec.endpoints().stream().map(Spec.Endpoint::namespace).filter(n -> n != null).distinct().count();
    assertThat(files).hasSize(spec.endpoints().size() + (int) namespaces + 2);
  }
}
