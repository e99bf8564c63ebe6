package dev.vertx.elasticsearch.generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates a reactive facade of the client's endpoint API from the same specification model as {@link ApiGenerator}:
 * an interface with the root endpoints and the namespace accessors, and a class per namespace, whose methods mirror
 * the core ones (same names, same request classes) and delegate to them in one line through a hand-written adapter
 * of the facade module ({@code MutinyCalls.uni} or {@code RxCalls.single}), which makes the call lazy and
 * cancellable.
 * <p>
 * Usage: {@code FacadeGenerator <mutiny|rxjava3> <output-dir> [<spec-version> [<spec-dir-or-jar>]]}; without a
 * location the {@code rest-api-spec} jar is read from the class path.
 */
public final class FacadeGenerator {

  /** The reactive library a facade is generated for. */
  public enum Flavour {
    /** SmallRye Mutiny: {@code Uni}, with the {@code ...AndAwait} and {@code ...AndForget} forms. */
    MUTINY("dev.vertx.elasticsearch.mutiny", "Mutiny", "io.smallrye.mutiny.Uni", "Uni", "MutinyCalls", "uni"),
    /** RxJava 3: {@code Single}. */
    RXJAVA3("dev.vertx.elasticsearch.rxjava3", "Rx", "io.reactivex.rxjava3.core.Single", "Single", "RxCalls",
      "single");

    private final String basePackage;
    private final String prefix;
    private final String asyncImport;
    private final String async;
    private final String adapter;
    private final String adapterMethod;

    Flavour(String basePackage, String prefix, String asyncImport, String async, String adapter,
            String adapterMethod) {
      this.basePackage = basePackage;
      this.prefix = prefix;
      this.asyncImport = asyncImport;
      this.async = async;
      this.adapter = adapter;
      this.adapterMethod = adapterMethod;
    }

    /** @return the package of the generated API, e.g. {@code dev.vertx.elasticsearch.mutiny.api} */
    public String apiPackage() {
      return basePackage + ".api";
    }

    /** @return the fully qualified name of the hand-written adapter the generated methods call */
    public String adapterClass() {
      return basePackage + ".impl." + adapter;
    }

    /** @return the generated root interface name, e.g. {@code MutinyElasticsearchApi} */
    public String rootInterface() {
      return prefix + "ElasticsearchApi";
    }

    /** @return the generated class of a namespace, e.g. {@code MutinyIndicesApi} */
    public String namespaceClass(String namespace) {
      return prefix + ApiGenerator.namespaceClass(namespace);
    }

    /** @return whether the {@code ...AndAwait} and {@code ...AndForget} forms are generated (Mutiny only) */
    boolean awaitAndForget() {
      return this == MUTINY;
    }
  }

  private static final String CORE_CLIENT = "dev.vertx.elasticsearch.client.ElasticsearchClient";

  private final Flavour flavour;
  private final String specVersion;
  private final RequestGenerator requests;

  /**
   * @param flavour the reactive library
   * @param specVersion the version of the spec, written into the header comments
   */
  public FacadeGenerator(Flavour flavour, String specVersion) {
    this.flavour = flavour;
    this.specVersion = specVersion;
    this.requests = new RequestGenerator(ApiGenerator.API_PACKAGE, specVersion);
  }

  /**
   * Runs the generator.
   *
   * @param args the flavour, the output directory, then optionally the spec version and a spec directory or jar
   * @throws IOException when the spec cannot be read or the sources cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException(
        "Usage: FacadeGenerator <mutiny|rxjava3> <output-dir> [<spec-version> [<spec-dir-or-jar>]]");
    }
    long start = System.nanoTime();
    Flavour flavour = Flavour.valueOf(args[0].toUpperCase(Locale.ROOT));
    Path out = Path.of(args[1]);
    String version = args.length > 2 ? args[2] : "(unknown version)";
    Spec spec = SpecReader.read(args.length > 3 ? Path.of(args[3]) : null);
    Map<String, String> files = new FacadeGenerator(flavour, version).generate(spec);
    int written = ApiGenerator.write(out, files);
    System.out.printf("[api-generator] %s facade of %d endpoints from rest-api-spec %s: %d files, %d changed,"
      + " in %d ms -> %s%n", flavour.name().toLowerCase(Locale.ROOT), spec.endpoints().size(), version, files.size(),
      written, (System.nanoTime() - start) / 1_000_000, out);
  }

  /**
   * @param spec the specification
   * @return the Java sources by path relative to the source root
   */
  public Map<String, String> generate(Spec spec) {
    Map<String, String> files = new TreeMap<>();
    Map<String, List<Spec.Endpoint>> byNamespace = new TreeMap<>();
    List<Spec.Endpoint> root = new ArrayList<>();
    for (Spec.Endpoint e : spec.endpoints()) {
      if (e.namespace() == null) {
        root.add(e);
      } else {
        byNamespace.computeIfAbsent(e.namespace(), n -> new ArrayList<>()).add(e);
      }
    }
    byNamespace.forEach((ns, endpoints) -> files.put(file(flavour.namespaceClass(ns)), namespace(ns, endpoints)));
    files.put(file(flavour.rootInterface()), rootInterface(root, byNamespace.keySet()));
    return files;
  }

  private String file(String cls) {
    return flavour.apiPackage().replace('.', '/') + "/" + cls + ".java";
  }

  private void header(SourceBuilder s, List<Spec.Endpoint> endpoints, Set<String> extraImports) {
    s.line("// Generated from the Elasticsearch REST API specification " + specVersion + ". Do not edit.");
    s.line("package " + flavour.apiPackage() + ";").blank();
    Set<String> imports = new TreeSet<>(extraImports);
    imports.addAll(List.of(CORE_CLIENT, ApiGenerator.API_PACKAGE + ".ElasticsearchResponse",
      flavour.adapterClass(), flavour.asyncImport));
    endpoints.forEach(e -> imports.add(requests.packageOf(e) + "." + RequestGenerator.className(e)));
    imports.forEach(i -> s.line("import " + i + ";"));
    s.blank().line("import java.util.function.Consumer;").blank();
  }

  private String lazyNote() {
    return "Every method is lazy: the request is sent on each subscription, from the subscriber's thread, and the "
      + "result is delivered on the subscriber's Vert.x context (as the core futures are); cancelling the "
      + "subscription aborts the request in flight.";
  }

  private String namespace(String ns, List<Spec.Endpoint> endpoints) {
    String cls = flavour.namespaceClass(ns);
    SourceBuilder s = new SourceBuilder();
    header(s, endpoints, Set.of("java.util.Objects"));
    s.javadoc("The {@code " + ns + "} APIs as {@code " + flavour.async + "}s: " + endpoints.size()
      + " endpoints, mirroring {@code client." + ApiGenerator.accessorName(ns) + "()} of the core client.", "<p>",
      lazyNote());
    s.open("public final class " + cls + " {").blank();
    ApiGenerator.clientConstructor(s, cls, "ElasticsearchClient", "client", "the core client the calls delegate to");
    for (Spec.Endpoint e : endpoints) {
      methods(s, e, "public ", "client", "c." + ApiGenerator.accessorName(ns) + "()");
    }
    s.close("}");
    return s.toString();
  }

  private String rootInterface(List<Spec.Endpoint> root, Set<String> namespaces) {
    SourceBuilder s = new SourceBuilder();
    header(s, root, Set.of());
    s.javadoc("Every Elasticsearch REST endpoint as {@code " + flavour.async + "}s: the " + root.size()
        + " root endpoints as methods and the " + namespaces.size() + " namespaces as accessors, mirroring the core"
        + " client's {@code ElasticsearchApi} (same names, same request classes). Generated from the REST API"
        + " specification " + specVersion + ".", "<p>", lazyNote(), "<p>",
      "A request with a missing required path part, parameter or body fails with an"
        + " {@code IllegalArgumentException} before anything is sent; error statuses fail with the core client's"
        + " {@code ApiException}s.");
    s.open("public interface " + flavour.rootInterface() + " {").blank();
    s.javadoc("@return the core client every call delegates to");
    s.line("ElasticsearchClient getDelegate();");
    for (String ns : namespaces) {
      s.blank().javadoc("@return the {@code " + ns + "} APIs");
      s.open("default " + flavour.namespaceClass(ns) + " " + ApiGenerator.accessorName(ns) + "() {")
        .line("return new " + flavour.namespaceClass(ns) + "(getDelegate());").close("}");
    }
    for (Spec.Endpoint e : root) {
      methods(s, e, "default ", "getDelegate()", "c");
    }
    s.close("}");
    return s.toString();
  }

  /**
   * Writes the methods of one endpoint, for the request object and for the lambda.
   *
   * @param client the expression of the core client
   * @param target the expression, on the core client {@code c}, that has the core method
   */
  private void methods(SourceBuilder s, Spec.Endpoint e, String modifier, String client, String target) {
    String request = RequestGenerator.className(e);
    String name = ApiGenerator.methodName(e);
    String value = e.isHead() ? "Boolean" : "ElasticsearchResponse";
    String type = flavour.async + "<" + value + ">";
    String description = SourceBuilder.doc(e.description());
    String summary = (description.isEmpty() ? e.id() : description) + " ({@code " + e.id() + "}).";
    String result = e.isHead() ? "{@code true} for a 2xx status, {@code false} for 404" : "the response";
    for (String param : List.of(request, "Consumer<" + request + ">")) {
      boolean lambda = param.startsWith("Consumer");
      List<String> doc = new ArrayList<>();
      if (lambda) {
        doc.add("{@link #" + name + "(" + request + ")} with the request built in a lambda.");
      } else {
        doc.add(summary);
        RequestGenerator.stability(doc, e);
      }
      doc.add("");
      doc.add(lambda ? "@param request fills a new request, on each subscription" : "@param request the request");
      doc.add("@return a lazy {@code " + flavour.async + "} of " + result + "; fails as the core method does");
      if (e.documentationUrl() != null && !lambda) {
        doc.add("@see <a href=\"" + e.documentationUrl() + "\">Elasticsearch documentation</a>");
      }
      RequestGenerator.deprecatedTag(doc, e.deprecated());
      s.blank().javadoc(doc);
      RequestGenerator.deprecated(s, e.deprecated());
      String adapter = flavour.adapter + "." + flavour.adapterMethod;
      s.open(modifier + type + " " + name + "(" + param + " request) {")
        .line("return " + adapter + "(" + client + ", c -> " + target + "." + name + "(request));").close("}");
      if (!flavour.awaitAndForget()) {
        continue;
      }
      List<String> await = new ArrayList<>();
      await.add("Blocking form of {@link #" + name + "(" + param + ")}: waits for " + result + ".");
      await.add("<p>");
      await.add("On a Vert.x virtual thread it suspends as Vert.x's {@code Future.await()} does, so the answer can"
        + " still be delivered on that context; off Vert.x it blocks. On an event-loop or worker thread it fails at"
        + " once, before sending, with an {@code IllegalStateException}: the answer is delivered on the caller's"
        + " context, so waiting there would deadlock.");
      await.add("");
      await.add("@param request " + (lambda ? "fills a new request" : "the request"));
      await.add("@return " + result);
      RequestGenerator.deprecatedTag(await, e.deprecated());
      s.blank().javadoc(await);
      RequestGenerator.deprecated(s, e.deprecated());
      s.open(modifier + value + " " + name + "AndAwait(" + param + " request) {")
        .line("return " + flavour.adapter + ".await(" + name + "(request));").close("}");
      List<String> forget = new ArrayList<>();
      forget.add("Fire-and-forget form of {@link #" + name + "(" + param + ")}: sends the request and ignores the"
        + " result and any failure.");
      forget.add("");
      forget.add("@param request " + (lambda ? "fills a new request" : "the request"));
      RequestGenerator.deprecatedTag(forget, e.deprecated());
      s.blank().javadoc(forget);
      RequestGenerator.deprecated(s, e.deprecated());
      s.open(modifier + "void " + name + "AndForget(" + param + " request) {")
        .line(flavour.adapter + ".forget(" + name + "(request));").close("}");
    }
  }
}
