package dev.vertx.elasticsearch.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.impl.ElasticsearchClientImpl;
import dev.vertx.elasticsearch.testing.TestLog;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every endpoint file of the REST API specification jar and checks the generated API against it: the method
 * exists (on the client or on its namespace), and for every path of the endpoint a request with exactly that path's
 * parts (plus, once, every query parameter and a body) is sent with the HTTP method, path, query string, headers and
 * body that the specification calls for. The expectations are computed here from the JSON, not by the generator.
 */
class SpecCoverageTest {

  private static final String API_DIR = "rest-api-spec/api/";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
    "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
    "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
    "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
    "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true",
    "false", "null", "var", "record", "yield", "sealed", "permits");
  /** Setter names that would clash with ApiRequest or Object methods get a {@code Value} suffix. */
  private static final Set<String> TAKEN = Set.of("pretty", "human", "errorTrace", "filterPath", "querySource",
    "queryParam", "body", "endpoint", "pathParts", "queryParams", "toTransportRequest", "withPart", "withParam",
    "withJsonBody", "withNdjsonBody", "getClass", "hashCode", "equals", "toString", "notify", "notifyAll", "wait",
    "clone", "finalize");
  private static final JsonObject JSON_BODY = new JsonObject().put("sample", true);
  private static final List<JsonObject> NDJSON_BODY = List.of(new JsonObject().put("index", new JsonObject()),
    new JsonObject().put("field", "value"));

  private final RecordingTransport transport = new RecordingTransport();
  private final ElasticsearchClient client = new ElasticsearchClientImpl(transport, null);
  private final List<String> failures = new ArrayList<>();
  private int pathsChecked;

  @Test
  void everyEndpointOfTheSpecificationIsGeneratedAndSendsWhatTheSpecSays() throws Exception {
    Map<String, JsonNode> endpoints = readSpec();
    JsonNode common = endpoints.remove("_common");
    assertThat(common.path("params").has("filter_path")).isTrue();
    assertThat(endpoints).hasSizeGreaterThan(500);

    int covered = 0;
    Set<String> namespaces = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> e : endpoints.entrySet()) {
      int before = failures.size();
      try {
        check(e.getKey(), e.getValue(), common.path("params"));
      } catch (Exception | AssertionError ex) {
        failures.add(e.getKey() + ": " + ex);
      }
      if (failures.size() == before) {
        covered++;
      }
      if (e.getKey().contains(".")) {
        namespaces.add(e.getKey().substring(0, e.getKey().indexOf('.')));
      }
    }
    TestLog.info("Spec coverage: %d/%d endpoints (%.1f%%) in %d namespaces + root, %d paths checked%n",
      covered, endpoints.size(), 100.0 * covered / endpoints.size(), namespaces.size(), pathsChecked);
    assertThat(failures).as("endpoints that do not match the specification").isEmpty();
    assertThat(covered).isEqualTo(endpoints.size());
  }

  private static Map<String, JsonNode> readSpec() throws IOException {
    URL url = SpecCoverageTest.class.getClassLoader().getResource(API_DIR + "_common.json");
    assertThat(url).as("rest-api-spec on the test class path").isNotNull();
    Map<String, JsonNode> endpoints = new TreeMap<>();
    JarURLConnection connection = (JarURLConnection) url.openConnection();
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(API_DIR) && name.endsWith(".json") && name.indexOf('/', API_DIR.length()) < 0) {
          try (InputStream in = jar.getInputStream(entry)) {
            JsonNode json = MAPPER.readTree(in);
            String file = name.substring(API_DIR.length(), name.length() - ".json".length());
            if (file.equals("_common")) {
              endpoints.put(file, json);
            } else {
              Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
              Map.Entry<String, JsonNode> only = fields.next();
              endpoints.put(only.getKey(), only.getValue());
            }
          }
        }
      }
    }
    return endpoints;
  }

  // ---- one endpoint ------------------------------------------------------------------------------------------

  private void check(String id, JsonNode spec, JsonNode commonParams) throws Exception {
    int dot = id.indexOf('.');
    Object api = client;
    if (dot > 0) {
      Method accessor = ElasticsearchClient.class.getMethod(camel(id.substring(0, dot)));
      api = accessor.invoke(client);
    }
    Method method = endpointMethod(api.getClass(), camel(id.substring(dot + 1)));
    assertThat(method).as("method %s of %s", camel(id.substring(dot + 1)), api.getClass().getSimpleName()).isNotNull();
    List<JsonNode> paths = new ArrayList<>();
    spec.path("url").path("paths").forEach(paths::add);
    boolean head = paths.get(0).path("methods").get(0).asText().equals("HEAD");
    ParameterizedType returnType = (ParameterizedType) method.getGenericReturnType();
    assertThat(returnType.getRawType()).isEqualTo(Future.class);
    assertThat(returnType.getActualTypeArguments()[0]).isEqualTo(head ? Boolean.class : ElasticsearchResponse.class);
    Class<?> requestType = method.getParameterTypes()[0];

    JsonNode body = spec.get("body");
    boolean ndjson = body != null && "bulk".equals(body.path("serialize").asText());
    boolean bodyRequired = body != null && body.path("required").asBoolean(false);
    Map<String, JsonNode> params = fields(spec.path("params"));
    Set<String> allParts = new LinkedHashSet<>();
    paths.forEach(p -> allParts.addAll(fields(p.path("parts")).keySet()));

    for (int i = 0; i < paths.size(); i++) {
      Map<String, JsonNode> parts = fields(paths.get(i).path("parts"));
      boolean first = i == 0;
      // Once per endpoint every parameter and a body; otherwise only what is required.
      boolean withBody = body != null && (bodyRequired || first);
      ApiRequest<?> request = (ApiRequest<?>) requestType.getConstructor().newInstance();
      Map<String, String> expectedParts = new LinkedHashMap<>();
      Map<String, String> expectedQuery = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> part : parts.entrySet()) {
        expectedParts.put(part.getKey(), set(request, part.getKey(), part.getValue(), true));
      }
      for (Map.Entry<String, JsonNode> param : params.entrySet()) {
        String name = param.getKey();
        boolean required = param.getValue().path("required").asBoolean(false);
        if (allParts.contains(name) || commonParams.has(name) || !(first || required)) {
          continue;
        }
        expectedQuery.put(name, set(request, name, param.getValue(), false));
      }
      if (first) {
        request.pretty(true).filterPath("took", "hits.hits._id");
        expectedQuery.put("pretty", "true");
        expectedQuery.put("filter_path", "took,hits.hits._id");
      }
      if (withBody) {
        Method setter = requestType.getMethod("body", ndjson ? List.class : Object.class);
        setter.invoke(request, ndjson ? NDJSON_BODY : JSON_BODY);
      }
      String context = id + " path " + paths.get(i).path("path").asText();
      expectSent(context, spec, paths, method, api, request, expectedParts, expectedQuery, withBody, ndjson, head);
      pathsChecked++;
    }

    // A request without the parts every path needs fails before anything is sent, naming the part.
    List<String> required = new ArrayList<>(allParts);
    paths.forEach(p -> required.retainAll(fields(p.path("parts")).keySet()));
    if (!required.isEmpty()) {
      int sent = transport.sent.size();
      ApiRequest<?> empty = (ApiRequest<?>) requestType.getConstructor().newInstance();
      Future<?> future = (Future<?>) method.invoke(api, empty);
      assertThat(future.failed()).as(id + " without parts").isTrue();
      assertThat(future.cause()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + required.get(0) + "'");
      assertThat(transport.sent).hasSize(sent);
    }
  }

  private void expectSent(String context, JsonNode spec, List<JsonNode> paths, Method method, Object api,
                          ApiRequest<?> request, Map<String, String> givenParts, Map<String, String> expectedQuery,
                          boolean withBody, boolean ndjson, boolean head) throws Exception {
    // The most specific path whose parts are all given; the first one in spec order among equally specific ones.
    JsonNode chosen = null;
    int best = -1;
    for (JsonNode p : paths) {
      Set<String> parts = fields(p.path("parts")).keySet();
      if (givenParts.keySet().containsAll(parts) && parts.size() > best) {
        chosen = p;
        best = parts.size();
      }
    }
    assertThat(chosen).as(context).isNotNull();
    Map<String, String> bodyParts = new LinkedHashMap<>();
    if (chosen.has("deprecated") && !withBody) {
      // A part the spec deprecates in the path (scroll ids, which outgrow the URL limit) goes in the body instead,
      // on the most specific path that is not deprecated.
      JsonNode alternative = null;
      int alternativeSize = -1;
      for (JsonNode p : paths) {
        Set<String> parts = fields(p.path("parts")).keySet();
        if (!p.has("deprecated") && givenParts.keySet().containsAll(parts) && parts.size() > alternativeSize) {
          alternative = p;
          alternativeSize = parts.size();
        }
      }
      if (alternative != null) {
        Set<String> kept = fields(alternative.path("parts")).keySet();
        givenParts = new LinkedHashMap<>(givenParts);
        for (String part : fields(chosen.path("parts")).keySet()) {
          if (!kept.contains(part)) {
            bodyParts.put(part, givenParts.remove(part));
          }
        }
        chosen = alternative;
      }
    }
    String expectedPath = chosen.path("path").asText();
    Map<String, String> usedParts = new LinkedHashMap<>();
    for (Map.Entry<String, String> part : givenParts.entrySet()) {
      if (expectedPath.contains("{" + part.getKey() + "}")) {
        usedParts.put(part.getKey(), part.getValue());
        String encoded = Arrays.stream(part.getValue().split(",", -1)).map(SpecCoverageTest::encode)
          .collect(Collectors.joining(","));
        expectedPath = expectedPath.replace("{" + part.getKey() + "}", encoded);
      } else {
        expectedQuery.put(part.getKey(), part.getValue()); // a part that is also a query parameter
      }
    }
    List<String> methods = new ArrayList<>();
    chosen.path("methods").forEach(m -> methods.add(m.asText()));
    boolean sendsBody = withBody || !bodyParts.isEmpty();
    String expectedMethod = sendsBody && methods.get(0).equals("GET") && methods.contains("POST") ? "POST"
      : methods.get(0);

    int sent = transport.sent.size();
    Future<?> future = (Future<?>) method.invoke(api, request);
    assertThat(future.succeeded()).as(context + ": " + future.cause()).isTrue();
    if (head) {
      assertThat(future.result()).isEqualTo(true);
    }
    assertThat(transport.sent).as(context).hasSize(sent + 1);
    TransportRequest actual = transport.last();
    assertThat(actual.method().name()).as(context).isEqualTo(expectedMethod);
    assertThat(actual.path()).as(context).isEqualTo(expectedPath);
    assertThat(actual.query()).as(context).isEqualTo(expectedQuery);
    assertThat(actual.endpoint()).as(context).isEqualTo(spec == null ? null : contextId(context));
    assertThat(actual.pathParts()).as(context).isEqualTo(usedParts);

    List<String> accept = new ArrayList<>();
    spec.path("headers").path("accept").forEach(a -> accept.add(a.asText()));
    String expectedAccept = accept.isEmpty() || accept.equals(List.of("application/json")) ? null
      : String.join(", ", accept);
    assertThat(actual.headers().get("Accept")).as(context).isEqualTo(expectedAccept);

    if (withBody) {
      List<String> contentTypes = new ArrayList<>();
      spec.path("headers").path("content_type").forEach(c -> contentTypes.add(c.asText()));
      String expectedType = !contentTypes.isEmpty() ? contentTypes.get(0)
        : ndjson ? "application/x-ndjson" : "application/json";
      assertThat(actual.contentType()).as(context).isEqualTo(expectedType);
      String expectedBody = ndjson ? NDJSON_BODY.stream().map(j -> j.encode() + "\n").collect(Collectors.joining())
        : JSON_BODY.encode();
      assertThat(actual.body().toString()).as(context).isEqualTo(expectedBody);
    } else if (!bodyParts.isEmpty()) {
      JsonObject body = new JsonObject(actual.body().toString());
      bodyParts.forEach((k, v) -> assertThat(String.valueOf(body.getValue(k) instanceof io.vertx.core.json.JsonArray a
        ? String.join(",", a.stream().map(String::valueOf).toList()) : body.getValue(k))).as(context).isEqualTo(v));
    } else {
      assertThat(actual.body()).as(context).isNull();
    }
  }

  private static String contextId(String context) {
    return context.substring(0, context.indexOf(' '));
  }

  // ---- setting sample values through the generated setters -----------------------------------------------------

  /**
   * Sets a sample value with the setter the naming rules call for, typed as the spec says.
   *
   * @return the value expected on the wire (unencoded; list values joined with commas)
   */
  private static String set(ApiRequest<?> request, String name, JsonNode field, boolean part) throws Exception {
    String setter = setterName(name);
    String type = field.path("type").asText("string").split("\\|")[0];
    Class<?> cls = request.getClass();
    switch (type) {
      case "list" -> {
        List<String> value = part ? List.of("x/1", "y z*", "ü") : List.of("a", "b");
        cls.getMethod(setter, List.class).invoke(request, value);
        return String.join(",", value);
      }
      case "boolean" -> {
        cls.getMethod(setter, Boolean.class).invoke(request, true);
        return "true";
      }
      case "int" -> {
        cls.getMethod(setter, Integer.class).invoke(request, 3);
        return "3";
      }
      case "long" -> {
        cls.getMethod(setter, Long.class).invoke(request, 4L);
        return "4";
      }
      case "double" -> {
        cls.getMethod(setter, Double.class).invoke(request, 1.5);
        return "1.5";
      }
      case "number" -> {
        cls.getMethod(setter, Number.class).invoke(request, 5);
        return "5";
      }
      case "enum" -> {
        List<String> options = new ArrayList<>();
        field.path("options").forEach(o -> options.add(o.asText()));
        if (options.isEmpty()) {
          cls.getMethod(setter, String.class).invoke(request, "any");
          return "any";
        }
        Method enumSetter = Arrays.stream(cls.getMethods())
          .filter(m -> m.getName().equals(setter) && m.getParameterCount() == 1
            && m.getParameterTypes()[0].isEnum() && ApiEnum.class.isAssignableFrom(m.getParameterTypes()[0]))
          .findFirst().orElseThrow(() -> new AssertionError("no enum setter " + setter));
        Object constant = enumSetter.getParameterTypes()[0].getEnumConstants()[0];
        assertThat(((ApiEnum) constant).value()).isEqualTo(options.get(0));
        enumSetter.invoke(request, constant);
        return options.get(0);
      }
      default -> { // string, time, date
        String value = part ? "a b/c#d?e+f%g-" + name : type.equals("time") ? "30s" : "v-" + name;
        cls.getMethod(setter, String.class).invoke(request, value);
        return value;
      }
    }
  }

  private static Method endpointMethod(Class<?> api, String name) {
    return Arrays.stream(api.getMethods())
      .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1
        && ApiRequest.class.isAssignableFrom(m.getParameterTypes()[0]))
      .findFirst().orElse(null);
  }

  /** The naming rules: snake_case to camelCase without leading underscores; keywords get a trailing underscore. */
  private static String camel(String snake) {
    StringBuilder out = new StringBuilder();
    for (String word : snake.split("_")) {
      if (!word.isEmpty()) {
        out.append(out.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
      }
    }
    String name = out.toString();
    return KEYWORDS.contains(name) ? name + "_" : name;
  }

  private static String setterName(String wire) {
    String name = camel(wire);
    return TAKEN.contains(name) ? name + "Value" : name;
  }

  /** Percent-encoding of a path segment, independent of the client's: URLEncoder, with spaces as %20. */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Map<String, JsonNode> fields(JsonNode node) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    node.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue()));
    return map;
  }
}
