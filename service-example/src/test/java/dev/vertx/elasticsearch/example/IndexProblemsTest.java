package dev.vertx.elasticsearch.example;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's index broken behind its back: missing, replaced by an index with dynamic mappings (what
 * auto-creation makes), behind the alias with wrong mappings, or red. Searches answer 503 with the reason (never a
 * 4xx that blames the caller), readiness says the same, and the service repairs what it owns (a missing index) by
 * itself; {@code POST /ingest} rebuilds the rest.
 */
class IndexProblemsTest {

  private static final String INDEX = "problem-books";
  private static final String KEY = "problems-key";

  @RegisterExtension
  static final DeployedService service = new DeployedService(INDEX, KEY, UnaryOperator.identity());

  @AfterAll
  static void deleteIndices() {
    deleteEverything();
  }

  /** Each test starts from a service that set its index up again (readiness finds it missing and repairs it). */
  @BeforeEach
  void ready() {
    deleteEverything();
    ServiceTestSupport.awaitReady(service.web(), service.port(), Duration.ofSeconds(90));
  }

  @Test
  void aMissingIndexIsSaidSoAndSetUpAgain() {
    deleteEverything();
    HttpResponse<Buffer> search = get("/search?q=dragon");
    assertUnavailable(search, "index_missing", "does not exist");
    JsonObject ready = ServiceTestSupport.awaitReady(service.web(), service.port(), Duration.ofSeconds(90));
    assertThat(ServiceRecoveryTest.checks(ready).getJsonObject("sample-data").getJsonObject("data")
      .getString("state")).isEqualTo("loaded");
    assertThat(get("/search?q=dragon").statusCode()).isEqualTo(200);
  }

  @Test
  void anIndexMadeByAutoCreationIsUnusableUntilRebuilt() {
    deleteEverything();
    // What a write without require_alias does on a node without the template: dynamic mappings, genre as text.
    await(service.observer().perform(HttpMethod.PUT, "/" + INDEX + "/_doc/1", Map.of("refresh", "true"), new JsonObject()
      .put("title", "Auto").put("genre", "Fantasy")));
    assertUnavailable(get("/search?q=auto"), "index_unusable", "is an index, not the alias");
    assertNotReady("index", "is an index, not the alias");

    HttpResponse<Buffer> rebuilt = await(service.web().post(service.port(), "127.0.0.1", "/ingest")
      .putHeader("Authorization", "ApiKey " + KEY).send());
    assertThat(rebuilt.statusCode()).as(rebuilt.bodyAsString()).isEqualTo(200);
    assertThat(get("/search?genre=Fantasy&size=1").statusCode()).isEqualTo(200);
  }

  @Test
  void wrongMappingsBehindTheAliasAnswer503WithTheReason() {
    deleteEverything();
    await(service.observer().perform(HttpMethod.PUT, "/" + INDEX + "-v1", null, new JsonObject()
      .put("aliases", new JsonObject().put(INDEX, new JsonObject()))
      .put("mappings", new JsonObject().put("properties", new JsonObject()
        .put("genre", new JsonObject().put("type", "text"))))));
    HttpResponse<Buffer> search = get("/search?q=dragon");
    assertUnavailable(search, "index_unusable", "field 'genre' is text, expected keyword");
    assertNotReady("index", "field 'genre' is text, expected keyword");
  }

  @Test
  void aRedIndexAnswers503WithTheReason() throws Exception {
    deleteEverything();
    // No node may hold the primary: the index is red.
    await(service.observer().perform(HttpMethod.PUT, "/" + INDEX + "-v1", Map.of("wait_for_active_shards", "0"),
      new JsonObject().put("aliases", new JsonObject().put(INDEX, new JsonObject()))
        .put("settings", new JsonObject().put("index.routing.allocation.require._name", "no-such-node")
          .put("number_of_replicas", 0))
        .put("mappings", new JsonObject(SearchServiceTest.readResource(BooksIndex.MAPPINGS))
          .getJsonObject("mappings"))));
    assertUnavailable(get("/search?q=dragon"), "index_unusable", "is red");
    assertNotReady("index", "is red");
  }

  private static void assertUnavailable(HttpResponse<Buffer> response, String code, String reason) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).contains(reason).doesNotContain("_exception");
  }

  private static void assertNotReady(String check, String reason) {
    HttpResponse<Buffer> readiness = get("/health/ready");
    assertThat(readiness.statusCode()).isEqualTo(503);
    JsonObject found = ServiceRecoveryTest.checks(readiness.bodyAsJsonObject()).getJsonObject(check);
    assertThat(found.getString("status")).isEqualTo("DOWN");
    assertThat(found.getJsonObject("data").getString("reason")).contains(reason);
  }

  private static HttpResponse<Buffer> get(String uri) {
    return await(service.web().get(service.port(), "127.0.0.1", uri).send());
  }

  /** Deletes the alias's index and an index named like the alias. */
  private static void deleteEverything() {
    for (String index : List.of(INDEX, INDEX + "-v1")) {
      await(service.observer().perform(HttpMethod.DELETE, "/" + index, Map.of("ignore_unavailable", "true"), null)
        .otherwiseEmpty());
    }
  }
}
