package dev.vertx.elasticsearch.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the REST API specification from a directory, a jar, or the {@code rest-api-spec} jar on the class path. */
public final class SpecReader {

  /** Where the endpoint files live inside the {@code rest-api-spec} jar. */
  public static final String API_DIR = "rest-api-spec/api";
  private static final String COMMON = "_common.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SpecReader() {
  }

  /**
   * @param location a directory holding the endpoint files, or a jar holding {@code rest-api-spec/api/}, or
   *     {@code null} to find that jar on the class path
   * @return the specification
   * @throws IOException when the files cannot be read
   */
  public static Spec read(Path location) throws IOException {
    if (location == null) {
      URL url = SpecReader.class.getClassLoader().getResource(API_DIR + "/" + COMMON);
      if (url == null) {
        throw new IOException(API_DIR + "/" + COMMON + " is not on the class path: add org.elasticsearch:rest-api-spec");
      }
      try {
        if ("jar".equals(url.getProtocol())) {
          String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
          location = Path.of(new URL(file).toURI());
        } else {
          location = Path.of(url.toURI()).getParent();
        }
      } catch (URISyntaxException e) {
        throw new IOException("Cannot locate the specification at " + url, e);
      }
    }
    if (Files.isDirectory(location)) {
      return readDirectory(location);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return readDirectory(jar.getPath(API_DIR));
    }
  }

  /**
   * @param dir a directory of endpoint files and {@code _common.json}
   * @return the specification, endpoints sorted by id
   * @throws IOException when a file cannot be read
   */
  public static Spec readDirectory(Path dir) throws IOException {
    List<Spec.Endpoint> endpoints = new ArrayList<>();
    Map<String, Spec.Field> common = Map.of();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode json;
      try (InputStream in = Files.newInputStream(file)) {
        json = MAPPER.readTree(in);
      }
      if (COMMON.equals(file.getFileName().toString())) {
        common = fields(json.path("params"));
      } else {
        json.fields().forEachRemaining(e -> endpoints.add(endpoint(e.getKey(), e.getValue())));
      }
    }
    endpoints.sort(Comparator.comparing(Spec.Endpoint::id));
    return new Spec(List.copyOf(endpoints), common);
  }

  /**
   * @param json the text of one endpoint file
   * @return its endpoint
   * @throws IOException when it is not JSON
   */
  public static Spec.Endpoint parseEndpoint(String json) throws IOException {
    JsonNode node = MAPPER.readTree(json);
    String id = node.fieldNames().next();
    return endpoint(id, node.get(id));
  }

  private static Spec.Endpoint endpoint(String id, JsonNode e) {
    List<Spec.Path> paths = new ArrayList<>();
    for (JsonNode p : e.path("url").path("paths")) {
      paths.add(new Spec.Path(p.path("path").asText(), strings(p.path("methods")), fields(p.path("parts")),
        deprecation(p.get("deprecated"))));
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("Endpoint " + id + " has no path");
    }
    JsonNode b = e.get("body");
    Spec.Body body = b == null || b.isNull() ? null
      : new Spec.Body(text(b, "description"), b.path("required").asBoolean(false), "bulk".equals(text(b, "serialize")));
    JsonNode doc = e.path("documentation");
    return new Spec.Endpoint(id, text(doc, "description"), text(doc, "url"), text(e, "stability"),
      text(e, "visibility"), deprecation(e.get("deprecated")), List.copyOf(paths), fields(e.path("params")), body,
      strings(e.path("headers").path("accept")), strings(e.path("headers").path("content_type")));
  }

  private static Map<String, Spec.Field> fields(JsonNode node) {
    Map<String, Spec.Field> fields = new LinkedHashMap<>();
    node.fields().forEachRemaining(f -> {
      JsonNode v = f.getValue();
      JsonNode def = v.get("default");
      fields.put(f.getKey(), new Spec.Field(f.getKey(), v.path("type").asText("string"), text(v, "description"),
        strings(v.path("options")), deprecation(v.get("deprecated")), v.path("required").asBoolean(false),
        def == null || def.isNull() ? null : def.asText()));
    });
    return fields;
  }

  private static Spec.Deprecation deprecation(JsonNode node) {
    if (node == null || node.isNull() || (node.isBoolean() && !node.asBoolean())) {
      return null;
    }
    return new Spec.Deprecation(text(node, "version"), text(node, "description"));
  }

  private static List<String> strings(JsonNode node) {
    List<String> list = new ArrayList<>();
    node.forEach(n -> list.add(n.asText()));
    return List.copyOf(list);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
