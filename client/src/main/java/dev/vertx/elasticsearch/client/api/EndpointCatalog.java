package dev.vertx.elasticsearch.client.api;

import io.vertx.core.http.HttpMethod;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every endpoint of the REST API specification the client was generated from, looked up by id or recognised from a
 * request's method and path: so that a request sent with {@code perform(method, path, ...)} (or by another client
 * running on this transport) is traced under its endpoint's name and retried by its endpoint's rules. Loaded once,
 * on first use, from the generated {@code endpoints.tsv}; immutable and thread-safe afterwards.
 */
public final class EndpointCatalog {

  /**
   * A recognised request.
   *
   * @param endpoint the endpoint
   * @param path the path template that matched
   * @param parts the path parts by name, decoded (e.g. {@code index -> books})
   */
  public record Match(Endpoint endpoint, Endpoint.Path path, Map<String, String> parts) {
  }

  /** A node of the path trie: literal segments, one parameter branch, and the paths that end here. */
  private static final class Segment {
    final Map<String, Segment> literals = new HashMap<>();
    Segment parameter;
    final List<Map.Entry<Endpoint, Endpoint.Path>> ends = new ArrayList<>(1);
  }

  private static final class Loaded {
    static final Map<String, Endpoint> BY_ID = new LinkedHashMap<>();
    static final Segment ROOT = new Segment();

    static {
      InputStream in = EndpointCatalog.class.getResourceAsStream("endpoints.tsv");
      if (in == null) {
        throw new IllegalStateException("The generated endpoints.tsv is missing from the class path");
      }
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          String[] fields = line.split("\t");
          Endpoint endpoint = Endpoint.of(fields[0], Arrays.copyOfRange(fields, 1, fields.length));
          BY_ID.put(endpoint.id(), endpoint);
          for (Endpoint.Path path : endpoint.paths()) {
            Segment node = ROOT;
            for (String segment : segments(path.template())) {
              if (segment.startsWith("{")) {
                node = node.parameter != null ? node.parameter : (node.parameter = new Segment());
              } else {
                node = node.literals.computeIfAbsent(segment, s -> new Segment());
              }
            }
            node.ends.add(Map.entry(endpoint, path));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private EndpointCatalog() {
  }

  /**
   * @param id an endpoint id, e.g. {@code search} or {@code indices.create}
   * @return the endpoint, or {@code null} when the specification has none of that id
   */
  public static Endpoint byId(String id) {
    return Loaded.BY_ID.get(id);
  }

  /** @return how many endpoints the catalog holds */
  public static int size() {
    return Loaded.BY_ID.size();
  }

  /**
   * Recognises a request: the path template that matches its path and takes its method, literal segments winning
   * over parameters (so {@code /_search} is a search, not an index named {@code _search}).
   *
   * @param method the HTTP method
   * @param path the path, percent-encoded, without query string, e.g. {@code /books/_doc/1}
   * @return the match, or {@code null} when no endpoint takes this method and path
   */
  public static Match match(HttpMethod method, String path) {
    List<String> segments = segments(path);
    return match(Loaded.ROOT, segments, 0, method);
  }

  /**
   * The project's one decision of retry safety: whether a request may be sent again when the outcome of an attempt
   * is unknown (a reset or a timeout after it was written). A recognised request is safe when its path template is
   * idempotent in the specification (reads, also {@code search}, {@code count}, {@code mget} sent as {@code POST},
   * and writes by id; not an index without id, an update, a bulk); one the catalog does not know only as
   * {@code GET} or {@code HEAD}. The client's {@code perform(method, path, ...)} and the typed transport both ask it.
   *
   * @param method the HTTP method
   * @param path the path, percent-encoded, without query string
   * @return whether an attempt with an unknown outcome may be retried
   */
  public static boolean idempotent(HttpMethod method, String path) {
    Match match = match(method, path);
    return match != null ? match.path().idempotent() : method == HttpMethod.GET || method == HttpMethod.HEAD;
  }

  private static Match match(Segment node, List<String> segments, int i, HttpMethod method) {
    if (i == segments.size()) {
      for (Map.Entry<Endpoint, Endpoint.Path> end : node.ends) {
        if (end.getValue().methods().contains(method)) {
          return new Match(end.getKey(), end.getValue(), Map.of());
        }
      }
      return null;
    }
    String segment = segments.get(i);
    Segment literal = node.literals.get(segment);
    if (literal != null) {
      Match m = match(literal, segments, i + 1, method);
      if (m != null) {
        return withParts(m, segments);
      }
    }
    if (node.parameter != null && !segment.isEmpty()) {
      Match m = match(node.parameter, segments, i + 1, method);
      if (m != null) {
        return withParts(m, segments);
      }
    }
    return null;
  }

  /** Fills the parts of a match once, at the outermost level. */
  private static Match withParts(Match m, List<String> segments) {
    if (!m.parts().isEmpty() || m.path().parts().isEmpty()) {
      return m;
    }
    Map<String, String> parts = new LinkedHashMap<>();
    List<String> template = segments(m.path().template());
    for (int i = 0; i < template.size(); i++) {
      String t = template.get(i);
      if (t.startsWith("{")) {
        parts.put(t.substring(1, t.length() - 1), URLDecoder.decode(segments.get(i).replace("+", "%2B"),
          StandardCharsets.UTF_8));
      }
    }
    return new Match(m.endpoint(), m.path(), Map.copyOf(parts));
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>(4);
    int start = path.startsWith("/") ? 1 : 0;
    if (start >= path.length()) {
      return segments;
    }
    while (true) {
      int slash = path.indexOf('/', start);
      if (slash < 0) {
        segments.add(path.substring(start));
        return segments;
      }
      segments.add(path.substring(start, slash));
      start = slash + 1;
    }
  }
}
