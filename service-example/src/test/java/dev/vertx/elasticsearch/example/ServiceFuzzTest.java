package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the example service over HTTP with a fixed seed: bad and huge parameters, broken JSON and NDJSON, wrong
 * methods and content types, path tricks, missing and wrong API keys. Every answer must be a 4xx JSON error or a
 * correct 2xx answer, never a 5xx, a stack trace or an Elasticsearch internal, and the service must stay healthy.
 * Unauthorised writes must change nothing. Prints the cases tried per category and the status histogram.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class ServiceFuzzTest {

  private static final long SEED = 20261126L;
  private static final int CASES = 2_500;
  private static final int IN_FLIGHT = 8;
  private static final String KEY = "fuzz-api-key-3c9d";
  private static final String INDEX = "fuzz-books";
  private static final int MAX_JSON = 64 * 1024;
  private static final int MAX_BULK = 256 * 1024;
  private static final List<String> FORBIDDEN = List.of("_exception", "caused_by", "at java.", "\tat ",
    "Exception", "stack_trace", "root_cause", KEY);

  private static Vertx vertx;
  private static Vertx clientVertx;
  private static HttpClient http;
  private static Context clientContext;
  private static ElasticsearchClient observer;
  private static int port;
  private static final List<String> knownIds = new ArrayList<>();
  private static ServiceLog serviceLog;

  private static List<LogRecord> logs() {
    return serviceLog.records();
  }

  /** One generated request. */
  record Case(String category, HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    @Override
    public String toString() {
      String b = body == null ? "" : body.length() > 200 ? " body[" + body.length() + " bytes]: "
        + body.getString(0, 200) + "..." : " body: " + body;
      return category + ": " + method + " " + (uri.length() > 300 ? uri.substring(0, 300) + "...(" + uri.length()
        + " chars)" : uri) + " " + headers + b;
    }
  }

  /** A generated request with the answer it got. */
  record Outcome(Case c, int status, String contentType, String body, Throwable error) {
  }

  @BeforeAll
  static void deploy(EmbeddedElasticsearch es) throws Exception {
    serviceLog = ServiceLog.capture();
    vertx = Vertx.vertx();
    clientVertx = Vertx.vertx();
    clientContext = clientVertx.getOrCreateContext();
    observer = ServiceTestSupport.observer(clientVertx, es);
    // The service creates its (empty) index itself; the test loads a small dataset through it.
    ServiceConfig config = new ServiceConfig(List.of(es.httpUrl()), es.majorVersion(), INDEX, 0, KEY, MAX_JSON,
      MAX_BULK).withLoadSampleData(false)
      // Every bulk case reaches the parser: the cap on bulk jobs at a time is WriteSecurityTest's subject, not this one's.
      .withUploadLimits(MAX_BULK, IN_FLIGHT + 1);
    port = ServiceTestSupport.deploy(vertx, config);
    WebClient web = WebClient.create(clientVertx);
    ServiceTestSupport.awaitReady(web, port, Duration.ofSeconds(60));
    web.close();
    http = clientVertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setMaxInitialLineLength(64 * 1024), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
    // a small dataset, loaded through the service itself
    List<String> lines = resource(SampleData.DATA).lines().filter(l -> !l.isBlank()).limit(300).toList();
    lines.forEach(l -> knownIds.add(new JsonObject(l).getString("id")));
    Outcome load = send(new Case("setup", HttpMethod.POST, "/documents/_bulk", Map.of("Authorization", "ApiKey "
      + KEY, "Content-Type", "application/x-ndjson"), Buffer.buffer(String.join("\n", lines) + "\n")))
      .await(60, TimeUnit.SECONDS);
    assertThat(load.status()).as(load.body()).isEqualTo(200);
    assertThat(new JsonObject(load.body()).getLong("succeeded")).isEqualTo(300L);
  }

  @AfterAll
  static void undeploy() throws Exception {
    if (serviceLog != null) {
      serviceLog.close();
    }
    if (observer != null) {
      observer.perform(HttpMethod.DELETE, "/" + INDEX + "-v" + BooksIndex.MAPPINGS_VERSION, null, null)
        .otherwiseEmpty().await(30, TimeUnit.SECONDS);
      observer.close().await(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (clientVertx != null) {
      clientVertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = ServiceFuzzTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends one case from the client's Vert.x context: a response's body handler must be set on the event loop that
   * delivers it, or a response that ended before a test thread asked for its body would never complete.
   */
  private static Future<Outcome> send(Case c) {
    RequestOptions options = new RequestOptions().setMethod(c.method()).setURI(c.uri()).setTimeout(60_000);
    c.headers().forEach(options::putHeader);
    HttpClient client = http;
    Promise<Outcome> outcome = Promise.promise();
    clientContext.runOnContext(v -> client.request(options)
      .compose(req -> (c.body() == null ? req.send() : req.send(c.body()))
        .compose(resp -> resp.body().map(b -> new Outcome(c, resp.statusCode(), resp.getHeader("Content-Type"),
          b.toString(), null))))
      .recover(err -> Future.succeededFuture(new Outcome(c, -1, null, null, err)))
      .onComplete(outcome));
    return outcome.future();
  }

  // ------------------------------------------------------------------------------------------------ generators

  private static final String[] WEIRD = {"", "%20", "..", "../..", "%2e%2e", "%2F", "a%2Fb", "%00", "a%00b", "%0a",
    "%0d%0a", "%ZZ", "%", "100%", "%C3%A9t%C3%A9", "%F0%9F%9A%80", "%E2%80%AE", "%FF%FE", "_search", "_bulk", "_touch",
    "..%2F..%2F_cluster%2Fsettings", "%2E%2E%2F%2E%2E%2F_all", "a;b", "a%3Bb", "*", "%2A", "a,b", "-1", "\u00e9",
    "%EF%BF%BF", "%ED%A0%80", "<script>", "%3Cscript%3E", "'%20OR%201=1", "${jndi:ldap://x}", "%24%7Bjndi%7D"};

  private static String pick(Random r, String... values) {
    return values[r.nextInt(values.length)];
  }

  private static String randomText(Random r, int max) {
    int n = r.nextInt(max + 1);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(8)) {
        case 0 -> sb.append((char) (0x20 + r.nextInt(0x5f)));
        case 1 -> sb.append(pick(r, "(", ")", "\"", "\\", "*", "~", "+", "-", "|", "AND", " OR ", "NOT", ":", "/"));
        case 2 -> sb.append(pick(r, "\u00e9", "\u4e2d", "\uD83D\uDE80", "\u202e", "\u0000", "\uFFFF", "\t"));
        default -> sb.append((char) ('a' + r.nextInt(26)));
      }
    }
    return sb.toString();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String randomNumber(Random r) {
    return pick(r, "0", "-1", "1", "2", "10", "100", "101", "1000", "2147483647", "2147483648", "-2147483649",
      "99999999999999999999", "1.5", "1e3", "abc", "", " 5", "0x10", "NaN", "%00", "\u0661", "00010");
  }

  private static Case searchCase(Random r) {
    StringBuilder uri = new StringBuilder(r.nextInt(4) == 0 ? "/search/" + enc(randomText(r, 40)) : "/search");
    List<String> params = new ArrayList<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(7)) {
        case 0 -> params.add("q=" + enc(randomText(r, r.nextInt(10) == 0 ? 700 : 60)));
        case 1 -> params.add("page=" + enc(randomNumber(r)));
        case 2 -> params.add("size=" + enc(randomNumber(r)));
        case 3 -> params.add(pick(r, "genre", "language", "publisher", "tags") + "="
          + enc(r.nextBoolean() ? pick(r, "Romance", "en", "Fantasy", "") : randomText(r, r.nextInt(10) == 0 ? 600 : 30)));
        case 4 -> params.add(pick(r, "sort", "from", "_source", "script", "q[]", "size[]", "", "=", "&&")
          + "=" + enc(randomText(r, 20)));
        case 5 -> params.add("q=" + enc("a* ".repeat(1 + r.nextInt(170))));
        default -> params.add(pick(r, "q=%", "q=%ZZ", "size=%00", "page", "q", "size=", "q=%C0%AF", "q=%ED%A0%80"));
      }
    }
    if (!params.isEmpty()) {
      uri.append('?').append(String.join("&", params));
    }
    return new Case("search parameters", HttpMethod.GET, uri.toString(), Map.of(), null);
  }

  private static Case pathCase(Random r) {
    String id = switch (r.nextInt(5)) {
      case 0 -> pick(r, WEIRD);
      case 1 -> enc(randomText(r, 50));
      case 2 -> "x".repeat(500 + r.nextInt(40));
      case 3 -> enc("\u00e9".repeat(200 + r.nextInt(100)));
      default -> knownIds.get(r.nextInt(knownIds.size()));
    };
    String uri = switch (r.nextInt(8)) {
      case 0 -> "/documents/" + id + "/" + pick(r, WEIRD);
      case 1 -> pick(r, "//documents//", "/./documents/", "/documents/../documents/", "/DOCUMENTS/", "/documents%2F",
        "/documents/./", "/%64ocuments/") + id;
      case 2 -> pick(r, "/../health", "/health/..", "/search/../../etc/passwd", "/%2e%2e/%2e%2e/", "/export/..",
        "/documents/..%2F..%2Fhealth", "/error/" + id, "/health%00", "/health?" + id, "/" + id);
      default -> "/documents/" + id;
    };
    return new Case("path tricks", HttpMethod.GET, uri, Map.of(), null);
  }

  private static final String[] ENDPOINTS = {"/", "/health", "/search", "/search/dragon", "/export", "/error",
    "/ingest", "/documents/_bulk", "/documents/_touch", "/documents", "/documents/fuzz-1", "/no/such"};

  private static Case methodCase(Random r) {
    HttpMethod method = HttpMethod.valueOf(pick(r, "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
      "TRACE", "PROPFIND", "FOO"));
    String uri = pick(r, ENDPOINTS);
    // never the correct key here: /ingest and DELETE /documents with it would reload or wipe the dataset
    return new Case("wrong methods", method, uri, r.nextBoolean() ? Map.of() : Map.of("Authorization", "ApiKey nope"),
      r.nextBoolean() ? null : Buffer.buffer("{}"));
  }

  private static Buffer brokenJson(Random r) {
    return switch (r.nextInt(16)) {
      case 0 -> Buffer.buffer("{not json");
      case 1 -> Buffer.buffer("[1,2,3]");
      case 2 -> Buffer.buffer("\"a string\"");
      case 3 -> Buffer.buffer("null");
      case 4 -> Buffer.buffer("{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}");
      case 5 -> Buffer.buffer("{\"pages\":1e400}");
      case 6 -> Buffer.buffer("{\"title\":\"\\ud800\"}");
      case 7 -> Buffer.buffer("{\"n\":" + "9".repeat(1_500) + "}");
      case 8 -> Buffer.buffer("{\"_id\":\"x\",\"title\":\"meta\"}");
      case 9 -> Buffer.buffer("{\"pages\":\"many\"}");
      case 10 -> Buffer.buffer("{\"\":1}");
      case 11 -> Buffer.buffer("{\"title\":{\"nested\":true}}");
      case 12 -> Buffer.buffer("{\"pad\":\"" + "x".repeat(MAX_JSON + 10) + "\"}");
      case 13 -> Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
      case 14 -> Buffer.buffer("");
      default -> Buffer.buffer(new JsonObject().put("title", randomText(r, 80)).put("genre", "fuzz")
        .put("pages", r.nextInt(1000)).encode());
    };
  }

  private static Case bodyCase(Random r) {
    HttpMethod method = r.nextBoolean() ? HttpMethod.PUT : HttpMethod.PATCH;
    String id = r.nextInt(3) == 0 ? knownIds.get(r.nextInt(knownIds.size())) : "fuzz-" + r.nextInt(50);
    return new Case("broken JSON", method, "/documents/" + id, Map.of("Authorization", "ApiKey " + KEY,
      "Content-Type", "application/json"), brokenJson(r));
  }

  private static Case touchCase(Random r) {
    Buffer body = switch (r.nextInt(6)) {
      case 0 -> Buffer.buffer("{\"q\":123}");
      case 1 -> Buffer.buffer("{\"q\":{\"match_all\":{}}}");
      case 2 -> Buffer.buffer("{\"q\":[\"a\"]}");
      case 3 -> Buffer.buffer("{\"q\":null}");
      case 4 -> Buffer.buffer("{\"q\":\"zzzz-no-match-" + r.nextInt(1000) + "\"}");
      default -> brokenJson(r);
    };
    return new Case("broken JSON (_touch)", HttpMethod.POST, "/documents/_touch", Map.of("Authorization", "ApiKey "
      + KEY, "Content-Type", "application/json"), body);
  }

  private static Case ndjsonCase(Random r) {
    StringBuilder sb = new StringBuilder();
    int lines = 1 + r.nextInt(20);
    for (int i = 0; i < lines; i++) {
      switch (r.nextInt(12)) {
        case 0 -> sb.append("{broken");
        case 1 -> sb.append("[1,2]");
        case 2 -> sb.append("{\"id\":{\"nested\":1},\"title\":\"x\"}");
        case 3 -> sb.append("{\"id\":\"").append("i".repeat(600)).append("\"}");
        case 4 -> sb.append("{\"id\":\"..\",\"title\":\"dots\"}");
        case 5 -> sb.append("{\"id\":\"\",\"title\":\"empty id\"}");
        case 6 -> sb.append("\r");
        case 7 -> sb.append("{\"_index\":\"other\",\"title\":\"x\"}");
        case 8 -> sb.append("{\"pages\":\"many\",\"id\":\"bad-pages-").append(i).append("\"}");
        case 9 -> sb.append("{\"index\":{\"_index\":\"fuzz-other\"}}");
        default -> sb.append(new JsonObject().put("id", "nd-" + r.nextInt(100)).put("title", randomText(r, 40))
          .put("genre", "fuzz").encode());
      }
      sb.append(r.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    if (r.nextInt(25) == 0) {
      sb.append("{\"pad\":\"").append("x".repeat(MAX_BULK)).append("\"}\n");
    }
    return new Case("broken NDJSON", HttpMethod.POST, "/documents/_bulk", Map.of("Authorization", "ApiKey " + KEY,
      "Content-Type", pick(r, "application/x-ndjson", "application/json", "text/plain")), Buffer.buffer(sb.toString()));
  }

  private static Case contentTypeCase(Random r) {
    String type = pick(r, "text/plain", "application/xml", "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=xyz", "multipart/form-data", "application/json; charset=ebcdic", "",
      "application/octet-stream", "image/png", "application/json, text/html");
    Buffer body = switch (r.nextInt(4)) {
      case 0 -> Buffer.buffer("a=1&b=2");
      case 1 -> Buffer.buffer("--xyz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.json\"\r\n\r\n{}\r\n"
        + "--xyz--\r\n");
      case 2 -> Buffer.buffer("<doc><title>x</title></doc>");
      default -> Buffer.buffer("{\"title\":\"typed\",\"genre\":\"fuzz\"}");
    };
    String uri = r.nextBoolean() ? "/documents/ct-" + r.nextInt(20) : pick(r, "/documents/_touch", "/documents/_bulk");
    HttpMethod method = uri.startsWith("/documents/ct-") ? pick(r, "PUT", "PATCH").equals("PUT") ? HttpMethod.PUT
      : HttpMethod.PATCH : HttpMethod.POST;
    Map<String, String> headers = new java.util.HashMap<>(Map.of("Authorization", "ApiKey " + KEY));
    if (!type.isEmpty()) {
      headers.put("Content-Type", type);
    }
    return new Case("wrong content types", method, uri, headers, body);
  }

  /** Unauthorised writes: every write endpoint with a missing or wrong key; must be refused and change nothing. */
  private static Case authCase(Random r) {
    String header = switch (r.nextInt(10)) {
      case 0 -> null;
      case 1 -> "ApiKey wrong";
      case 2 -> "Bearer " + KEY;
      case 3 -> "apikey " + KEY;
      case 4 -> "ApiKey " + KEY.toUpperCase();
      case 5 -> "ApiKey  " + KEY;
      case 6 -> "ApiKey " + KEY + "x";
      case 7 -> "Basic " + Base64.getEncoder().encodeToString(("admin:" + KEY).getBytes(StandardCharsets.UTF_8));
      case 8 -> KEY;
      default -> "ApiKey " + KEY.substring(0, KEY.length() - 1);
    };
    String target = knownIds.get(r.nextInt(knownIds.size()));
    Case c = switch (r.nextInt(7)) {
      case 0 -> new Case("missing/wrong API key", HttpMethod.POST, "/ingest", Map.of(), null);
      case 1 -> new Case("missing/wrong API key", HttpMethod.POST, "/documents/_bulk", Map.of(),
        Buffer.buffer("{\"id\":\"unauth-bulk\",\"title\":\"x\"}\n"));
      case 2 -> new Case("missing/wrong API key", HttpMethod.POST, "/documents/_touch", Map.of(), Buffer.buffer("{}"));
      case 3 -> new Case("missing/wrong API key", HttpMethod.DELETE, "/documents", Map.of(), null);
      case 4 -> new Case("missing/wrong API key", HttpMethod.PUT, "/documents/unauth-put", Map.of(),
        Buffer.buffer("{\"title\":\"x\"}"));
      case 5 -> new Case("missing/wrong API key", HttpMethod.PATCH, "/documents/" + target, Map.of(),
        Buffer.buffer("{\"title\":\"unauthorised\"}"));
      default -> new Case("missing/wrong API key", HttpMethod.DELETE, "/documents/" + target, Map.of(), null);
    };
    Map<String, String> headers = new java.util.HashMap<>(c.headers());
    if (header != null) {
      headers.put("Authorization", header);
    }
    return new Case(c.category(), c.method(), c.uri(), headers, c.body());
  }

  private static Case validCase(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> new Case("valid requests", HttpMethod.GET, "/documents/" + knownIds.get(r.nextInt(knownIds.size())),
        Map.of(), null);
      case 1 -> new Case("valid requests", HttpMethod.GET, "/search?q=" + pick(r, "the", "dragon", "love", "x")
        + "&size=" + (1 + r.nextInt(20)), Map.of(), null);
      case 2 -> new Case("valid requests", HttpMethod.GET, "/health", Map.of(), null);
      case 3 -> new Case("valid requests", HttpMethod.GET, "/export", Map.of(), null);
      default -> new Case("valid requests", HttpMethod.GET, "/", Map.of(), null);
    };
  }

  private static Case generate(Random r) {
    int k = r.nextInt(100);
    if (k < 20) {
      return searchCase(r);
    } else if (k < 38) {
      return pathCase(r);
    } else if (k < 48) {
      return methodCase(r);
    } else if (k < 60) {
      return bodyCase(r);
    } else if (k < 64) {
      return touchCase(r);
    } else if (k < 72) {
      return ndjsonCase(r);
    } else if (k < 80) {
      return contentTypeCase(r);
    } else if (k < 94) {
      return authCase(r);
    }
    return validCase(r);
  }

  // ------------------------------------------------------------------------------------------------ checks

  /** @return what is wrong with the answer, or {@code null} when it is acceptable */
  private static String problem(Outcome o) {
    if (o.error() != null) {
      return "no answer: " + o.error();
    }
    int s = o.status();
    if (s >= 500) {
      return "server error " + s;
    }
    if (s < 200 || (s >= 300 && s < 400)) {
      return "unexpected status " + s;
    }
    String body = o.body();
    for (String f : FORBIDDEN) {
      if (body.contains(f)) {
        return "answer contains '" + f + "'";
      }
    }
    if (o.c().method() == HttpMethod.HEAD) {
      return null;
    }
    String type = o.contentType() == null ? "" : o.contentType();
    if (s >= 400) {
      if (!type.startsWith("application/json")) {
        return "a " + s + " that is not JSON (" + type + "): " + abbreviate(body);
      }
      JsonObject json;
      try {
        json = new JsonObject(body);
      } catch (RuntimeException e) {
        return "a " + s + " with a body that is not a JSON object: " + abbreviate(body);
      }
      if (json.getString("error") == null || json.getInteger("status", -1) != s) {
        return "a " + s + " without error code or matching status: " + abbreviate(body);
      }
      return null;
    }
    return checkSuccess(o, type);
  }

  private static String checkSuccess(Outcome o, String type) {
    String path = o.c().uri().split("\\?")[0];
    try {
      if (path.equals("/export")) {
        if (!type.startsWith("application/x-ndjson")) {
          return "export answered " + type;
        }
        for (String line : o.body().split("\n")) {
          if (!line.isEmpty()) {
            new JsonObject(line);
          }
        }
        return null;
      }
      if (!type.startsWith("application/json")) {
        return "a " + o.status() + " that is not JSON (" + type + ")";
      }
      JsonObject json = new JsonObject(o.body());
      if (path.startsWith("/search")) {
        return json.getLong("total") != null && json.getJsonArray("results") != null && json.getJsonObject("facets")
          != null ? null : "search answer without total/results/facets: " + abbreviate(o.body());
      }
      if (path.equals("/documents/_bulk") || path.equals("/documents/_touch")) {
        return json.getLong("operations") != null ? null : "bulk answer without operations";
      }
      if (path.startsWith("/documents/") && o.c().method() == HttpMethod.GET) {
        String expected = java.net.URLDecoder.decode(path.substring("/documents/".length()).replace("+", "%2B"),
          StandardCharsets.UTF_8);
        if (expected.equals(".") || expected.equals("..") || expected.contains("/") || path.contains("/./")
          || path.contains("/../") || path.startsWith("//")) {
          // dot segments are resolved by the router (RFC 3986), so the request names another route: any clean JSON
          return null;
        }
        return expected.equals(json.getString("id")) && json.getJsonObject("document") != null ? null
          : "GET " + path + " answered document " + json.getString("id");
      }
      if (path.startsWith("/documents/")) {
        return json.getString("result") != null ? null : "write answer without result: " + abbreviate(o.body());
      }
      if (path.equals("/health")) {
        return "UP".equals(json.getString("status")) ? null : "health " + json;
      }
      return null;
    } catch (RuntimeException e) {
      return "a " + o.status() + " whose body does not parse: " + e.getMessage() + " " + abbreviate(o.body());
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /**
   * Service bugs this suite found (now fixed): answers matching one are counted and printed under their name, and
   * fail the test like any other problem ({@code -Dfuzz.strict=false} only reports them).
   */
  static String knownIssue(Outcome o, String problem) {
    String path = o.c().uri().split("\\?")[0];
    if (o.status() == 200 && problem.startsWith("answer contains '_exception'")
      && (path.equals("/documents/_bulk") || path.equals("/documents/_touch"))) {
      return "KNOWN-1: bulk/_touch summaries copy Elasticsearch item errors (error.type such as"
        + " document_parsing_exception / version_conflict_engine_exception and the raw reason) into 200 answers"
        + " (SearchVerticle.failure)";
    }
    if (o.status() == 400 && problem.startsWith("a 400 that is not JSON") && o.contentType() == null
      && "Bad Request".equals(o.body())) {
      return "KNOWN-2: malformed percent-encoding in the path or query (e.g. %ZZ, a lone %) is answered by Vert.x"
        + " Web with a plain-text '400 Bad Request' without content type: the router has no errorHandler(400)";
    }
    return null;
  }

  @Test
  void thousandsOfGeneratedRequestsGetCleanAnswersAndTheServiceStaysHealthy() throws Exception {
    Random random = new Random(SEED);
    List<Case> cases = new ArrayList<>(CASES);
    for (int i = 0; i < CASES; i++) {
      cases.add(generate(random));
    }
    Map<String, AtomicLong> byCategory = new ConcurrentHashMap<>();
    Map<Integer, AtomicLong> histogram = new ConcurrentHashMap<>();
    Map<String, List<Outcome>> problems = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Outcome> noAnswer = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger(IN_FLIGHT);
    long start = System.nanoTime();
    clientVertx.runOnContext(v -> {
      for (int i = 0; i < IN_FLIGHT; i++) {
        launch(cases, next, byCategory, histogram, problems, noAnswer, running, done);
      }
    });
    done.future().await(180, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    // The checks below use fresh connections: some fuzz cases leave a pooled client connection half-written (a body
    // the server answered early and never read), which says nothing about the service.
    HttpClient fuzzClient = http;
    http = clientVertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    fuzzClient.close();

    // Unauthorised writes changed nothing: the documents they aimed at were neither created nor changed nor deleted.
    Map<String, Integer> unauthorisedStatus = new TreeMap<>();
    for (String id : List.of("unauth-put", "unauth-bulk")) {
      unauthorisedStatus.put(id, send(new Case("check", HttpMethod.GET, "/documents/" + id, Map.of(), null))
        .await(30, TimeUnit.SECONDS).status());
    }
    long patched = observer.perform(HttpMethod.POST, "/" + INDEX + "/_count", null, new JsonObject()
      .put("query", new JsonObject().put("match_phrase", new JsonObject().put("title", "unauthorised"))))
      .await(30, TimeUnit.SECONDS).body().getLong("count");
    long deleted = knownIds.stream().filter(id -> send(new Case("check", HttpMethod.GET, "/documents/" + id, Map.of(),
      null)).toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join().status() != 200).count();

    Outcome health = send(new Case("check", HttpMethod.GET, "/health", Map.of(), null)).await(30, TimeUnit.SECONDS);

    StringBuilder report = new StringBuilder();
    report.append(String.format("%n==================== service fuzz summary ====================%n"));
    report.append(String.format("seed %d, %d cases in %.1f s against Elasticsearch %s%n", SEED, cases.size(), seconds,
      observer.info().await(30, TimeUnit.SECONDS).body().getJsonObject("version").getString("number")));
    report.append("cases by category:\n");
    new TreeMap<>(byCategory).forEach((k, v) -> report.append(String.format("  %-28s %d%n", k, v.get())));
    report.append("status histogram:\n");
    new TreeMap<>(histogram).forEach((k, v) -> report.append(String.format("  %-28s %d%n", k == -1 ? "no answer" : k,
      v.get())));
    Map<String, List<Outcome>> known = new TreeMap<>();
    Map<String, List<Outcome>> unknown = new TreeMap<>();
    problems.forEach((kind, list) -> list.forEach(o -> {
      String issue = knownIssue(o, kind.substring(kind.indexOf(" -> ") + 4));
      (issue == null ? unknown : known).computeIfAbsent(issue == null ? kind : issue, k -> new ArrayList<>()).add(o);
    }));
    report.append(String.format("known service bugs (reported): %d answers%n", known.values().stream()
      .mapToInt(List::size).sum()));
    known.forEach((issue, list) -> {
      report.append("  ").append(issue).append(" (").append(list.size()).append("x), e.g.\n");
      list.stream().limit(2).forEach(o -> report.append("    request: ").append(o.c()).append('\n')
        .append("    answer:  ").append(o.status()).append(' ').append(o.contentType()).append(' ')
        .append(abbreviate(o.body())).append('\n'));
    });
    report.append(String.format("new problems: %d kinds, %d answers%n", unknown.size(),
      unknown.values().stream().mapToInt(List::size).sum()));
    unknown.forEach((kind, list) -> {
      report.append("  ").append(kind).append(" (").append(list.size()).append("x), e.g.\n");
      list.stream().limit(3).forEach(o -> report.append("    request: ").append(o.c()).append('\n')
        .append("    answer:  ").append(o.status()).append(' ').append(o.contentType()).append(' ')
        .append(abbreviate(o.body())).append('\n'));
    });
    long serviceErrors = logs().stream().filter(l -> l.getLevel().intValue() >= Level.SEVERE.intValue()).count();
    report.append(String.format("service log: %d records, %d SEVERE%n", logs().size(), serviceErrors));
    logs().stream().filter(l -> l.getLevel().intValue() >= Level.SEVERE.intValue()).limit(3).forEach(l ->
      report.append("  ").append(l.getMessage()).append(": ").append(l.getThrown()).append('\n'));
    report.append(String.format("/health afterwards: %d %s%n", health.status(), health.body()));
    report.append(String.format("unauthorised writes: GET of their targets %s, documents patched %d, known"
      + " documents gone %d%n", unauthorisedStatus, patched, deleted));
    report.append("==============================================================");
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "service-fuzz-summary.txt"), report + "\n");

    assertThat(health.status()).isEqualTo(200);
    assertThat(unauthorisedStatus).as("documents created without the API key").containsOnly(
      Map.entry("unauth-bulk", 404), Map.entry("unauth-put", 404));
    assertThat(patched).as("documents patched without the API key").isZero();
    assertThat(deleted).as("documents deleted without the API key").isZero();
    assertThat(logs().stream().map(LogRecord::getMessage).toList()).as("service log mentions the API key")
      .noneMatch(m -> m != null && m.contains(KEY));
    assertThat(unknown).as("answers that are not a clean 4xx JSON error or a correct 2xx").isEmpty();
    if (!"false".equals(System.getProperty("fuzz.strict"))) {
      assertThat(known).as("known service bugs").isEmpty();
    }
  }

  private static void launch(List<Case> cases, AtomicInteger next, Map<String, AtomicLong> byCategory,
                             Map<Integer, AtomicLong> histogram, Map<String, List<Outcome>> problems,
                             ConcurrentLinkedQueue<Outcome> noAnswer, AtomicInteger running, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= cases.size()) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    Case c = cases.get(i);
    byCategory.computeIfAbsent(c.category(), k -> new AtomicLong()).incrementAndGet();
    send(c).onComplete(ar -> {
      Outcome o = ar.result();
      histogram.computeIfAbsent(o.status(), k -> new AtomicLong()).incrementAndGet();
      String p = problem(o);
      if (p != null) {
        String kind = p.replaceAll(": .*", "").replaceAll("\\(.*\\)", "");
        problems.computeIfAbsent(c.category() + " -> " + kind, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
          .add(o);
      }
      launch(cases, next, byCategory, histogram, problems, noAnswer, running, done);
    });
  }
}
