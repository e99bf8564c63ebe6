package dev.vertx.elasticsearch.client.api;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated endpoint catalog: every endpoint of the specification, the idempotency marks the generator derives
 * (reads, writes by id, and nothing else), and the recognition of requests built from a method and a path.
 */
class EndpointCatalogTest {

  private static EndpointCatalog.Match match(HttpMethod method, String path) {
    EndpointCatalog.Match match = EndpointCatalog.match(method, path);
    assertThat(match).as(method + " " + path).isNotNull();
    return match;
  }

  @Test
  void holdsEveryEndpointOfTheSpecification() {
    assertThat(EndpointCatalog.size()).isEqualTo(602);
    assertThat(EndpointCatalog.byId("indices.create").paths()).singleElement()
      .satisfies(p -> assertThat(p.template()).isEqualTo("/{index}"));
    assertThat(EndpointCatalog.byId("no.such_endpoint")).isNull();
  }

  @Test
  void readsAndWritesByIdAreSafeToRepeatOtherWritesAreNot() {
    assertThat(match(HttpMethod.POST, "/books/_search").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.POST, "/_msearch").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.POST, "/books/_count").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.POST, "/_mget").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.POST, "/_search/scroll").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.POST, "/books/_pit").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.POST, "/books/_field_caps").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.PUT, "/books/_doc/1").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.POST, "/books/_doc/1").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.PUT, "/books/_create/1").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.DELETE, "/books/_doc/1").path().idempotent()).isTrue();
    assertThat(match(HttpMethod.PUT, "/books").path().idempotent()).isTrue();

    assertThat(match(HttpMethod.POST, "/books/_doc").path().idempotent()).isFalse();
    assertThat(match(HttpMethod.POST, "/books/_update/1").path().idempotent()).isFalse();
    assertThat(match(HttpMethod.POST, "/_bulk").path().idempotent()).isFalse();
    assertThat(match(HttpMethod.PUT, "/books/_bulk").path().idempotent()).isFalse();
    assertThat(match(HttpMethod.POST, "/books/_rollover").path().idempotent()).isFalse();
    assertThat(match(HttpMethod.POST, "/books/_delete_by_query").path().idempotent()).isFalse();
    assertThat(match(HttpMethod.PUT, "/_security/api_key").path().idempotent()).isFalse();
  }

  @Test
  void recognisesEndpointsAndDecodesTheirParts() {
    EndpointCatalog.Match search = match(HttpMethod.POST, "/my%20books,other/_search");
    assertThat(search.endpoint().id()).isEqualTo("search");
    assertThat(search.parts()).isEqualTo(Map.of("index", "my books,other"));

    EndpointCatalog.Match get = match(HttpMethod.GET, "/books/_doc/a%2Fb");
    assertThat(get.endpoint().id()).isEqualTo("get");
    assertThat(get.parts()).isEqualTo(Map.of("index", "books", "id", "a/b"));

    // literal segments win over parameters
    assertThat(match(HttpMethod.GET, "/_search").endpoint().id()).isEqualTo("search");
    assertThat(match(HttpMethod.GET, "/_cluster/health").endpoint().id()).isEqualTo("cluster.health");
    assertThat(match(HttpMethod.GET, "/books").endpoint().id()).isEqualTo("indices.get");
    assertThat(match(HttpMethod.DELETE, "/books").endpoint().id()).isEqualTo("indices.delete");
    assertThat(match(HttpMethod.HEAD, "/").endpoint().id()).isEqualTo("ping");

    assertThat(EndpointCatalog.match(HttpMethod.GET, "/books/_no_such/thing/here")).isNull();
    assertThat(EndpointCatalog.match(HttpMethod.PATCH, "/books")).isNull();
  }

  @Test
  void readsAndWritesByIdAreRetrySafeOtherWritesAreNot() {
    assertThat(EndpointCatalog.idempotent(HttpMethod.GET, "/books/_doc/1")).isTrue();
    assertThat(EndpointCatalog.idempotent(HttpMethod.HEAD, "/books/_doc/1")).isTrue();
    assertThat(EndpointCatalog.idempotent(HttpMethod.POST, "/books/_search")).isTrue();
    assertThat(EndpointCatalog.idempotent(HttpMethod.PUT, "/books/_doc/1")).isTrue();
    assertThat(EndpointCatalog.idempotent(HttpMethod.POST, "/books/_doc")).isFalse();
    assertThat(EndpointCatalog.idempotent(HttpMethod.POST, "/_bulk")).isFalse();
    assertThat(EndpointCatalog.idempotent(HttpMethod.POST, "/books/_update/1")).isFalse();
    // unknown to the specification: GET and HEAD only
    assertThat(EndpointCatalog.idempotent(HttpMethod.GET, "/_plugin/thing/x/y")).isTrue();
    assertThat(EndpointCatalog.idempotent(HttpMethod.POST, "/_plugin/thing/x/y")).isFalse();
  }
}
