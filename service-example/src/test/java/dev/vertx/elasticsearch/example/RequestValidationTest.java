package dev.vertx.elasticsearch.example;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's refusals are JSON and say what is wrong, Vert.x's own included (request line and headers over the
 * limits), and its inputs are checked: {@code from} on search, the types of {@code _touch}'s body, lines of an upload
 * that are not JSON.
 */
class RequestValidationTest {

  private static final String KEY = "validation-key-7d3f9a1c2b";
  private static final String INDEX = "validation-books";

  @RegisterExtension
  static final DeployedService service = new DeployedService(INDEX, KEY, config -> config.withLoadSampleData(false));

  @BeforeAll
  static void loadDocuments() {
    ServiceTestSupport.awaitReady(service.web(), service.port(), Duration.ofSeconds(90));
    StringBuilder docs = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      docs.append(new JsonObject().put("id", "v-" + i).put("title", "Validation " + i).put("genre", "validation")
        .encode()).append('\n');
    }
    assertThat(call(HttpMethod.POST, "/documents/_bulk", docs.toString(), true).bodyAsJsonObject()
      .getLong("succeeded")).isEqualTo(30);
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String uri, String body, boolean withKey) {
    HttpRequest<Buffer> request = service.web().request(method, service.port(), "127.0.0.1", uri);
    if (withKey) {
      request.putHeader("Authorization", "ApiKey " + KEY);
    }
    if (body != null && body.startsWith("{")) {
      request.putHeader("Content-Type", "application/json");
    }
    return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  /** @return the message of a JSON error with this status */
  private static String refused(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    return body.getString("message");
  }

  // ------------------------------------------------------------------------------------ Vert.x's own refusals

  @Test
  void aTenKilobyteQueryStringIsServedAndALongerRequestLineIsAJson414() {
    String tenKb = "x".repeat(10 * 1024);
    // Within the raised limit: the service itself answers, and says what is wrong with the parameter.
    assertThat(refused(call(HttpMethod.GET, "/search?q=" + tenKb, null, false), 400))
      .contains("q must be at most 512 characters");
    assertThat(call(HttpMethod.GET, "/search?q=validation&genre=validation&language=" + "e".repeat(500), null, false)
      .statusCode()).isEqualTo(200);
    // Over it: Vert.x refuses the request line; the answer is still JSON.
    String tooLong = "x".repeat(SearchVerticle.MAX_REQUEST_LINE + 100);
    assertThat(refused(call(HttpMethod.GET, "/search?q=" + tooLong, null, false), 414))
      .contains("request line", String.valueOf(SearchVerticle.MAX_REQUEST_LINE));
    // The service still serves afterwards (the refused connection was closed, not the server).
    assertThat(call(HttpMethod.GET, "/health/live", null, false).statusCode()).isEqualTo(200);
  }

  @Test
  void headersOverTheLimitAreAJson431() {
    HttpResponse<Buffer> response = await(service.web().get(service.port(), "127.0.0.1", "/search")
      .putHeader("Cookie", "c=" + "y".repeat(SearchVerticle.MAX_HEADERS + 100)).send());
    assertThat(refused(response, 431)).contains("headers");
  }

  @Test
  void aRequestThatIsNotHttpIsAJson400() {
    NetClient net = service.clientVertx().createNetClient();
    try {
      NetSocket socket = await(net.connect(service.port(), "127.0.0.1"));
      io.vertx.core.Promise<Buffer> answer = io.vertx.core.Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> answer.tryComplete(received));
      await(socket.write("GET /search HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"));
      String text = await(answer.future()).toString(StandardCharsets.UTF_8);
      assertThat(text).startsWith("HTTP/1.").contains(" 400 ", "application/json", "\"error\":\"bad_request\"");
    } finally {
      await(net.close());
    }
  }

  // ------------------------------------------------------------------------------------ search parameters

  @Test
  void fromIsCheckedNotIgnored() {
    assertThat(refused(call(HttpMethod.GET, "/search?from=-5", null, false), 400))
      .isEqualTo("from must be 0 or more (the offset of the first hit), got -5");
    assertThat(refused(call(HttpMethod.GET, "/search?from=abc", null, false), 400)).contains("from", "whole number");
    assertThat(refused(call(HttpMethod.GET, "/search?from=", null, false), 400)).contains("from");
    assertThat(refused(call(HttpMethod.GET, "/search?from=9995&size=10", null, false), 400))
      .contains("from + size must be at most 10000");
    assertThat(refused(call(HttpMethod.GET, "/search?from=10&page=2", null, false), 400)).contains("page or from");
    assertThat(refused(call(HttpMethod.GET, "/search?sort=title", null, false), 400))
      .contains("Unknown parameter 'sort'", "from");

    JsonObject all = call(HttpMethod.GET, "/search?genre=validation&size=30", null, false).bodyAsJsonObject();
    JsonObject offset = call(HttpMethod.GET, "/search?genre=validation&from=25&size=10", null, false)
      .bodyAsJsonObject();
    assertThat(offset.getInteger("from")).isEqualTo(25);
    assertThat(offset.getInteger("page")).isEqualTo(3);
    JsonArray rest = offset.getJsonArray("results");
    assertThat(rest).hasSize(5);
    assertThat(rest.getJsonObject(0).getString("id")).isEqualTo(all.getJsonArray("results").getJsonObject(25)
      .getString("id"));
    assertThat(call(HttpMethod.GET, "/search?genre=validation&page=2&size=10", null, false).bodyAsJsonObject()
      .getInteger("from")).isEqualTo(10);
  }

  // ------------------------------------------------------------------------------------ _touch

  @Test
  void touchChecksTheTypesOfItsBody() {
    assertThat(refused(call(HttpMethod.POST, "/documents/_touch", "{\"q\":5}", true), 400))
      .isEqualTo("q must be a string (the text of the documents to mark), got a number");
    assertThat(refused(call(HttpMethod.POST, "/documents/_touch", "{\"q\":[\"a\"]}", true), 400)).contains("an array");
    assertThat(refused(call(HttpMethod.POST, "/documents/_touch", "{\"q\":{\"match_all\":{}}}", true), 400))
      .contains("an object");
    assertThat(refused(call(HttpMethod.POST, "/documents/_touch", "{\"q\":true}", true), 400)).contains("a boolean");
    assertThat(refused(call(HttpMethod.POST, "/documents/_touch", "{\"query\":\"a\"}", true), 400))
      .contains("Unknown field 'query'");
    assertThat(refused(call(HttpMethod.POST, "/documents/_touch", "{\"q\":\"" + "z".repeat(600) + "\"}", true), 400))
      .contains("at most 512");
    assertThat(refused(call(HttpMethod.POST, "/documents/_touch", "[1]", true), 400)).contains("JSON object");
    JsonObject touched = call(HttpMethod.POST, "/documents/_touch", "{\"q\":\"Validation\"}", true)
      .bodyAsJsonObject();
    assertThat(touched.getLong("succeeded")).isEqualTo(30);
    assertThat(call(HttpMethod.POST, "/documents/_touch", "{\"q\":null}", true).statusCode())
      .as("null is no filter").isEqualTo(200);
  }

  // ------------------------------------------------------------------------------------ _bulk

  @Test
  void aLineThatIsNotJsonIsReportedAsSuchWithItsNumber() {
    String upload = "{\"id\":\"b-1\",\"title\":\"one\",\"genre\":\"bulk-lines\"}\n"
      + "{this is not json}\n"
      + "\n"
      + "[1,2]\n"
      + "{\"id\":\"b-2\",\"title\":\"two\",\"genre\":\"bulk-lines\"}\n"
      + "{\"id\":\"b-3\",\"pages\":\"many\",\"genre\":\"bulk-lines\"}\n";
    JsonObject summary = call(HttpMethod.POST, "/documents/_bulk", upload, true).bodyAsJsonObject();
    assertThat(summary.getLong("operations")).isEqualTo(5);
    assertThat(summary.getLong("succeeded")).isEqualTo(2);
    assertThat(summary.getLong("failed")).isEqualTo(3);
    JsonArray failures = summary.getJsonArray("failures");
    assertThat(failures).hasSize(3);
    JsonObject broken = failures.getJsonObject(0);
    assertThat(broken.getLong("line")).isEqualTo(2);
    assertThat(broken.getString("error")).isEqualTo("invalid_json");
    assertThat(broken.getString("reason")).startsWith("Line 2 is not valid JSON");
    assertThat(failures.getJsonObject(1).getString("reason")).startsWith("Line 4 is a JSON array, not a JSON object");
    // A JSON document Elasticsearch refuses is still reported as one that does not match the index.
    JsonObject mismatch = failures.getJsonObject(2);
    assertThat(mismatch.getString("id")).isEqualTo("b-3");
    assertThat(mismatch.getString("reason")).contains("does not match the index");
  }
}
