package dev.vertx.elasticsearch.typed.generator;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import dev.vertx.elasticsearch.typed.TypedElasticsearchClient;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The facade generator, and the facade it generated for this build. */
class TypedClientGeneratorTest {

  private static String signature(Method m) {
    return m.getName() + Arrays.toString(m.getGenericParameterTypes());
  }

  /** Every async call of elasticsearch-java has a method of the same name and parameters returning Future<same>. */
  private static void assertMirrors(Class<?> async, Class<?> facade) {
    Map<String, Method> generated = new java.util.HashMap<>();
    for (Method m : facade.getMethods()) {
      generated.put(signature(m), m);
    }
    List<Method> calls = new ArrayList<>();
    for (Method m : TypedClientGenerator.sortedMethods(async)) {
      if (m.getReturnType() == CompletableFuture.class) {
        calls.add(m);
        Method mirror = generated.get(signature(m));
        assertThat(mirror).as("%s of %s", m, facade.getSimpleName()).isNotNull();
        assertThat(mirror.getReturnType()).isEqualTo(Future.class);
        Type expected = ((ParameterizedType) m.getGenericReturnType()).getActualTypeArguments()[0];
        Type actual = ((ParameterizedType) mirror.getGenericReturnType()).getActualTypeArguments()[0];
        assertThat(actual.getTypeName()).isEqualTo(expected.getTypeName());
        assertThat(mirror.isAnnotationPresent(Deprecated.class)).isEqualTo(m.isAnnotationPresent(Deprecated.class));
      }
    }
    assertThat(calls).isNotEmpty();
  }

  @Test
  void theFacadeMirrorsEveryCallOfEveryNamespace() throws Exception {
    assertMirrors(ElasticsearchAsyncClient.class, TypedElasticsearchClient.class);
    Map<String, Class<?>> namespaces = TypedClientGenerator.namespaces(ElasticsearchAsyncClient.class);
    assertThat(namespaces).containsKeys("indices", "cluster", "cat", "nodes", "tasks", "esql", "security");
    for (Map.Entry<String, Class<?>> ns : namespaces.entrySet()) {
      Class<?> facade = Class.forName(TypedClientGenerator.API_PACKAGE + "."
        + TypedClientGenerator.facadeName(ns.getValue()));
      assertThat(TypedElasticsearchClient.class.getMethod(ns.getKey()).getReturnType()).isEqualTo(facade);
      assertMirrors(ns.getValue(), facade);
    }
  }

  @Test
  void generatedSourceKeepsGenericsAndBuilderLambdas() {
    Map<String, String> files = TypedClientGenerator.generate(ElasticsearchAsyncClient.class);
    String root = files.get("dev.vertx.elasticsearch.typed.TypedElasticsearchClient");
    assertThat(root)
      .contains("public <TDocument> Future<SearchResponse<TDocument>> search(Function<SearchRequest.Builder, "
        + "ObjectBuilder<SearchRequest>> fn, Class<TDocument> tDocumentClass) {")
      .contains("return TypedCalls.call(vertx, () -> async.search(fn, tDocumentClass));")
      .contains("public <TDocument, TPartialDocument> Future<UpdateResponse<TDocument>> update(")
      .contains("public TypedIndicesClient indices() {")
      .doesNotContain("CompletableFuture");
    assertThat(files.get("dev.vertx.elasticsearch.typed.api.TypedIndicesClient"))
      .contains("public Future<CreateIndexResponse> create(CreateIndexRequest request) {");
  }

  @Test
  void typeParametersAreDocumented() {
    String root = TypedClientGenerator.generate(ElasticsearchAsyncClient.class)
      .get("dev.vertx.elasticsearch.typed.TypedElasticsearchClient");
    // the build's doclint wants a @param for each type parameter of a generic call
    assertThat(root).contains("   * @param tDocumentClass as for elasticsearch-java\n"
      + "   * @param <TDocument> as for elasticsearch-java\n"
      + "   * @param <TPartialDocument> as for elasticsearch-java\n");
  }

  @Test
  void namesOfFacadesAndParameters() {
    assertThat(TypedClientGenerator.facadeName(co.elastic.clients.elasticsearch.indices
      .ElasticsearchIndicesAsyncClient.class)).isEqualTo("TypedIndicesClient");
    Set<String> taken = new HashSet<>();
    assertThat(TypedClientGenerator.parameterName(Boolean.class, new java.lang.reflect.TypeVariable<?>[0], taken))
      .isEqualTo("booleanValue");
    assertThat(TypedClientGenerator.parameterName(String.class, new java.lang.reflect.TypeVariable<?>[0], taken))
      .isEqualTo("string");
    assertThat(TypedClientGenerator.parameterName(String.class, new java.lang.reflect.TypeVariable<?>[0], taken))
      .isEqualTo("string2");
  }

  @Test
  void clashingSimpleNamesAreWrittenInFull() {
    TypedClientGenerator.Names names = new TypedClientGenerator.Names("dev.example", Set.of("Future"));
    names.use(co.elastic.clients.elasticsearch.core.ExistsRequest.class);
    names.use(co.elastic.clients.elasticsearch.indices.ExistsRequest.class);
    names.use(co.elastic.clients.elasticsearch.core.SearchRequest.Builder.class);
    assertThat(names.render(co.elastic.clients.elasticsearch.core.ExistsRequest.class))
      .isEqualTo("co.elastic.clients.elasticsearch.core.ExistsRequest");
    assertThat(names.render(co.elastic.clients.elasticsearch.core.SearchRequest.Builder.class))
      .isEqualTo("SearchRequest.Builder");
    assertThat(names.imports()).containsExactly("import co.elastic.clients.elasticsearch.core.SearchRequest;");
  }
}
