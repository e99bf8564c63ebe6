package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.example.TrafficGenerator.Call;
import dev.vertx.elasticsearch.example.TrafficGenerator.Settings;
import dev.vertx.elasticsearch.example.TrafficGenerator.Summary;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the traffic generator against a stub HTTP server on loopback. */
class TrafficGeneratorTest {

  private static final Pattern SEARCH_QUERY = Pattern.compile("/search\\?q=([^&/]+)");
  private static final Pattern SEARCH_PATH = Pattern.compile("/search/([^/?]+)");
  private static final Pattern DOCUMENT = Pattern.compile("/documents/book-(\\d{5})");

  /** One request the stub received. */
  record Received(HttpMethod method, String uri, String authorization) {
  }

  /** When the stub received a request or sent an answer, by URI. */
  record Event(String what, String uri, long nanos) {
  }

  private Vertx vertx;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private long responseDelayMillis;
  private long ingestDelayMillis;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private String startStub() throws Exception {
    HttpServer server = vertx.createHttpServer()
      .requestHandler(this::answer)
      .listen(0, "127.0.0.1")
      .await(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + server.actualPort();
  }

  private void answer(HttpServerRequest request) {
    received.add(new Received(request.method(), request.uri(), request.getHeader("Authorization")));
    events.add(new Event("received", request.uri(), System.nanoTime()));
    int status = request.path().equals("/error") ? 500 : 200;
    Runnable reply = () -> {
      events.add(new Event("answered", request.uri(), System.nanoTime()));
      request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json").end("{\"ok\":" + (status == 200) + "}");
    };
    long delay = request.path().equals("/ingest") ? ingestDelayMillis : responseDelayMillis;
    if (delay > 0) {
      vertx.setTimer(delay, id -> reply.run());
    } else {
      reply.run();
    }
  }

  private Summary run(Settings settings, long timeoutSeconds) throws Exception {
    TrafficGenerator generator = new TrafficGenerator(vertx, settings);
    try {
      return generator.run().await(timeoutSeconds, TimeUnit.SECONDS);
    } finally {
      generator.close();
    }
  }

  private static boolean isKnownRead(Received r) {
    if (r.method() != HttpMethod.GET) {
      return false;
    }
    String uri = r.uri();
    Matcher query = SEARCH_QUERY.matcher(uri);
    if (query.matches()) {
      return TrafficGenerator.QUERIES.contains(URLDecoder.decode(query.group(1), StandardCharsets.UTF_8));
    }
    Matcher path = SEARCH_PATH.matcher(uri);
    if (path.matches()) {
      // A path segment: spaces are %20, never '+'.
      return !path.group(1).contains("+")
        && TrafficGenerator.QUERIES.contains(URLDecoder.decode(path.group(1), StandardCharsets.UTF_8));
    }
    Matcher document = DOCUMENT.matcher(uri);
    if (document.matches()) {
      int n = Integer.parseInt(document.group(1));
      return n >= 1 && n <= 3000;
    }
    return uri.equals("/") || uri.equals("/error");
  }

  @Test
  void aBoundedRunCallsTheServiceEndpointsAndStaysWithinRateTimesDuration() throws Exception {
    String target = startStub();
    long started = System.nanoTime();

    Summary summary = run(new Settings(target, 20, 1, null, false, 3000, 5_000, 42L), 10);

    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(summary.sent()).isEqualTo(received.size()).isBetween(5L, 20L);
    assertThat(summary.answered()).isEqualTo(summary.sent());
    assertThat(summary.failed()).isZero();
    assertThat(received).allSatisfy(r -> assertThat(isKnownRead(r)).as(r.toString()).isTrue());
    assertThat(received).anySatisfy(r -> assertThat(r.uri()).startsWith("/search"));
    assertThat(received).noneSatisfy(r -> assertThat(r.authorization()).isNotNull());
    long errors = received.stream().filter(r -> r.uri().equals("/error")).count();
    assertThat(summary.serverErrors()).isEqualTo(errors);
    assertThat(summary.succeeded()).isEqualTo(summary.sent() - errors);
    assertThat(elapsedMillis).as("a 1 s run ends soon after 1 s").isLessThan(5_000);
  }

  @Test
  void slowAnswersNeverPushTheCountAboveTheBudget() throws Exception {
    String target = startStub();
    responseDelayMillis = 400;

    Summary summary = run(new Settings(target, 10, 2, null, false, 3000, 5_000, 1L), 15);

    assertThat(summary.sent()).isLessThanOrEqualTo(20).isGreaterThanOrEqualTo(5);
    assertThat(received).hasSize((int) summary.sent());
    assertThat(summary.answered()).as("the run waits for the answers in flight").isEqualTo(summary.sent());
  }

  @Test
  void ingestOnStartSendsOnePostWithTheApiKeyAndReadsOnlyOnceItIsAnswered() throws Exception {
    String target = startStub();
    ingestDelayMillis = 500;

    Summary summary = run(new Settings(target + "/", 10, 2, "s3cret", true, 10, 5_000, 3L), 10);

    assertThat(summary.sent()).isLessThanOrEqualTo(20).isGreaterThan(2).isEqualTo(received.size());
    long ingestAnswered = events.stream().filter(e -> e.what().equals("answered") && e.uri().equals("/ingest"))
      .mapToLong(Event::nanos).findFirst().orElseThrow();
    assertThat(events).filteredOn(e -> e.what().equals("received") && !e.uri().equals("/ingest"))
      .allSatisfy(e -> assertThat(e.nanos()).as(e.uri() + " after the ingest answer").isGreaterThan(ingestAnswered));
    List<Received> posts = received.stream().filter(r -> r.method() == HttpMethod.POST).toList();
    assertThat(posts).containsExactly(new Received(HttpMethod.POST, "/ingest", "ApiKey s3cret"));
    assertThat(received.get(0).uri()).isEqualTo("/ingest");
    assertThat(received.subList(1, received.size())).allSatisfy(r -> {
      assertThat(isKnownRead(r)).as(r.toString()).isTrue();
      assertThat(r.authorization()).isNull();
    });
    assertThat(received).filteredOn(r -> r.uri().startsWith("/documents/"))
      .allSatisfy(r -> assertThat(Integer.parseInt(r.uri().substring("/documents/book-".length()))).isBetween(1, 10));
  }

  @Test
  void anUnreachableServiceIsCountedAsFailuresNotFatal() throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response().end())
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    int port = server.actualPort();
    server.close().await(10, TimeUnit.SECONDS);

    Summary summary = run(new Settings("http://127.0.0.1:" + port, 10, 1, null, false, 3000, 2_000, 5L), 15);

    assertThat(summary.sent()).isBetween(1L, 10L);
    assertThat(summary.failed()).isEqualTo(summary.sent());
    assertThat(summary.answered()).isZero();
  }

  @Test
  void aBudgetBelowOneRequestSendsNothing() throws Exception {
    String target = startStub();

    Summary summary = run(new Settings(target, 0.5, 1, null, false, 3000, 5_000, null), 10);

    assertThat(summary.sent()).isZero();
    assertThat(received).isEmpty();
  }

  @Test
  void withoutADurationItRunsUntilStopped() throws Exception {
    String target = startStub();
    TrafficGenerator generator = new TrafficGenerator(vertx, Settings.of(target, 50, 0));
    try {
      var done = generator.run();
      Thread.sleep(400);
      assertThat(done.isComplete()).isFalse();
      generator.stop();
      Summary summary = done.await(10, TimeUnit.SECONDS);
      assertThat(summary.sent()).isPositive().isEqualTo(received.size());
      // 50/s for well under a second (plus scheduling slack), never a burst beyond the elapsed time.
      assertThat(summary.sent()).isLessThanOrEqualTo(50);
    } finally {
      generator.close();
    }
  }

  @Test
  void theRequestMixIsMostlySearchesAndReadsWithAnOccasionalError() {
    TrafficGenerator generator = new TrafficGenerator(vertx, new Settings("http://localhost:8080", 2, 0, null,
      false, 3000, 10_000, 7L));
    Map<String, Integer> kinds = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      Call call = generator.nextCall();
      Received asReceived = new Received(call.method(), call.path(), null);
      assertThat(isKnownRead(asReceived)).as(call.toString()).isTrue();
      String kind = call.path().startsWith("/search?") ? "search-query" : call.path().startsWith("/search/")
        ? "search-path" : call.path().startsWith("/documents/") ? "document" : call.path();
      kinds.merge(kind, 1, Integer::sum);
    }
    generator.close();
    assertThat(kinds).containsOnlyKeys("search-query", "search-path", "document", "/", "/error");
    assertThat(kinds.get("/error")).as("errors now and then").isBetween(60, 300);
    assertThat(kinds.get("search-query") + kinds.get("search-path")).isGreaterThan(kinds.get("document"));
  }

  @Test
  void settingsComeFromTheEnvironmentWithDefaults() {
    Settings defaults = Settings.fromEnvironment(Map.of());
    assertThat(defaults.targetUrl()).isEqualTo("http://localhost:8080");
    assertThat(defaults.ratePerSecond()).isEqualTo(2.0);
    assertThat(defaults.durationSeconds()).isZero();
    assertThat(defaults.maxRequests()).isEqualTo(Long.MAX_VALUE);
    assertThat(defaults.ingestOnStart()).isFalse();
    assertThat(defaults.apiKey()).isNull();
    assertThat(defaults.seed()).isNull();

    Settings custom = Settings.fromEnvironment(Map.of(
      "TARGET_URL", "http://service:8080/", "RATE_PER_SECOND", "2.5", "DURATION_SECONDS", "3",
      "SERVICE_API_KEY", "demo-key", "INGEST_ON_START", "true", "TRAFFIC_SEED", "9"));
    assertThat(custom.targetUrl()).isEqualTo("http://service:8080");
    assertThat(custom.maxRequests()).isEqualTo(7);
    assertThat(custom.apiKey()).isEqualTo("demo-key");
    assertThat(custom.ingestOnStart()).isTrue();
    assertThat(custom.seed()).isEqualTo(9L);

    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("RATE_PER_SECOND", "fast")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RATE_PER_SECOND");
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("RATE_PER_SECOND", "0")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RATE_PER_SECOND");
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("DURATION_SECONDS", "-1")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DURATION_SECONDS");
    assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("TARGET_URL", "service:8080")))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TARGET_URL");
  }
}
