package dev.vertx.elasticsearch.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates the client's endpoint API from the REST API specification: a request class per endpoint, a class per
 * namespace ({@code IndicesApi} for {@code client.indices()}) and the {@code ElasticsearchApi} interface with the
 * root endpoints and the namespace accessors, which {@code ElasticsearchClient} extends.
 * <p>
 * The generated code knows the hand-written API package ({@code client.api}: {@code ApiRequest}, the
 * {@code ApiSender} seam, {@code ElasticsearchResponse}) and nothing above it, so the packages stay acyclic:
 * request and namespace classes ({@code client.api.core}, {@code client.api.indices}...) depend on {@code client.api}
 * only and send through an {@code ApiSender}; the root interface is generated one level up, in
 * {@code dev.vertx.elasticsearch.client}, next to the client that extends it.
 * <p>
 * Usage: {@code ApiGenerator <output-dir> [<spec-version> [<spec-dir-or-jar>]]}; without a location the
 * {@code rest-api-spec} jar is read from the class path. Files are only rewritten when their content changes, and
 * files the generator no longer produces are deleted, so incremental compilation stays effective.
 */
public final class ApiGenerator {

  /** Package of the hand-written API support classes and of the generated API. */
  public static final String API_PACKAGE = "dev.vertx.elasticsearch.client.api";
  /** Package of the generated root interface {@code ElasticsearchApi}: the client's, above {@link #API_PACKAGE}. */
  public static final String ROOT_PACKAGE = "dev.vertx.elasticsearch.client";
  private static final String RUNTIME = API_PACKAGE + ".ApiCalls";
  private static final String SENDER = API_PACKAGE + ".ApiSender";
  private static final String RESPONSE = API_PACKAGE + ".ElasticsearchResponse";

  private final String specVersion;
  private final RequestGenerator requests;

  /** @param specVersion the version of the spec, written into the header comments */
  public ApiGenerator(String specVersion) {
    this.specVersion = specVersion;
    this.requests = new RequestGenerator(API_PACKAGE, specVersion);
  }

  /**
   * Runs the generator.
   *
   * @param args output directory, then optionally the spec version and a spec directory or jar
   * @throws IOException when the spec cannot be read or the sources cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("Usage: ApiGenerator <output-dir> [<spec-version> [<spec-dir-or-jar>]]");
    }
    long start = System.nanoTime();
    Path out = Path.of(args[0]);
    String version = args.length > 1 ? args[1] : "(unknown version)";
    Spec spec = SpecReader.read(args.length > 2 ? Path.of(args[2]) : null);
    Map<String, String> files = new ApiGenerator(version).generate(spec);
    int written = write(out, files);
    long namespaces = spec.endpoints().stream().map(Spec.Endpoint::namespace).filter(n -> n != null).distinct().count();
    System.out.printf("[api-generator] %d endpoints in %d namespaces from rest-api-spec %s: %d files, %d changed,"
      + " in %d ms -> %s%n", spec.endpoints().size(), namespaces, version, files.size(), written,
      (System.nanoTime() - start) / 1_000_000, out);
  }

  /**
   * @param spec the specification
   * @return the Java sources by path relative to the source root, e.g. {@code dev/vertx/.../SearchRequest.java}
   */
  public Map<String, String> generate(Spec spec) {
    Map<String, String> files = new TreeMap<>();
    Map<String, List<Spec.Endpoint>> byNamespace = new TreeMap<>();
    List<Spec.Endpoint> root = new ArrayList<>();
    for (Spec.Endpoint e : spec.endpoints()) {
      files.put(file(requests.packageOf(e), RequestGenerator.className(e)), requests.generate(e, spec.commonParams()));
      if (e.namespace() == null) {
        root.add(e);
      } else {
        byNamespace.computeIfAbsent(e.namespace(), n -> new ArrayList<>()).add(e);
      }
    }
    byNamespace.forEach((ns, endpoints) ->
      files.put(file(API_PACKAGE + "." + Naming.packageName(ns), namespaceClass(ns)), namespace(ns, endpoints)));
    files.put(file(ROOT_PACKAGE, "ElasticsearchApi"), rootInterface(root, byNamespace.keySet()));
    files.put(API_PACKAGE.replace('.', '/') + "/" + CATALOG, catalog(spec));
    return files;
  }

  /**
   * The endpoint catalog resource: one line per endpoint, its id and its path specs separated by tabs, read by the
   * client to recognise the endpoint of a request sent with {@code perform(method, path, ...)}.
   */
  public static final String CATALOG = "endpoints.tsv";

  private String catalog(Spec spec) {
    StringBuilder out = new StringBuilder("# Generated from the Elasticsearch REST API specification ")
      .append(specVersion).append(". Do not edit. id<TAB>path spec<TAB>...\n");
    for (Spec.Endpoint e : spec.endpoints()) {
      out.append(e.id());
      RequestGenerator.pathSpecs(e).forEach(p -> out.append('\t').append(p));
      out.append('\n');
    }
    return out.toString();
  }

  /** @return the namespace class name, e.g. {@code IndicesApi} */
  public static String namespaceClass(String namespace) {
    return Naming.pascal(namespace) + "Api";
  }

  /** @return the Java method name of an endpoint, e.g. {@code closeJob} for {@code ml.close_job} */
  public static String methodName(Spec.Endpoint e) {
    return Naming.camel(e.name());
  }

  /** @return the namespace accessor name, e.g. {@code searchApplication} for {@code search_application} */
  public static String accessorName(String namespace) {
    return Naming.camel(namespace);
  }

  private static String file(String pkg, String cls) {
    return pkg.replace('.', '/') + "/" + cls + ".java";
  }

  private String header() {
    return "// Generated from the Elasticsearch REST API specification " + specVersion + ". Do not edit.";
  }

  private String namespace(String ns, List<Spec.Endpoint> endpoints) {
    String cls = namespaceClass(ns);
    SourceBuilder s = new SourceBuilder();
    s.line(header()).line("package " + API_PACKAGE + "." + Naming.packageName(ns) + ";").blank();
    s.line("import " + RUNTIME + ";");
    s.line("import " + SENDER + ";");
    s.line("import " + RESPONSE + ";");
    s.line("import io.vertx.core.Future;").blank();
    s.line("import java.util.Objects;");
    s.line("import java.util.function.Consumer;").blank();
    s.javadoc("The {@code " + ns + "} APIs: " + endpoints.size() + " endpoints. Get it with {@code client."
      + accessorName(ns) + "()}.");
    s.open("public final class " + cls + " {").blank();
    clientConstructor(s, cls, "ApiSender", "sender", "what the requests are sent with (the client)");
    for (Spec.Endpoint e : endpoints) {
      method(s, e, "public ", "sender");
    }
    s.close("}");
    return s.toString();
  }

  /**
   * Writes the {@code client} field of a namespace class and the constructor that sets it (not null).
   *
   * @param s where to write
   * @param cls the class name
   * @param clientType the type of the client
   * @param what the Javadoc of the constructor's parameter
   */
  static void clientConstructor(SourceBuilder s, String cls, String clientType, String field, String what) {
    s.line("private final " + clientType + " " + field + ";").blank();
    s.javadoc("@param " + field + " " + what);
    s.open("public " + cls + "(" + clientType + " " + field + ") {")
      .line("this." + field + " = Objects.requireNonNull(" + field + ", \"" + field + "\");").close("}");
  }

  private String rootInterface(List<Spec.Endpoint> root, Set<String> namespaces) {
    SourceBuilder s = new SourceBuilder();
    s.line(header()).line("package " + ROOT_PACKAGE + ";").blank();
    Set<String> imports = new TreeSet<>(List.of(RESPONSE, SENDER, RUNTIME, "io.vertx.core.Future"));
    root.forEach(e -> imports.add(requests.packageOf(e) + "." + RequestGenerator.className(e)));
    namespaces.forEach(ns -> imports.add(API_PACKAGE + "." + Naming.packageName(ns) + "." + namespaceClass(ns)));
    imports.forEach(i -> s.line("import " + i + ";"));
    s.blank().line("import java.util.function.Consumer;").blank();
    s.javadoc("Every Elasticsearch REST endpoint: the " + root.size() + " root endpoints as methods and the "
      + namespaces.size() + " namespaces as accessors, e.g. {@code client.search(request)} and"
      + " {@code client.indices().create(request)}. Generated from the REST API specification " + specVersion + ".",
      "<p>", "A request with a missing required path part, parameter or body fails the returned future with an"
        + " {@code IllegalArgumentException} before anything is sent.",
      "<p>", "Every method sends through {@link ApiSender#send}, the one method an implementation provides; the"
        + " namespace classes are handed that seam, never the client.");
    s.open("public interface ElasticsearchApi extends ApiSender {");
    for (String ns : namespaces) {
      s.blank().javadoc("@return the {@code " + ns + "} APIs");
      s.open("default " + namespaceClass(ns) + " " + accessorName(ns) + "() {")
        .line("return new " + namespaceClass(ns) + "(this);").close("}");
    }
    for (Spec.Endpoint e : root) {
      method(s, e, "default ", "this");
    }
    s.close("}");
    return s.toString();
  }

  private void method(SourceBuilder s, Spec.Endpoint e, String modifier, String client) {
    String request = RequestGenerator.className(e);
    List<String> doc = new ArrayList<>();
    String description = SourceBuilder.doc(e.description());
    doc.add((description.isEmpty() ? e.id() : description) + " ({@code " + e.id() + "}).");
    doc.add("<p>");
    doc.add(e.paths().stream().map(p -> "{@code " + String.join("|", p.methods()) + " " + p.path() + "}")
      .collect(Collectors.joining(", ")));
    List<String> required = new ArrayList<>(e.requiredParts());
    if (!required.isEmpty()) {
      doc.add("<p>");
      doc.add("Required path parts: " + required.stream().map(p -> "{@code " + p + "}")
        .collect(Collectors.joining(", ")) + ".");
    }
    RequestGenerator.stability(doc, e);
    doc.add("");
    doc.add("@param request the request");
    doc.add(e.isHead() ? "@return {@code true} for a 2xx status, {@code false} for 404"
      : "@return the response" + (acceptsText(e) ? " (text unless {@code format=json}: see"
      + " {@code bodyAsString()} and {@code bodyAsJsonArray()})" : ""));
    if (e.documentationUrl() != null) {
      doc.add("@see <a href=\"" + e.documentationUrl() + "\">Elasticsearch documentation</a>");
    }
    RequestGenerator.deprecatedTag(doc, e.deprecated());
    s.blank().javadoc(doc);
    RequestGenerator.deprecated(s, e.deprecated());
    String type = e.isHead() ? "Future<Boolean>" : "Future<ElasticsearchResponse>";
    String call = e.isHead() ? "exists" : "send";
    s.open(modifier + type + " " + methodName(e) + "(" + request + " request) {")
      .line("return ApiCalls." + call + "(" + client + ", request);").close("}");
    List<String> lambda = new ArrayList<>();
    lambda.add("{@link #" + methodName(e) + "(" + request + ")} with the request built in a lambda, e.g. {@code "
      + methodName(e) + "(r -> r" + exampleSetters(e) + ")}.");
    lambda.add("");
    lambda.add("@param request fills a new request");
    lambda.add("@return as {@link #" + methodName(e) + "(" + request + ")}");
    RequestGenerator.deprecatedTag(lambda, e.deprecated());
    s.blank().javadoc(lambda);
    RequestGenerator.deprecated(s, e.deprecated());
    s.open(modifier + type + " " + methodName(e) + "(Consumer<" + request + "> request) {")
      .line("return ApiCalls." + call + "(" + client + ", " + request + "::new, request);").close("}");
  }

  /** @return setters of the required parts for a Javadoc example, e.g. {@code .index("...").id("...")} */
  private static String exampleSetters(Spec.Endpoint e) {
    StringBuilder b = new StringBuilder();
    for (String part : e.requiredParts()) {
      b.append('.').append(RequestGenerator.javaName(part)).append("(\"...\")");
    }
    return b.toString();
  }

  private static boolean acceptsText(Spec.Endpoint e) {
    return e.accept().contains("text/plain");
  }

  /**
   * Writes the files whose content changed and deletes the {@code .java} files the generator no longer produces.
   *
   * @return the number of files written
   */
  static int write(Path out, Map<String, String> files) throws IOException {
    int written = 0;
    Set<Path> expected = new TreeSet<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path target = out.resolve(f.getKey());
      expected.add(target.toAbsolutePath().normalize());
      byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
      if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
        continue;
      }
      Files.createDirectories(target.getParent());
      Files.write(target, bytes);
      written++;
    }
    if (Files.isDirectory(out)) {
      List<Path> stale;
      try (Stream<Path> walk = Files.walk(out)) {
        stale = walk.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !expected.contains(p.toAbsolutePath().normalize())).toList();
      }
      for (Path p : stale) {
        Files.delete(p);
      }
    }
    return written;
  }
}
