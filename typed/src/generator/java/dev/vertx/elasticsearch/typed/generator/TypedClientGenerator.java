package dev.vertx.elasticsearch.typed.generator;

import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Build-time generator of the Vert.x facade of elasticsearch-java: reads {@code ElasticsearchAsyncClient} and its
 * namespace clients by reflection and writes {@code TypedElasticsearchClient} and one {@code Typed<Namespace>Client}
 * per namespace, with the same methods (request objects and builder lambdas alike) returning a Vert.x
 * {@code Future} completed on the caller's context instead of a {@code CompletableFuture}.
 * <p>
 * Run by the java launcher as a single source file: {@code java -cp <elasticsearch-java...> TypedClientGenerator.java
 * <output dir>}. Nothing it writes is committed.
 */
public final class TypedClientGenerator {

  static final String ROOT_CLIENT = "co.elastic.clients.elasticsearch.ElasticsearchAsyncClient";
  static final String API_CLIENT = "co.elastic.clients.ApiClient";
  static final String PACKAGE = "dev.vertx.elasticsearch.typed";
  static final String API_PACKAGE = PACKAGE + ".api";
  static final String ROOT_NAME = "TypedElasticsearchClient";
  static final String TRANSPORT_OPTIONS = "co.elastic.clients.transport.TransportOptions";

  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
    "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
    "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
    "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
    "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true",
    "false", "null", "var", "record", "yield");

  private TypedClientGenerator() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("Usage: TypedClientGenerator <output directory>");
    }
    Path out = Path.of(args[0]);
    Map<String, String> files = generate(loadClass(ROOT_CLIENT));
    deleteRecursively(out);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = out.resolve(file.getKey().replace('.', '/') + ".java");
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    System.out.println("Generated " + files.size() + " typed client classes into " + out);
  }

  private static Class<?> loadClass(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("elasticsearch-java is not on the generator's classpath: " + name, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  /**
   * @param root {@code ElasticsearchAsyncClient}
   * @return the source of every facade class by fully qualified name, the root first
   */
  static Map<String, String> generate(Class<?> root) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(PACKAGE + "." + ROOT_NAME, new Facade(root, PACKAGE, ROOT_NAME, true).source());
    for (Class<?> namespace : namespaces(root).values()) {
      String name = facadeName(namespace);
      if (files.put(API_PACKAGE + "." + name, new Facade(namespace, API_PACKAGE, name, false).source()) != null) {
        throw new IllegalStateException("Two namespace clients map to " + name);
      }
    }
    return files;
  }

  /** @return the namespace clients of a client by accessor name, sorted */
  static Map<String, Class<?>> namespaces(Class<?> client) {
    Map<String, Class<?>> namespaces = new LinkedHashMap<>();
    for (Method m : sortedMethods(client)) {
      if (isNamespaceAccessor(client, m)) {
        namespaces.put(m.getName(), m.getReturnType());
      }
    }
    return namespaces;
  }

  /** @return the facade's simple name: {@code ElasticsearchIndicesAsyncClient} gives {@code TypedIndicesClient} */
  static String facadeName(Class<?> namespaceClient) {
    String name = namespaceClient.getSimpleName();
    if (name.startsWith("Elasticsearch")) {
      name = name.substring("Elasticsearch".length());
    }
    if (name.endsWith("AsyncClient")) {
      name = name.substring(0, name.length() - "AsyncClient".length());
    }
    return "Typed" + name + "Client";
  }

  /** @return the public instance methods of the client, bridges and {@code Object}'s left out, in a stable order */
  static List<Method> sortedMethods(Class<?> client) {
    return Arrays.stream(client.getMethods())
      .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic()
        && m.getDeclaringClass() != Object.class)
      .sorted(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())))
      .collect(Collectors.toList());
  }

  static boolean isApiClient(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(API_CLIENT)) {
        return true;
      }
    }
    return false;
  }

  static boolean isNamespaceAccessor(Class<?> client, Method m) {
    return m.getParameterCount() == 0 && isApiClient(m.getReturnType()) && m.getReturnType() != client
      && !m.getName().startsWith("_");
  }

  /** @return whether the method is an API call: it returns a {@code CompletableFuture} */
  static boolean isCall(Method m) {
    return m.getReturnType() == CompletableFuture.class;
  }

  /**
   * @param type the parameter's type
   * @param typeParameters the method's type parameters
   * @param taken names already used by the method, updated
   * @return a parameter name made from its type: {@code request}, {@code fn}, {@code tDocumentClass}...
   */
  static String parameterName(Type type, TypeVariable<?>[] typeParameters, Set<String> taken) {
    String base;
    if (type instanceof ParameterizedType && ((ParameterizedType) type).getRawType() == Class.class
      && ((ParameterizedType) type).getActualTypeArguments()[0] instanceof TypeVariable) {
      base = decapitalize(((TypeVariable<?>) ((ParameterizedType) type).getActualTypeArguments()[0]).getName())
        + "Class";
    } else {
      Class<?> raw = rawClass(type);
      if (raw == java.util.function.Function.class) {
        base = "fn";
      } else if (raw == Type.class && typeParameters.length == 1) {
        base = decapitalize(typeParameters[0].getName()) + "Type";
      } else if (raw.getSimpleName().endsWith("Request")) {
        base = "request";
      } else {
        base = decapitalize(raw.getSimpleName().replace("[]", "s"));
      }
    }
    if (KEYWORDS.contains(base)) {
      base = base + "Value";
    }
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + i;
    }
    return name;
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class) {
      return (Class<?>) type;
    } else if (type instanceof ParameterizedType) {
      return (Class<?>) ((ParameterizedType) type).getRawType();
    } else if (type instanceof GenericArrayType) {
      return java.lang.reflect.Array.newInstance(rawClass(((GenericArrayType) type).getGenericComponentType()), 0)
        .getClass();
    }
    return Object.class;
  }

  private static String decapitalize(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** Java source text with imports: a class is imported when its simple name is unambiguous, else fully named. */
  static final class Names {
    private final String ownPackage;
    private final Set<String> reserved;
    private final Set<Class<?>> used = new HashSet<>();
    private Map<Class<?>, Boolean> imported;

    Names(String ownPackage, Set<String> reserved) {
      this.ownPackage = ownPackage;
      this.reserved = reserved;
    }

    /** First pass: records the top-level classes a type mentions. */
    void use(Type type) {
      if (type instanceof Class) {
        Class<?> c = (Class<?>) type;
        while (c.isArray()) {
          c = c.getComponentType();
        }
        if (!c.isPrimitive()) {
          used.add(topLevel(c));
        }
      } else if (type instanceof ParameterizedType) {
        use(((ParameterizedType) type).getRawType());
        for (Type arg : ((ParameterizedType) type).getActualTypeArguments()) {
          use(arg);
        }
      } else if (type instanceof WildcardType) {
        Arrays.stream(((WildcardType) type).getUpperBounds()).forEach(this::use);
        Arrays.stream(((WildcardType) type).getLowerBounds()).forEach(this::use);
      } else if (type instanceof GenericArrayType) {
        use(((GenericArrayType) type).getGenericComponentType());
      } else if (type instanceof TypeVariable) {
        for (Type bound : ((TypeVariable<?>) type).getBounds()) {
          if (bound != Object.class) {
            use(bound);
          }
        }
      }
    }

    private static Class<?> topLevel(Class<?> c) {
      while (c.getEnclosingClass() != null) {
        c = c.getEnclosingClass();
      }
      return c;
    }

    private void decide() {
      if (imported != null) {
        return;
      }
      Map<String, Long> counts = used.stream().collect(Collectors.groupingBy(Class::getSimpleName,
        Collectors.counting()));
      imported = new HashMap<>();
      for (Class<?> c : used) {
        imported.put(c, counts.get(c.getSimpleName()) == 1 && !reserved.contains(c.getSimpleName()));
      }
    }

    /** @return the import lines, sorted */
    List<String> imports() {
      decide();
      Set<String> lines = new TreeSet<>();
      imported.forEach((c, yes) -> {
        if (yes && !c.getPackageName().equals("java.lang") && !c.getPackageName().equals(ownPackage)) {
          lines.add("import " + c.getName() + ";");
        }
      });
      return new ArrayList<>(lines);
    }

    /** Second pass: the type as source text. */
    String render(Type type) {
      decide();
      if (type instanceof Class) {
        Class<?> c = (Class<?>) type;
        if (c.isArray()) {
          return render(c.getComponentType()) + "[]";
        }
        if (c.isPrimitive()) {
          return c.getName();
        }
        Class<?> top = topLevel(c);
        String prefix = Boolean.TRUE.equals(imported.get(top)) ? top.getSimpleName() : top.getCanonicalName();
        return prefix + c.getCanonicalName().substring(top.getCanonicalName().length());
      } else if (type instanceof ParameterizedType) {
        ParameterizedType p = (ParameterizedType) type;
        return render(p.getRawType()) + Arrays.stream(p.getActualTypeArguments()).map(this::render)
          .collect(Collectors.joining(", ", "<", ">"));
      } else if (type instanceof WildcardType) {
        WildcardType w = (WildcardType) type;
        if (w.getLowerBounds().length > 0) {
          return "? super " + render(w.getLowerBounds()[0]);
        }
        Type upper = w.getUpperBounds()[0];
        return upper == Object.class ? "?" : "? extends " + render(upper);
      } else if (type instanceof GenericArrayType) {
        return render(((GenericArrayType) type).getGenericComponentType()) + "[]";
      } else if (type instanceof TypeVariable) {
        return ((TypeVariable<?>) type).getName();
      }
      throw new IllegalArgumentException("Unsupported type " + type);
    }

    /** @return a method's type parameters, e.g. {@code <TDocument> }, or an empty string */
    String typeParameters(Method m) {
      if (m.getTypeParameters().length == 0) {
        return "";
      }
      return Arrays.stream(m.getTypeParameters()).map(v -> {
        List<Type> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).collect(Collectors.toList());
        return bounds.isEmpty() ? v.getName() : v.getName() + " extends "
          + bounds.stream().map(this::render).collect(Collectors.joining(" & "));
      }).collect(Collectors.joining(", ", "<", "> "));
    }

    /** @return the erased parameter list for a Javadoc link, e.g. {@code (SearchRequest, Class)} */
    String linkParameters(Method m) {
      return Arrays.stream(m.getParameterTypes()).map(this::render).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /** The source of one facade class. */
  static final class Facade {
    private final Class<?> client;
    private final String pkg;
    private final String name;
    private final boolean root;
    private final Names names;
    private final List<Method> calls = new ArrayList<>();
    private final Map<String, Class<?>> namespaces;
    private final StringBuilder out = new StringBuilder();
    private final Class<?> transportOptions;

    Facade(Class<?> client, String pkg, String name, boolean root) {
      this.client = client;
      this.pkg = pkg;
      this.name = name;
      this.root = root;
      this.namespaces = root ? namespaces(client) : Map.of();
      this.transportOptions = loadClass(TRANSPORT_OPTIONS);
      Set<String> reserved = new HashSet<>(Set.of("Future", "Vertx", "TypedCalls", name));
      namespaces.values().forEach(ns -> reserved.add(facadeName(ns)));
      this.names = new Names(pkg, reserved);
      for (Method m : sortedMethods(client)) {
        if (isCall(m)) {
          if (m.getExceptionTypes().length > 0) {
            throw new IllegalStateException("An async call declares checked exceptions: " + m);
          }
          calls.add(m);
          names.use(((ParameterizedType) m.getGenericReturnType()).getActualTypeArguments()[0]);
          Arrays.stream(m.getGenericParameterTypes()).forEach(names::use);
          Arrays.stream(m.getTypeParameters()).forEach(names::use);
        }
      }
      names.use(client);
      names.use(java.util.function.Function.class);
      names.use(transportOptions);
      namespaces.values().forEach(names::use);
    }

    private void line(int indent, String text) {
      if (!text.isEmpty()) {
        out.append("  ".repeat(indent)).append(text);
      }
      out.append('\n');
    }

    String source() {
      line(0, "package " + pkg + ";");
      line(0, "");
      List<String> imports = new ArrayList<>(names.imports());
      imports.add("import dev.vertx.elasticsearch.typed.impl.TypedCalls;");
      imports.add("import io.vertx.core.Future;");
      imports.add("import io.vertx.core.Vertx;");
      if (root) {
        imports.add("import dev.vertx.elasticsearch.client.ElasticsearchClient;");
        namespaces.values().forEach(ns -> imports.add("import " + API_PACKAGE + "." + facadeName(ns) + ";"));
      }
      new TreeSet<>(imports).forEach(i -> line(0, i));
      line(0, "");
      String async = names.render(client);
      if (root) {
        line(0, "/**");
        line(0, " * elasticsearch-java's typed API on the Vert.x client, returning Vert.x {@link Future}s completed on the");
        line(0, " * caller's context: the methods of {@link " + async + "}, with the same request objects,");
        line(0, " * builder lambdas, Query DSL and typed responses. Errors: elasticsearch-java's {@code ElasticsearchException}");
        line(0, " * for error answers, the Vert.x client's {@code TransportException}s when no answer came.");
        line(0, " * <p>");
        line(0, " * Generated at build time from elasticsearch-java by {@code TypedClientGenerator}.");
        line(0, " */");
      } else {
        line(0, "/**");
        line(0, " * The methods of {@link " + async + "}, returning Vert.x {@link Future}s completed on the");
        line(0, " * caller's context. Generated at build time from elasticsearch-java by {@code TypedClientGenerator}.");
        line(0, " */");
      }
      line(0, "@SuppressWarnings({\"deprecation\", \"removal\"})");
      line(0, "public final class " + name + " {");
      line(0, "");
      line(1, "private final " + async + " async;");
      line(1, "private final Vertx vertx;");
      line(0, "");
      constructors(async);
      line(1, "/** @return elasticsearch-java's async client under this facade */");
      line(1, "public " + async + " async() {");
      line(2, "return async;");
      line(1, "}");
      line(0, "");
      line(1, "/**");
      line(1, " * @param transportOptions options of every call of the new facade (headers, query parameters...)");
      line(1, " * @return a facade over the same client with other options");
      line(1, " */");
      String options = names.render(transportOptions);
      line(1, "public " + name + " withTransportOptions(" + options + " transportOptions) {");
      line(2, "return new " + name + "(async.withTransportOptions(transportOptions), vertx);");
      line(1, "}");
      line(0, "");
      line(1, "/**");
      line(1, " * @param fn changes the options of this facade");
      line(1, " * @return a facade over the same client with the changed options");
      line(1, " */");
      line(1, "public " + name + " withTransportOptions(" + names.render(java.util.function.Function.class) + "<"
        + options + ".Builder, " + options + ".Builder> fn) {");
      line(2, "return new " + name + "(async.withTransportOptions(fn), vertx);");
      line(1, "}");
      for (Map.Entry<String, Class<?>> ns : namespaces.entrySet()) {
        String facade = facadeName(ns.getValue());
        line(0, "");
        line(1, "/** @return the {@code " + ns.getKey() + "} namespace */");
        line(1, "public " + facade + " " + ns.getKey() + "() {");
        line(2, "return new " + facade + "(async." + ns.getKey() + "(), vertx);");
        line(1, "}");
      }
      for (Method m : calls) {
        call(m, async);
      }
      line(0, "}");
      return out.toString();
    }

    private void constructors(String async) {
      if (root) {
        line(1, "private " + name + "(" + async + " async, Vertx vertx) {");
        line(2, "this.async = async;");
        line(2, "this.vertx = vertx;");
        line(1, "}");
        line(0, "");
        line(1, "/**");
        line(1, " * @param client the Vert.x client every request goes through; its Vert.x instance runs the futures");
        line(1, " * @return the typed client, over a {@link VertxElasticsearchTransport} with a new {@code JacksonJsonpMapper}");
        line(1, " * @throws IllegalArgumentException for a client made without a Vert.x instance");
        line(1, " */");
        line(1, "public static " + name + " create(ElasticsearchClient client) {");
        line(2, "Vertx vertx = client.vertx();");
        line(2, "if (vertx == null) {");
        line(3, "throw new IllegalArgumentException(\"The client has no Vert.x instance: use create(vertx, client)\");");
        line(2, "}");
        line(2, "return create(vertx, client);");
        line(1, "}");
        line(0, "");
        line(1, "/**");
        line(1, " * @param vertx the Vert.x instance whose contexts the futures complete on");
        line(1, " * @param client the Vert.x client every request goes through");
        line(1, " * @return the typed client, over a {@link VertxElasticsearchTransport} with a new {@code JacksonJsonpMapper}");
        line(1, " */");
        line(1, "public static " + name + " create(Vertx vertx, ElasticsearchClient client) {");
        line(2, "return create(vertx, new " + async + "(VertxElasticsearchTransport.create(client)));");
        line(1, "}");
        line(0, "");
        line(1, "/**");
        line(1, " * @param vertx the Vert.x instance whose contexts the futures complete on");
        line(1, " * @param async elasticsearch-java's async client, usually over a {@link VertxElasticsearchTransport}");
        line(1, " * @return the typed client");
        line(1, " */");
        line(1, "public static " + name + " create(Vertx vertx, " + async + " async) {");
        line(2, "return new " + name + "(java.util.Objects.requireNonNull(async, \"async\"), "
          + "java.util.Objects.requireNonNull(vertx, \"vertx\"));");
        line(1, "}");
      } else {
        line(1, "/**");
        line(1, " * @param async elasticsearch-java's namespace client");
        line(1, " * @param vertx the Vert.x instance whose contexts the futures complete on");
        line(1, " */");
        line(1, "public " + name + "(" + async + " async, Vertx vertx) {");
        line(2, "this.async = async;");
        line(2, "this.vertx = vertx;");
        line(1, "}");
      }
      line(0, "");
    }

    private void call(Method m, String async) {
      Type result = ((ParameterizedType) m.getGenericReturnType()).getActualTypeArguments()[0];
      Type[] params = m.getGenericParameterTypes();
      Set<String> taken = new HashSet<>(Set.of("async", "vertx"));
      List<String> paramNames = new ArrayList<>();
      for (Type p : params) {
        paramNames.add(parameterName(p, m.getTypeParameters(), taken));
      }
      line(0, "");
      line(1, "/**");
      line(1, " * {@link " + async + "#" + m.getName() + names.linkParameters(m) + "}, completed on the caller's");
      line(1, " * context.");
      line(1, " *");
      for (int i = 0; i < params.length; i++) {
        line(1, " * @param " + paramNames.get(i) + " as for elasticsearch-java");
      }
      for (TypeVariable<Method> t : m.getTypeParameters()) {
        line(1, " * @param <" + t.getName() + "> as for elasticsearch-java");
      }
      line(1, " * @return the typed response; fails with elasticsearch-java's {@code ElasticsearchException} for an error");
      line(1, " *     answer, the Vert.x client's {@code TransportException} when no answer came");
      line(1, " */");
      if (m.isAnnotationPresent(Deprecated.class)) {
        line(1, "@Deprecated");
      }
      StringBuilder signature = new StringBuilder("public ").append(names.typeParameters(m)).append("Future<")
        .append(names.render(result)).append("> ").append(m.getName()).append("(");
      for (int i = 0; i < params.length; i++) {
        signature.append(i == 0 ? "" : ", ").append(names.render(params[i])).append(' ').append(paramNames.get(i));
      }
      line(1, signature.append(") {").toString());
      line(2, "return TypedCalls.call(vertx, () -> async." + m.getName() + "(" + String.join(", ", paramNames) + "));");
      line(1, "}");
    }
  }
}
