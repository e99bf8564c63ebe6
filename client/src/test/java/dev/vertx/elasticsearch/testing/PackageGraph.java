package dev.vertx.elasticsearch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependency graph between the project's packages, read from compiled classes: every class file names the
 * classes it uses in its constant pool (types, descriptors, generic signatures), so scanning it for
 * {@code dev/vertx/elasticsearch/...} names finds its dependencies, generated code included, Javadoc excluded.
 */
public final class PackageGraph {

  private static final Pattern CLASS_NAME = Pattern.compile("dev/vertx/elasticsearch/(?:[a-z0-9_]+/)*[A-Z]");

  private final Map<String, Set<String>> edges;

  /** @param edges the dependencies of each package on other packages */
  public PackageGraph(Map<String, Set<String>> edges) {
    this.edges = edges;
  }

  /**
   * @param anyClass a class of the module whose compiled classes are read
   * @return the graph of that module's packages (and of the project packages they use)
   */
  public static PackageGraph ofModule(Class<?> anyClass) {
    try {
      return read(Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param classes a directory of class files
   * @return the graph
   */
  public static PackageGraph read(Path classes) {
    Map<String, Set<String>> edges = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String from = classes.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
        Set<String> to = edges.computeIfAbsent(from, p -> new TreeSet<>());
        // constant pool strings are modified UTF-8, which is ASCII for these names
        Matcher m = CLASS_NAME.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        while (m.find()) {
          String name = m.group();
          String pkg = name.substring(0, name.lastIndexOf('/')).replace('/', '.');
          if (!pkg.equals(from)) {
            to.add(pkg);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PackageGraph(edges);
  }

  /** @return the dependencies of each package */
  public Map<String, Set<String>> edges() {
    return edges;
  }

  /**
   * The cycles that break the layering: strongly connected groups of packages other than a package with its own
   * {@code impl} ({@code X <-> X.impl}).
   *
   * @return each forbidden cycle as its sorted packages; empty when the packages are layered
   */
  public List<Set<String>> forbiddenCycles() {
    List<Set<String>> forbidden = new ArrayList<>();
    for (Set<String> group : stronglyConnected()) {
      boolean packageAndImpl = group.size() == 2 && group.contains(group.iterator().next() + ".impl");
      if (group.size() > 1 && !packageAndImpl) {
        forbidden.add(group);
      }
    }
    return forbidden;
  }

  /** Tarjan's algorithm, iterative. */
  private List<Set<String>> stronglyConnected() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> groups = new ArrayList<>();
    for (String root : edges.keySet()) {
      if (index.containsKey(root)) {
        continue;
      }
      Deque<Map.Entry<String, Iterator<String>>> work = new ArrayDeque<>();
      visit(root, index, low, stack, onStack, work);
      while (!work.isEmpty()) {
        Map.Entry<String, Iterator<String>> top = work.peek();
        String v = top.getKey();
        if (top.getValue().hasNext()) {
          String w = top.getValue().next();
          if (!index.containsKey(w)) {
            visit(w, index, low, stack, onStack, work);
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          String parent = work.peek().getKey();
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          Set<String> group = new TreeSet<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            group.add(w);
          } while (!w.equals(v));
          groups.add(group);
        }
      }
    }
    return groups;
  }

  private void visit(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                     Set<String> onStack, Deque<Map.Entry<String, Iterator<String>>> work) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    work.push(Map.entry(v, edges.getOrDefault(v, Set.of()).iterator()));
  }
}
