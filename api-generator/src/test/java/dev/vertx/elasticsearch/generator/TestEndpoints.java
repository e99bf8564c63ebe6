package dev.vertx.elasticsearch.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Small specification endpoints the generator tests share: one of each kind the generators treat apart. */
final class TestEndpoints {

  /** A HEAD with two path parts: a {@code Boolean} answer. */
  static final String EXISTS = """
    {"exists": {"documentation": {"description": "Check a document"}, "stability": "stable",
     "url": {"paths": [{"path": "/{index}/_doc/{id}", "methods": ["HEAD"],
       "parts": {"index": {"type": "string"}, "id": {"type": "string"}}}]}}}
    """;

  /** A deprecated endpoint of a namespace, with a required body. */
  static final String PUT_TEMPLATE = """
    {"indices.put_template": {"documentation": {"description": "Legacy"}, "stability": "stable",
     "deprecated": {"version": "7.8.0", "description": "Legacy index templates are deprecated"},
     "url": {"paths": [{"path": "/_template/{name}", "methods": ["PUT", "POST"],
       "parts": {"name": {"type": "string"}}}]}, "body": {"required": true}}}
    """;

  private TestEndpoints() {
  }

  /**
   * @param json endpoints as the specification writes them, one a string
   * @return a specification of those endpoints, without common parameters
   */
  static Spec spec(String... json) {
    try {
      List<Spec.Endpoint> endpoints = new java.util.ArrayList<>();
      for (String endpoint : json) {
        endpoints.add(SpecReader.parseEndpoint(endpoint));
      }
      return new Spec(List.copyOf(endpoints), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
