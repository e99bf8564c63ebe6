package dev.vertx.elasticsearch.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the Elasticsearch REST API specification ({@code rest-api-spec/api/*.json}) the generator uses.
 *
 * @param endpoints every endpoint, sorted by id
 * @param commonParams the query parameters every endpoint accepts ({@code _common.json}), by wire name
 */
public record Spec(List<Endpoint> endpoints, Map<String, Field> commonParams) {

  /** A deprecation notice of an endpoint, path, part or parameter. */
  public record Deprecation(String version, String description) {
  }

  /**
   * A path part or a query parameter.
   *
   * @param name the wire name, e.g. {@code wait_for_active_shards}
   * @param type the spec type: string, list, enum, boolean, number, int, long, double, time, date, or a union such
   *     as {@code boolean|long}
   * @param options the values of an enum (or of a list with known values), empty otherwise
   * @param required whether the parameter must be given (query parameters only; parts are required by the paths)
   */
  public record Field(String name, String type, String description, List<String> options, Deprecation deprecated,
                      boolean required, String defaultValue) {
  }

  /** One URL template of an endpoint with its HTTP methods (in spec order) and parts (in template order). */
  public record Path(String path, List<String> methods, Map<String, Field> parts, Deprecation deprecated) {
  }

  /** The body of an endpoint; {@code ndjson} for {@code serialize: bulk} (newline-delimited JSON). */
  public record Body(String description, boolean required, boolean ndjson) {
  }

  /**
   * One endpoint file, e.g. {@code indices.create.json}.
   *
   * @param id the endpoint id, e.g. {@code indices.create} or {@code search}
   * @param paths the URL templates in spec order
   * @param params the query parameters, by wire name, in spec order
   * @param body the body, or {@code null} when the endpoint takes none
   * @param accept the media types of the {@code Accept} header, possibly empty
   * @param contentType the media types the body may have, possibly empty
   */
  public record Endpoint(String id, String description, String documentationUrl, String stability, String visibility,
                         Deprecation deprecated, List<Path> paths, Map<String, Field> params, Body body,
                         List<String> accept, List<String> contentType) {

    /** @return the namespace, e.g. {@code indices} for {@code indices.create}, or {@code null} for a root endpoint */
    public String namespace() {
      int dot = id.indexOf('.');
      return dot < 0 ? null : id.substring(0, dot);
    }

    /** @return the name within the namespace, e.g. {@code create} for {@code indices.create} */
    public String name() {
      return id.substring(id.indexOf('.') + 1);
    }

    /** @return every path part by wire name, first declaration wins, in order of first appearance */
    public Map<String, Field> parts() {
      Map<String, Field> parts = new LinkedHashMap<>();
      for (Path p : paths) {
        p.parts().forEach(parts::putIfAbsent);
      }
      return parts;
    }

    /** @return the parts present in every path: a request without one of them cannot be sent */
    public List<String> requiredParts() {
      List<String> required = new ArrayList<>(parts().keySet());
      for (Path p : paths) {
        required.retainAll(p.parts().keySet());
      }
      return required;
    }

    /** @return the parts that only deprecated paths take (in order), e.g. {@code scroll_id} of {@code scroll} */
    public List<String> partsOnlyInDeprecatedPaths() {
      List<String> parts = new ArrayList<>(parts().keySet());
      for (Path p : paths) {
        if (p.deprecated() == null) {
          parts.removeAll(p.parts().keySet());
        }
      }
      return parts;
    }

    /** @return whether the endpoint is a {@code HEAD} check answering with a status only */
    public boolean isHead() {
      return "HEAD".equals(paths.get(0).methods().get(0));
    }
  }
}
