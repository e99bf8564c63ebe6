package dev.vertx.elasticsearch.generator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestGeneratorTest {

  private static final Map<String, Spec.Field> COMMON = Map.of(
    "pretty", new Spec.Field("pretty", "boolean", null, List.of(), null, false, null),
    "human", new Spec.Field("human", "boolean", null, List.of(), null, false, null));

  private static final String SEARCH = """
    {"search": {
      "documentation": {"url": "https://example.org/search", "description": "Run a search */ with \\\\u0000 and @see <b>"},
      "stability": "stable", "visibility": "public",
      "headers": {"accept": ["application/json"], "content_type": ["application/json"]},
      "url": {"paths": [
        {"path": "/_search", "methods": ["GET", "POST"]},
        {"path": "/{index}/_search", "methods": ["GET", "POST"],
         "parts": {"index": {"type": "list", "description": "Index names"}}}
      ]},
      "params": {
        "default_operator": {"type": "enum", "options": ["and", "or"], "default": "or", "description": "Operator"},
        "_source": {"type": "list", "description": "Fields"},
        "human": {"type": "boolean", "description": "duplicate of a common parameter"},
        "ignore_throttled": {"type": "boolean", "description": "Old",
          "deprecated": {"version": "7.16.0", "description": "frozen indices"}},
        "track_total_hits": {"type": "boolean|long", "description": "Count"}
      },
      "body": {"description": "The query", "required": false}
    }}
    """;

  private static final String NODES_STATS = """
    {"nodes.stats": {
      "documentation": {"url": "u", "description": "Node stats"},
      "stability": "experimental", "visibility": "public", "headers": {"accept": ["application/json"]},
      "url": {"paths": [
        {"path": "/_nodes/stats", "methods": ["GET"]},
        {"path": "/_nodes/{node_id}/stats", "methods": ["GET"], "parts": {"node_id": {"type": "list", "description": "n"}}},
        {"path": "/_nodes/stats/{metric}", "methods": ["GET"], "parts": {"metric": {"type": "list", "description": "m"}}},
        {"path": "/_nodes/{node_id}/stats/{metric}", "methods": ["GET"],
         "parts": {"node_id": {"type": "list", "description": "n"}, "metric": {"type": "list", "description": "m"}}}
      ]}
    }}
    """;

  private static final String SCROLL = """
    {"scroll": {
      "documentation": {"url": "u", "description": "Scroll"},
      "stability": "stable", "visibility": "public", "headers": {"accept": ["application/json"]},
      "url": {"paths": [
        {"path": "/_search/scroll", "methods": ["GET", "POST"]},
        {"path": "/_search/scroll/{scroll_id}", "methods": ["GET", "POST"],
         "parts": {"scroll_id": {"type": "string", "description": "id"}},
         "deprecated": {"version": "7.0.0", "description": "use the body"}}
      ]},
      "params": {"scroll_id": {"type": "string", "description": "id"}, "scroll": {"type": "time", "description": "t"}},
      "body": {"description": "The scroll id"}
    }}
    """;

  private static final String BULK = """
    {"bulk": {
      "documentation": {"url": "u", "description": "Bulk"},
      "stability": "stable", "visibility": "public",
      "headers": {"accept": ["application/json"], "content_type": ["application/x-ndjson"]},
      "url": {"paths": [{"path": "/_bulk", "methods": ["POST", "PUT"]},
        {"path": "/{index}/_bulk", "methods": ["POST", "PUT"], "parts": {"index": {"type": "string", "description": "i"}}}]},
      "params": {"refresh": {"type": "enum", "options": ["true", "false", "wait_for"], "description": "r"}},
      "body": {"description": "Operations", "required": true, "serialize": "bulk"}
    }}
    """;

  private final RequestGenerator generator = new RequestGenerator("dev.vertx.elasticsearch.client.api", "9.9.9");

  @Test
  void pathsAreOrderedMostSpecificFirstKeepingSpecOrderAmongEquals() throws IOException {
    Spec.Endpoint e = SpecReader.parseEndpoint(NODES_STATS);
    assertThat(RequestGenerator.selectionOrder(e.paths())).extracting(Spec.Path::path).containsExactly(
      "/_nodes/{node_id}/stats/{metric}", "/_nodes/{node_id}/stats", "/_nodes/stats/{metric}", "/_nodes/stats");
    assertThat(e.requiredParts()).isEmpty();
    String source = generator.generate(e, COMMON);
    assertThat(source).contains("""
      Endpoint.of("nodes.stats",
            "GET /_nodes/{node_id}/stats/{metric} idempotent",
            "GET /_nodes/{node_id}/stats idempotent",
            "GET /_nodes/stats/{metric} idempotent",
            "GET /_nodes/stats idempotent");""");
    assertThat(source).contains("<b>Experimental:</b>");
  }

  @Test
  void pathsAreMarkedIdempotentForReadsAndWritesByIdOnly() throws IOException {
    assertThat(RequestGenerator.pathSpecs(SpecReader.parseEndpoint(SEARCH)))
      .allSatisfy(p -> assertThat(p).startsWith("GET,POST ").endsWith(" idempotent"));
    assertThat(RequestGenerator.pathSpecs(SpecReader.parseEndpoint(SCROLL))).allMatch(p -> p.endsWith(" idempotent"));
    assertThat(RequestGenerator.pathSpecs(SpecReader.parseEndpoint(BULK))).noneMatch(p -> p.endsWith(" idempotent"));
  }

  @Test
  void namesAndPackages() throws IOException {
    Spec.Endpoint e = SpecReader.parseEndpoint(NODES_STATS);
    assertThat(RequestGenerator.className(e)).isEqualTo("NodesStatsRequest");
    assertThat(generator.packageOf(e)).isEqualTo("dev.vertx.elasticsearch.client.api.nodes");
    assertThat(ApiGenerator.methodName(e)).isEqualTo("stats");
    Spec.Endpoint search = SpecReader.parseEndpoint(SEARCH);
    assertThat(RequestGenerator.className(search)).isEqualTo("SearchRequest");
    assertThat(generator.packageOf(search)).isEqualTo("dev.vertx.elasticsearch.client.api.core");
  }

  @Test
  void membersMapTypesSkipCommonParametersAndStripUnderscores() throws IOException {
    Spec.Endpoint e = SpecReader.parseEndpoint(SEARCH);
    List<RequestGenerator.Member> members = RequestGenerator.members(e, COMMON);
    assertThat(members).extracting(RequestGenerator.Member::javaName)
      .containsExactly("index", "defaultOperator", "source", "ignoreThrottled", "trackTotalHits");
    String source = generator.generate(e, COMMON);
    assertThat(source)
      .contains("public SearchRequest index(List<String> index) {\n    return withPart(\"index\", index);")
      .contains("public SearchRequest index(String... index) {")
      .contains("public SearchRequest source(List<String> source) {\n    return withParam(\"_source\", source);")
      .contains("public SearchRequest trackTotalHits(Boolean trackTotalHits) {")
      .contains("public SearchRequest trackTotalHits(Long trackTotalHits) {")
      .contains("public SearchRequest body(Object body) {\n    return withJsonBody(body);")
      .contains(".withBody(false, \"application/json\");")
      .doesNotContain("public SearchRequest human(")
      .doesNotContain(".withAccept(");
  }

  @Test
  void enumsCarryTheirWireValues() throws IOException {
    String source = generator.generate(SpecReader.parseEndpoint(SEARCH), COMMON);
    assertThat(source)
      .contains("public enum DefaultOperator implements ApiEnum {")
      .contains("/** {@code and}. */\n    AND(\"and\"),\n    /** {@code or}. */\n    OR(\"or\");")
      .contains("public SearchRequest defaultOperator(DefaultOperator defaultOperator) {")
      .contains("public SearchRequest defaultOperator(String defaultOperator) {")
      .contains("Server default: {@code or}.");
    String bulk = generator.generate(SpecReader.parseEndpoint(BULK), COMMON);
    assertThat(bulk).contains("TRUE(\"true\"),", "FALSE(\"false\"),", "WAIT_FOR(\"wait_for\");");
  }

  @Test
  void everyPublicMemberHasItsJavadoc() throws IOException {
    String source = generator.generate(SpecReader.parseEndpoint(SEARCH), COMMON);
    // overloads document their parameter and result, as the build's doclint requires
    assertThat(source)
      .contains("   * Sets {@code index} as {@link #index(List)} does.\n   *\n"
        + "   * @param index the values, joined with commas; {@code null} unsets it\n   * @return this request\n   */\n"
        + "  public SearchRequest index(String... index) {")
      .contains("   * Sets {@code default_operator} as {@link #defaultOperator(DefaultOperator)} does, from its wire value.\n"
        + "   *\n   * @param defaultOperator the value as sent; {@code null} unsets it\n   * @return this request\n"
        + "   */\n  public SearchRequest defaultOperator(String defaultOperator) {");
    // every enum constant has a comment
    String bulk = generator.generate(SpecReader.parseEndpoint(BULK), COMMON);
    for (String constant : List.of("TRUE", "FALSE", "WAIT_FOR")) {
      assertThat(bulk).containsPattern("/\\*\\* \\{@code [a-z_]+\\}\\. \\*/\n    " + constant + "\\(");
    }
  }

  @Test
  void deprecatedParametersAndPartsOfDeprecatedPathsAreMarked() throws IOException {
    String search = generator.generate(SpecReader.parseEndpoint(SEARCH), COMMON);
    assertThat(search).contains("   * @deprecated since 7.16.0: frozen indices\n   */\n  @Deprecated\n"
      + "  public SearchRequest ignoreThrottled(Boolean ignoreThrottled) {");
    Spec.Endpoint scroll = SpecReader.parseEndpoint(SCROLL);
    assertThat(RequestGenerator.partDeprecation(scroll, "scroll_id")).isNotNull();
    String source = generator.generate(scroll, COMMON);
    assertThat(source)
      .contains("@Deprecated\n  public ScrollRequest scrollId(String scrollId) {\n    return withPart(\"scroll_id\", scrollId);")
      .contains(".withPartsAlsoParams(\"scroll_id\")")
      .doesNotContain("@Deprecated\npublic final class");
  }

  @Test
  void ndjsonBodiesTakeLinesOrBytes() throws IOException {
    String source = generator.generate(SpecReader.parseEndpoint(BULK), COMMON);
    assertThat(source)
      .contains("import io.vertx.core.buffer.Buffer;")
      .contains("public BulkRequest body(List<?> lines) {\n    return withNdjsonBody(lines);")
      .contains("public BulkRequest body(Buffer ndjson) {\n    return withNdjsonBody(ndjson);")
      .contains(".withBody(true, \"application/x-ndjson\");")
      .contains("\"POST,PUT /{index}/_bulk\",\n      \"POST,PUT /_bulk\")");
  }

  @Test
  void ndjsonBodiesTakeAStream() throws IOException {
    String source = generator.generate(SpecReader.parseEndpoint(BULK), COMMON);
    assertThat(source)
      .contains("import io.vertx.core.streams.ReadStream;")
      .contains("public BulkRequest body(ReadStream<Buffer> ndjson) {\n    return withNdjsonBody(ndjson);")
      .contains("not retried after its first byte was read");
    assertThat(generator.generate(SpecReader.parseEndpoint(SEARCH), COMMON)).doesNotContain("ReadStream");
  }

  @Test
  void specTextCannotBreakTheJavadoc() throws IOException {
    String source = generator.generate(SpecReader.parseEndpoint(SEARCH), COMMON);
    assertThat(source)
      .contains("Run a search *&#47; with &#92;u0000 and &#64;see &lt;b&gt;")
      .doesNotContain("\\u0000");
  }

  @Test
  void collidingJavaNamesAreReported() throws IOException {
    Spec.Endpoint e = SpecReader.parseEndpoint("""
      {"x.y": {"documentation": {}, "url": {"paths": [{"path": "/_x", "methods": ["GET"]}]},
       "params": {"_slice": {"type": "string"}, "slice": {"type": "string"}}}}
      """);
    assertThatThrownBy(() -> RequestGenerator.members(e, Map.of()))
      .isInstanceOf(IllegalStateException.class).hasMessageContaining("x.y");
  }

  @Test
  void membersNamedLikeBaseMethodsAreRenamed() throws IOException {
    Spec.Endpoint e = SpecReader.parseEndpoint("""
      {"x.y": {"documentation": {}, "url": {"paths": [{"path": "/_x/{body}", "methods": ["GET"],
        "parts": {"body": {"type": "string"}}}]}, "params": {"wait": {"type": "boolean"}}}}
      """);
    assertThat(RequestGenerator.members(e, Map.of())).extracting(RequestGenerator.Member::javaName)
      .containsExactly("bodyValue", "waitValue");
  }
}
