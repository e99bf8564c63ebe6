package dev.vertx.elasticsearch.client.api;

import io.vertx.core.http.HttpMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What the REST API specification says of one endpoint, as far as building a request needs it: its id, its URL
 * templates with their HTTP methods (most specific first), the body's media type and whether a body is required,
 * the {@code Accept} header, the required query parameters. Immutable; each generated request class holds one.
 */
public final class Endpoint {

  /**
   * One URL template.
   *
   * @param template the template, e.g. {@code /{index}/_doc/{id}}
   * @param methods the HTTP methods it accepts, preferred first
   * @param parts the names of its parts, in template order
   * @param idempotent whether repeating a request on this path cannot change the result (reads, writes by id), so
   *     that the transport may retry an attempt that may have been applied
   */
  public record Path(String template, List<HttpMethod> methods, List<String> parts, boolean idempotent) {

    /**
     * @param given the parts that have a value
     * @return whether every part of this template is given
     */
    public boolean accepts(Collection<String> given) {
      return given.containsAll(parts);
    }

    /**
     * @param encodedPart gives the encoded value of a part
     * @return the path with its parts replaced
     */
    public String expand(Function<String, String> encodedPart) {
      StringBuilder out = new StringBuilder(template.length() + 32);
      int i = 0;
      while (i < template.length()) {
        int open = template.indexOf('{', i);
        if (open < 0) {
          out.append(template, i, template.length());
          break;
        }
        int close = template.indexOf('}', open);
        out.append(template, i, open).append(encodedPart.apply(template.substring(open + 1, close)));
        i = close + 1;
      }
      return out.toString();
    }

    static Path parse(String spec) {
      int space = spec.indexOf(' ');
      List<HttpMethod> methods = Arrays.stream(spec.substring(0, space).split(",")).map(HttpMethod::valueOf).toList();
      String template = spec.substring(space + 1);
      boolean idempotent = template.endsWith(IDEMPOTENT_SUFFIX);
      if (idempotent) {
        template = template.substring(0, template.length() - IDEMPOTENT_SUFFIX.length());
      }
      List<String> parts = new ArrayList<>();
      for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', open + 1)) {
        parts.add(template.substring(open + 1, template.indexOf('}', open)));
      }
      return new Path(template, methods, List.copyOf(parts), idempotent);
    }
  }

  private static final String IDEMPOTENT_SUFFIX = " idempotent";

  private final String id;
  private final List<Path> paths;
  private final boolean bodyAllowed;
  private final boolean bodyRequired;
  private final String contentType;
  private final String accept;
  private final Set<String> requiredParams;
  private final Set<String> partsAlsoParams;
  private final Set<String> partsInBody;

  private Endpoint(String id, List<Path> paths, boolean bodyAllowed, boolean bodyRequired, String contentType,
                   String accept, Set<String> requiredParams, Set<String> partsAlsoParams, Set<String> partsInBody) {
    this.id = id;
    this.paths = paths;
    this.bodyAllowed = bodyAllowed;
    this.bodyRequired = bodyRequired;
    this.contentType = contentType;
    this.accept = accept;
    this.requiredParams = requiredParams;
    this.partsAlsoParams = partsAlsoParams;
    this.partsInBody = partsInBody;
  }

  /**
   * @param id the endpoint id, e.g. {@code indices.create}
   * @param paths the URL templates, most specific first, each as methods and template, followed by
   *     {@code idempotent} when repeating a request on it cannot change the result: {@code "GET,POST /_search
   *     idempotent"}
   * @return an endpoint without body
   */
  public static Endpoint of(String id, String... paths) {
    if (paths.length == 0) {
      throw new IllegalArgumentException("An endpoint needs a path: " + id);
    }
    return new Endpoint(Objects.requireNonNull(id, "id"), Arrays.stream(paths).map(Path::parse).toList(), false,
      false, null, null, Set.of(), Set.of(), Set.of());
  }

  /**
   * @param required whether a request without body is invalid
   * @param contentType the body's media type, e.g. {@code application/x-ndjson}
   * @return a copy that takes a body
   */
  public Endpoint withBody(boolean required, String contentType) {
    return new Endpoint(id, paths, true, required, contentType, accept, requiredParams, partsAlsoParams, partsInBody);
  }

  /**
   * @param accept the {@code Accept} header to send instead of {@code application/json}
   * @return a copy with that header
   */
  public Endpoint withAccept(String accept) {
    return new Endpoint(id, paths, bodyAllowed, bodyRequired, contentType, accept, requiredParams, partsAlsoParams,
      partsInBody);
  }

  /**
   * @param names query parameters a request must have
   * @return a copy that requires them
   */
  public Endpoint withRequiredParams(String... names) {
    return new Endpoint(id, paths, bodyAllowed, bodyRequired, contentType, accept, Set.of(names), partsAlsoParams,
      partsInBody);
  }

  /**
   * @param names path parts that are also query parameters: sent in the query string when the chosen path does not
   *     take them
   * @return a copy with them
   */
  public Endpoint withPartsAlsoParams(String... names) {
    return new Endpoint(id, paths, bodyAllowed, bodyRequired, contentType, accept, requiredParams, Set.of(names),
      partsInBody);
  }

  /**
   * @param names path parts that only deprecated paths take and that belong in the body instead (e.g.
   *     {@code scroll_id}, which outgrows the URL limit): sent as body fields when no body is given
   * @return a copy with them
   */
  public Endpoint withPartsInBody(String... names) {
    return new Endpoint(id, paths, bodyAllowed, bodyRequired, contentType, accept, requiredParams, partsAlsoParams,
      Set.of(names));
  }

  /** @return the endpoint id, e.g. {@code indices.create} */
  public String id() {
    return id;
  }

  /** @return the URL templates, most specific first (spec order among equally specific ones) */
  public List<Path> paths() {
    return paths;
  }

  /** @return whether the endpoint takes a body */
  public boolean bodyAllowed() {
    return bodyAllowed;
  }

  /** @return whether the endpoint needs a body */
  public boolean bodyRequired() {
    return bodyRequired;
  }

  /** @return the body's media type, or {@code null} without body */
  public String contentType() {
    return contentType;
  }

  /** @return the {@code Accept} header to send, or {@code null} for the transport's {@code application/json} */
  public String accept() {
    return accept;
  }

  /** @return the query parameters a request must have */
  public Set<String> requiredParams() {
    return requiredParams;
  }

  /** @return the path parts that are also query parameters */
  public Set<String> partsAlsoParams() {
    return partsAlsoParams;
  }

  /** @return the path parts sent in the body when no body is given */
  public Set<String> partsInBody() {
    return partsInBody;
  }

  /** @return the parts every path takes, in template order */
  public List<String> requiredParts() {
    List<String> required = new ArrayList<>(paths.get(0).parts());
    paths.forEach(p -> required.retainAll(p.parts()));
    return required;
  }

  @Override
  public String toString() {
    return "Endpoint{" + id + "}";
  }
}
