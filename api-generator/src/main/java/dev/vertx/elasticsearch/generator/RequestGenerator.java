package dev.vertx.elasticsearch.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the request class of one endpoint: a fluent setter per path part and query parameter, a body setter when
 * the endpoint takes a body, nested enums for enum values, and the endpoint's descriptor (paths most specific
 * first, media types, required parameters) which the hand-written {@code ApiRequest} turns into a transport request.
 */
public final class RequestGenerator {

  /** Method names of {@code ApiRequest} and {@code Object} that a setter must not take. */
  static final Set<String> TAKEN = Set.of("pretty", "human", "errorTrace", "filterPath", "querySource",
    "queryParam", "body", "endpoint", "pathParts", "queryParams", "toTransportRequest", "withPart", "withParam",
    "withJsonBody", "withNdjsonBody", "getClass", "hashCode", "equals", "toString", "notify", "notifyAll", "wait",
    "clone", "finalize");

  /**
   * A setter target: a path part, a query parameter or both (a part that goes to the query string when the chosen
   * path does not use it).
   */
  record Member(String wire, String javaName, Spec.Field field, boolean part, boolean alsoParam, boolean required,
                Spec.Deprecation deprecated, String enumName) {
  }

  private final String apiPackage;
  private final String specVersion;

  /**
   * @param apiPackage the package of the hand-written API classes, e.g. {@code dev.vertx.elasticsearch.client.api}
   * @param specVersion the spec version, for the header comment
   */
  public RequestGenerator(String apiPackage, String specVersion) {
    this.apiPackage = apiPackage;
    this.specVersion = specVersion;
  }

  /** @return the package of an endpoint's request class, e.g. {@code ...api.indices}, {@code ...api.core} for root */
  public String packageOf(Spec.Endpoint e) {
    return apiPackage + "." + (e.namespace() == null ? "core" : Naming.packageName(e.namespace()));
  }

  /** @return the request class name, e.g. {@code IndicesCreateRequest}, {@code SearchRequest} */
  public static String className(Spec.Endpoint e) {
    return (e.namespace() == null ? "" : Naming.pascal(e.namespace())) + Naming.pascal(e.name()) + "Request";
  }

  /**
   * Orders the paths for selection: more parts first, spec order among equals. The first path whose parts are all
   * given is then the most specific one.
   *
   * @param paths the paths in spec order
   * @return the paths, most specific first
   */
  public static List<Spec.Path> selectionOrder(List<Spec.Path> paths) {
    List<Spec.Path> sorted = new ArrayList<>(paths);
    sorted.sort(Comparator.comparingInt((Spec.Path p) -> p.parts().size()).reversed()); // stable
    return sorted;
  }

  /**
   * A part is deprecated when the spec says so, or when every path that takes it is deprecated (then setting it
   * can only select a deprecated path).
   *
   * @return the deprecation, or {@code null}
   */
  static Spec.Deprecation partDeprecation(Spec.Endpoint e, String part) {
    Spec.Deprecation found = null;
    for (Spec.Path p : e.paths()) {
      Spec.Field f = p.parts().get(part);
      if (f == null) {
        continue;
      }
      if (f.deprecated() != null) {
        return f.deprecated();
      }
      if (p.deprecated() == null) {
        return null;
      }
      found = p.deprecated();
    }
    return found;
  }

  /**
   * @param e the endpoint
   * @param common the common parameters, which the base class already has
   * @return the setter targets: parts first (template order), then query parameters (spec order)
   * @throws IllegalStateException when two names map to the same Java name
   */
  public static List<Member> members(Spec.Endpoint e, Map<String, Spec.Field> common) {
    Map<String, Member> members = new LinkedHashMap<>();
    List<String> required = e.requiredParts();
    e.parts().forEach((name, f) -> members.put(name, new Member(name, javaName(name), f, true,
      e.params().containsKey(name), required.contains(name), partDeprecation(e, name), Naming.pascal(name))));
    e.params().forEach((name, f) -> {
      if (!members.containsKey(name) && !common.containsKey(name)) {
        members.put(name, new Member(name, javaName(name), f, false, false, f.required(), f.deprecated(),
          Naming.pascal(name)));
      }
    });
    Set<String> javaNames = new HashSet<>();
    Set<String> enumNames = new HashSet<>(Set.of(className(e)));
    for (Member m : members.values()) {
      if (!javaNames.add(m.javaName()) || (JavaTypes.hasEnum(m.field()) && !enumNames.add(m.enumName()))) {
        throw new IllegalStateException(e.id() + ": two parameters named " + m.javaName() + " in Java");
      }
    }
    return List.copyOf(members.values());
  }

  static String javaName(String wire) {
    String name = Naming.camel(wire);
    return TAKEN.contains(name) ? name + "Value" : name;
  }

  /**
   * @param e the endpoint
   * @param common the common parameters
   * @return the Java source of the request class
   */
  public String generate(Spec.Endpoint e, Map<String, Spec.Field> common) {
    String cls = className(e);
    List<Member> members = members(e, common);
    SourceBuilder s = new SourceBuilder();
    s.line("// Generated from the Elasticsearch REST API specification " + specVersion + " (" + e.id()
      + ".json). Do not edit.");
    s.line("package " + packageOf(e) + ";").blank();
    boolean lists = members.stream().anyMatch(m -> JavaTypes.setterTypes(m.field(), "E").contains("List<String>"));
    boolean enums = members.stream().anyMatch(m -> JavaTypes.hasEnum(m.field()));
    if (e.body() != null && e.body().ndjson()) {
      s.line("import io.vertx.core.buffer.Buffer;");
      s.line("import io.vertx.core.streams.ReadStream;");
    }
    if (enums) {
      s.line("import " + apiPackage + ".ApiEnum;");
    }
    s.line("import " + apiPackage + ".ApiRequest;");
    s.line("import " + apiPackage + ".Endpoint;");
    if (lists || (e.body() != null && e.body().ndjson())) {
      s.line("import java.util.List;");
    }
    s.blank();
    s.javadoc(classDoc(e));
    deprecated(s, e.deprecated());
    s.open("public final class " + cls + " extends ApiRequest<" + cls + "> {").blank();
    s.javadoc("The endpoint {@code " + e.id() + "}: its paths (most specific first), media types and required"
      + " parameters.");
    s.line("public static final Endpoint ENDPOINT = " + descriptor(e, members) + ";").blank();
    s.javadoc(e.requiredParts().isEmpty() ? "An empty request." : "An empty request: set "
      + e.requiredParts().stream().map(p -> "{@code " + p + "}").collect(Collectors.joining(", "))
      + " before sending it.");
    s.open("public " + cls + "() {").line("super(ENDPOINT);").close("}");
    for (Member m : members) {
      setters(s, cls, m);
    }
    if (e.body() != null) {
      body(s, cls, e.body());
    }
    for (Member m : members) {
      if (JavaTypes.hasEnum(m.field())) {
        enumType(s, m);
      }
    }
    s.close("}");
    return s.toString();
  }

  private static List<String> classDoc(Spec.Endpoint e) {
    List<String> doc = new ArrayList<>();
    String description = SourceBuilder.doc(e.description());
    doc.add("<b>" + (description.isEmpty() ? e.id() : description) + "</b> ({@code " + e.id() + "}).");
    doc.add("<p>");
    doc.add("Paths, the most specific one whose parts are all set is used:");
    doc.add("<ul>");
    for (Spec.Path p : e.paths()) {
      doc.add("<li>{@code " + String.join("|", p.methods()) + " " + p.path() + "}"
        + (p.deprecated() != null ? " (deprecated)" : "") + "</li>");
    }
    doc.add("</ul>");
    stability(doc, e);
    if (e.body() != null) {
      doc.add("<p>");
      doc.add((e.body().required() ? "Body (required" : "Body (optional") + (e.body().ndjson() ? ", NDJSON" : "")
        + "): " + SourceBuilder.doc(e.body().description()));
    }
    if (e.documentationUrl() != null) {
      doc.add("");
      doc.add("@see <a href=\"" + e.documentationUrl() + "\">Elasticsearch documentation</a>");
    }
    deprecatedTag(doc, e.deprecated());
    return doc;
  }

  static void stability(List<String> doc, Spec.Endpoint e) {
    if ("experimental".equals(e.stability())) {
      doc.add("<p>");
      doc.add("<b>Experimental:</b> this API may change or be removed in a future release.");
    } else if ("beta".equals(e.stability())) {
      doc.add("<p>");
      doc.add("<b>Beta:</b> this API is not yet generally available and may still change.");
    }
    if ("private".equals(e.visibility())) {
      doc.add("<p>");
      doc.add("<b>Internal:</b> meant for Elastic's own products, not for direct use.");
    } else if ("feature_flag".equals(e.visibility())) {
      doc.add("<p>");
      doc.add("<b>Feature flag:</b> only available when the node enables a feature flag.");
    }
  }

  static void deprecatedTag(List<String> doc, Spec.Deprecation d) {
    if (d != null) {
      doc.add("@deprecated " + (d.version() == null ? "" : "since " + d.version() + ": ")
        + SourceBuilder.doc(d.description()));
    }
  }

  static void deprecated(SourceBuilder s, Spec.Deprecation d) {
    if (d != null) {
      s.line("@Deprecated");
    }
  }

  /**
   * @param e an endpoint
   * @return its paths as the runtime {@code Endpoint} reads them, in selection order: methods, template, and
   *     {@value #IDEMPOTENT_MARK} when repeating a request on it cannot change the result
   */
  static List<String> pathSpecs(Spec.Endpoint e) {
    return selectionOrder(e.paths()).stream().map(p -> String.join(",", p.methods()) + " " + p.path()
      + (Idempotency.idempotent(e, p) ? " " + IDEMPOTENT_MARK : "")).toList();
  }

  /** Ends a path of the endpoint descriptor when repeating a request on it cannot change the result. */
  static final String IDEMPOTENT_MARK = "idempotent";

  private static String descriptor(Spec.Endpoint e, List<Member> members) {
    StringBuilder b = new StringBuilder("Endpoint.of(").append(SourceBuilder.literal(e.id()));
    for (String path : pathSpecs(e)) {
      b.append(",\n      ").append(SourceBuilder.literal(path));
    }
    b.append(")");
    if (e.body() != null) {
      String type = e.contentType().isEmpty() ? (e.body().ndjson() ? "application/x-ndjson" : "application/json")
        : e.contentType().get(0);
      b.append("\n      .withBody(").append(e.body().required()).append(", ").append(SourceBuilder.literal(type))
        .append(")");
    }
    if (!e.accept().isEmpty() && !e.accept().equals(List.of("application/json"))) {
      b.append("\n      .withAccept(").append(SourceBuilder.literal(String.join(", ", e.accept()))).append(")");
    }
    String requiredParams = members.stream().filter(m -> !m.part() && m.required())
      .map(m -> SourceBuilder.literal(m.wire())).collect(Collectors.joining(", "));
    if (!requiredParams.isEmpty()) {
      b.append("\n      .withRequiredParams(").append(requiredParams).append(")");
    }
    if (e.body() != null && !e.partsOnlyInDeprecatedPaths().isEmpty()) {
      // e.g. scroll_id: deprecated in the path (it outgrows the URL limit), sent in the body instead
      b.append("\n      .withPartsInBody(").append(e.partsOnlyInDeprecatedPaths().stream().map(SourceBuilder::literal)
        .collect(Collectors.joining(", "))).append(")");
    }
    String alsoParams = members.stream().filter(Member::alsoParam)
      .map(m -> SourceBuilder.literal(m.wire())).collect(Collectors.joining(", "));
    if (!alsoParams.isEmpty()) {
      b.append("\n      .withPartsAlsoParams(").append(alsoParams).append(")");
    }
    return b.toString();
  }

  private static void setters(SourceBuilder s, String cls, Member m) {
    List<String> doc = new ArrayList<>();
    String description = SourceBuilder.doc(m.field().description());
    doc.add(m.part() ? "Path part {@code " + m.wire() + "}" + (m.alsoParam() ? " (a query parameter when no path"
      + " takes it)" : "") + (m.required() ? ", required" : "") + "." : "Query parameter {@code " + m.wire() + "}"
      + (m.required() ? ", required" : "") + ".");
    if (!description.isEmpty()) {
      doc.add(description);
    }
    if (m.field().defaultValue() != null) {
      doc.add("Server default: {@code " + SourceBuilder.doc(m.field().defaultValue()) + "}.");
    }
    String helper = m.part() ? "withPart" : "withParam";
    List<String> types = JavaTypes.setterTypes(m.field(), m.enumName());
    for (String type : types) {
      List<String> setterDoc = new ArrayList<>();
      if (type.equals(types.get(0))) {
        setterDoc.addAll(doc);
        setterDoc.add("");
        setterDoc.add("@param " + m.javaName() + " the value" + (type.startsWith("List") ? "s, joined with commas"
          : "") + "; {@code null} unsets it");
        setterDoc.add("@return this request");
      } else {
        String first = types.get(0).replaceAll("<.*>", "").replace("...", "[]");
        boolean wire = type.equals("String") && JavaTypes.hasEnum(m.field());
        setterDoc.add("Sets {@code " + m.wire() + "} as {@link #" + m.javaName() + "(" + first + ")} does"
          + (wire ? ", from its wire value." : "."));
        setterDoc.add("");
        setterDoc.add("@param " + m.javaName() + " the value" + (wire ? " as sent" : type.endsWith("...")
          ? "s, joined with commas" : "") + "; {@code null} unsets it");
        setterDoc.add("@return this request");
      }
      deprecatedTag(setterDoc, m.deprecated());
      s.blank().javadoc(setterDoc);
      deprecated(s, m.deprecated());
      s.open("public " + cls + " " + m.javaName() + "(" + type + " " + m.javaName() + ") {")
        .line("return " + helper + "(" + SourceBuilder.literal(m.wire()) + ", " + m.javaName() + ");")
        .close("}");
    }
  }

  private static void body(SourceBuilder s, String cls, Spec.Body body) {
    String what = SourceBuilder.doc(body.description());
    if (body.ndjson()) {
      s.blank().javadoc("Sets the NDJSON body" + (body.required() ? " (required)" : "") + ": " + what, "",
        "@param lines the lines, each a {@code JsonObject}, a JSON {@code String} or an object Jackson can write;"
          + " each is written on one line", "@return this request");
      s.open("public " + cls + " body(List<?> lines) {").line("return withNdjsonBody(lines);").close("}");
      s.blank().javadoc("Sets the NDJSON body" + (body.required() ? " (required)" : "") + " as ready bytes.", "",
        "@param ndjson newline-delimited JSON, ending with a newline", "@return this request");
      s.open("public " + cls + " body(Buffer ndjson) {").line("return withNdjsonBody(ndjson);").close("}");
      s.blank().javadoc("Sets the NDJSON body" + (body.required() ? " (required)" : "") + " as a stream, sent as it"
          + " is read and never held whole: with back-pressure, counted against {@code maxRequestSize}, gzip-compressed"
          + " chunk by chunk with {@code compressRequests}. It is read once: a request with it is sent once, and not"
          + " retried after its first byte was read.", "",
        "@param ndjson newline-delimited JSON, ending with a newline; paused or not yet flowing",
        "@return this request");
      s.open("public " + cls + " body(ReadStream<Buffer> ndjson) {").line("return withNdjsonBody(ndjson);")
        .close("}");
    } else {
      s.blank().javadoc("Sets the body" + (body.required() ? " (required)" : "") + ": " + what, "",
        "@param body a {@code JsonObject}, a {@code Buffer}, a JSON {@code String} or any object Jackson can write;"
          + " {@code null} for none", "@return this request");
      s.open("public " + cls + " body(Object body) {").line("return withJsonBody(body);").close("}");
    }
  }

  private static void enumType(SourceBuilder s, Member m) {
    s.blank().javadoc("Values of {@code " + m.wire() + "}.");
    s.open("public enum " + m.enumName() + " implements ApiEnum {");
    Map<String, String> constants = JavaTypes.enumConstants(m.field().options());
    int i = 0;
    for (Map.Entry<String, String> c : constants.entrySet()) {
      s.javadoc("{@code " + SourceBuilder.doc(c.getKey()) + "}.");
      s.line(c.getValue() + "(" + SourceBuilder.literal(c.getKey()) + ")" + (++i == constants.size() ? ";" : ","));
    }
    s.blank().line("private final String value;").blank();
    s.open(m.enumName() + "(String value) {").line("this.value = value;").close("}").blank();
    s.line("@Override");
    s.open("public String value() {").line("return value;").close("}");
    s.close("}");
  }
}
