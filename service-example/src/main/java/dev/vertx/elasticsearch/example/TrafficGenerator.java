package dev.vertx.elasticsearch.example;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends a steady trickle of requests to the example search service, so that there are traces to look at: searches
 * with a few queries, document reads, the service's root, and now and then {@code GET /error}. The counterpart of the
 * {@code ping} container of the Python client's FastAPI example, written with the Vert.x Web Client.
 *
 * <p>Configured from the environment:
 * <ul>
 *   <li>{@code TARGET_URL} the service, default {@code http://localhost:8080}</li>
 *   <li>{@code RATE_PER_SECOND} requests per second (fractions allowed), default 2</li>
 *   <li>{@code DURATION_SECONDS} how long to run, default 0 = until stopped; with a duration a run sends at most
 *       {@code floor(RATE_PER_SECOND * DURATION_SECONDS)} requests</li>
 *   <li>{@code INGEST_ON_START} {@code true} to send {@code POST /ingest} first and start the reads once it is
 *       answered (it counts as one of the requests), default false; {@code SERVICE_API_KEY} is sent with it as
 *       {@code Authorization: ApiKey <key>}</li>
 *   <li>{@code DOCUMENT_COUNT} ids read are {@code book-00001} .. {@code book-<count>}, default 3000 (the sample data)</li>
 *   <li>{@code REQUEST_TIMEOUT_MS} per request, default 10000; {@code TRAFFIC_SEED} fixes the request mix</li>
 * </ul>
 *
 * <p>Run it next to the service with {@code java -cp service.jar dev.vertx.elasticsearch.example.TrafficGenerator}.
 * Failed requests are counted and logged, never fatal.
 */
public final class TrafficGenerator {

  /** Search terms that find something in the sample data (and a couple that find little). */
  static final List<String> QUERIES = List.of(
    "dragon", "winter river", "murder lighthouse", "java concurrency", "sourdough bread", "space station",
    "silk road", "hollow house", "garden", "distributed systems", "vineyard", "quantum physics");

  /** What one request is: method and path with its query string, already encoded. */
  public record Call(HttpMethod method, String path) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** The counts of one run. */
  public record Summary(long sent, long succeeded, long clientErrors, long serverErrors, long failed) {
    /** @return requests that got an answer of any status */
    public long answered() {
      return succeeded + clientErrors + serverErrors;
    }

    @Override
    public String toString() {
      return "sent=" + sent + " 2xx/3xx=" + succeeded + " 4xx=" + clientErrors + " 5xx=" + serverErrors
        + " failed=" + failed;
    }
  }

  /** The generator's settings; {@link #fromEnvironment(Map)} reads the variables listed on the class. */
  public record Settings(String targetUrl, double ratePerSecond, long durationSeconds, String apiKey,
                         boolean ingestOnStart, int documentCount, long requestTimeoutMillis, Long seed) {

    /** Validates and normalises (no trailing slash on the URL). */
    public Settings {
      Objects.requireNonNull(targetUrl, "targetUrl");
      URI uri;
      try {
        uri = URI.create(targetUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("TARGET_URL is not a URL: " + targetUrl, e);
      }
      if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
        throw new IllegalArgumentException("TARGET_URL must be an http(s) URL with a host: " + targetUrl);
      }
      while (targetUrl.endsWith("/")) {
        targetUrl = targetUrl.substring(0, targetUrl.length() - 1);
      }
      if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond) || ratePerSecond > 10_000) {
        throw new IllegalArgumentException("RATE_PER_SECOND must be > 0 and <= 10000: " + ratePerSecond);
      }
      if (durationSeconds < 0) {
        throw new IllegalArgumentException("DURATION_SECONDS must be >= 0 (0 = run until stopped): " + durationSeconds);
      }
      if (documentCount < 1) {
        throw new IllegalArgumentException("DOCUMENT_COUNT must be >= 1: " + documentCount);
      }
      if (requestTimeoutMillis < 1) {
        throw new IllegalArgumentException("REQUEST_TIMEOUT_MS must be >= 1: " + requestTimeoutMillis);
      }
      apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    /**
     * @param target the service's base URL
     * @param ratePerSecond requests per second
     * @param durationSeconds 0 = forever
     * @return settings with the other values at their defaults
     */
    public static Settings of(String target, double ratePerSecond, long durationSeconds) {
      return new Settings(target, ratePerSecond, durationSeconds, null, false, 3000, 10_000, null);
    }

    /**
     * @param env the environment, usually {@link System#getenv()}
     * @return the settings it describes
     * @throws IllegalArgumentException for a malformed value, naming the variable
     */
    public static Settings fromEnvironment(Map<String, String> env) {
      String seed = value(env, "TRAFFIC_SEED", null);
      return new Settings(
        value(env, "TARGET_URL", "http://localhost:8080"),
        parseDouble(env, "RATE_PER_SECOND", "2"),
        parseLong(env, "DURATION_SECONDS", "0"),
        value(env, "SERVICE_API_KEY", null),
        Boolean.parseBoolean(value(env, "INGEST_ON_START", "false")),
        (int) parseLong(env, "DOCUMENT_COUNT", "3000"),
        parseLong(env, "REQUEST_TIMEOUT_MS", "10000"),
        seed == null ? null : parseLong(env, "TRAFFIC_SEED", null));
    }

    /** @return the most requests a run may send: {@code floor(rate * duration)}, unbounded without a duration */
    public long maxRequests() {
      return durationSeconds == 0 ? Long.MAX_VALUE : (long) Math.floor(ratePerSecond * durationSeconds);
    }

    private static String value(Map<String, String> env, String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static double parseDouble(Map<String, String> env, String name, String fallback) {
      return parse(env, name, fallback, Double::parseDouble, "a number");
    }

    private static long parseLong(Map<String, String> env, String name, String fallback) {
      return parse(env, name, fallback, Long::parseLong, "a whole number");
    }

    private static <T> T parse(Map<String, String> env, String name, String fallback, Function<String, T> parser,
                               String what) {
      String v = value(env, name, fallback);
      try {
        return parser.apply(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " is not " + what + ": " + v, e);
      }
    }
  }

  /** How long {@code POST /ingest} may take at least (it recreates the index and loads the sample data). */
  static final long INGEST_TIMEOUT_MILLIS = 120_000;

  private final Vertx vertx;
  private final Settings settings;
  private final WebClient client;
  private final Random random;
  private final Context context;
  private final Promise<Summary> done = Promise.promise();

  // State below is only touched on `context`.
  private long timerId = -1;
  private long runStartNanos;
  private long scheduleStartNanos;
  private long sentBeforeSchedule;
  private boolean stopping;
  private long sent;
  private long inFlight;
  private long succeeded;
  private long clientErrors;
  private long serverErrors;
  private long failed;

  /**
   * @param vertx the Vert.x instance to run on (not closed by the generator)
   * @param settings what to call and how often
   */
  public TrafficGenerator(Vertx vertx, Settings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = settings.seed() == null ? new Random() : new Random(settings.seed());
    this.context = vertx.getOrCreateContext();
    WebClientOptions options = new WebClientOptions()
      .setUserAgent("vertx-elasticsearch-demo-traffic")
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.requestTimeoutMillis()))
      .setKeepAlive(true);
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(16));
  }

  /**
   * Starts sending. With a duration the returned future completes once the duration is over (or the request budget
   * is spent) and the last answer or failure is in; without one it completes only after {@link #stop()}.
   *
   * @return the counts of the run
   */
  public Future<Summary> run() {
    context.runOnContext(v -> {
      runStartNanos = System.nanoTime();
      if (settings.durationSeconds() > 0) {
        vertx.setTimer(TimeUnit.SECONDS.toMillis(settings.durationSeconds()), id -> stop());
      }
      if (settings.ingestOnStart() && settings.maxRequests() >= 1) {
        // Reads start once the index is loaded: searching while it is being recreated would only find nothing.
        send(new Call(HttpMethod.POST, "/ingest"), Math.max(settings.requestTimeoutMillis(), INGEST_TIMEOUT_MILLIS))
          .onComplete(ar -> startSchedule());
      } else {
        startSchedule();
      }
    });
    return done.future();
  }

  private void startSchedule() {
    if (stopping) {
      return;
    }
    scheduleStartNanos = System.nanoTime();
    sentBeforeSchedule = sent;
    tick();
    if (!stopping) {
      // Checks often enough for a smooth rate; the number due is computed from the elapsed time, so timer jitter
      // neither speeds the generator up nor lets it exceed the budget.
      long every = Math.max(1, Math.min(100, Math.round(1000 / settings.ratePerSecond())));
      timerId = vertx.setPeriodic(every, every, id -> tick());
    }
  }

  /** Stops sending; the future of {@link #run()} completes once the requests in flight are answered. */
  public void stop() {
    context.runOnContext(v -> {
      if (stopping) {
        return;
      }
      stopping = true;
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
      }
      completeIfIdle();
    });
  }

  /** Releases the HTTP client (the Vert.x instance stays open). */
  public void close() {
    client.close();
  }

  private void tick() {
    if (stopping) {
      return;
    }
    long now = System.nanoTime();
    if (settings.durationSeconds() > 0 && now - runStartNanos >= TimeUnit.SECONDS.toNanos(settings.durationSeconds())) {
      stop();
      return;
    }
    double elapsedSeconds = (now - scheduleStartNanos) / 1e9;
    long due = Math.min(settings.maxRequests(),
      sentBeforeSchedule + (long) Math.floor(elapsedSeconds * settings.ratePerSecond()) + 1);
    while (sent < due) {
      send(nextCall(), settings.requestTimeoutMillis());
    }
    if (sent >= settings.maxRequests()) {
      stop();
    }
  }

  /** @return the next read request of the mix (package-private for the tests) */
  Call nextCall() {
    int roll = random.nextInt(100);
    if (roll < 35) {
      return new Call(HttpMethod.GET, "/search?q=" + URLEncoder.encode(query(), StandardCharsets.UTF_8));
    }
    if (roll < 50) {
      return new Call(HttpMethod.GET, "/search/" + pathSegment(query()));
    }
    if (roll < 80) {
      return new Call(HttpMethod.GET, "/documents/" + String.format(Locale.ROOT, "book-%05d",
        1 + random.nextInt(settings.documentCount())));
    }
    if (roll < 92) {
      return new Call(HttpMethod.GET, "/");
    }
    return new Call(HttpMethod.GET, "/error");
  }

  private String query() {
    return QUERIES.get(random.nextInt(QUERIES.size()));
  }

  private static String pathSegment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Future<HttpResponse<Buffer>> send(Call call, long timeoutMillis) {
    sent++;
    inFlight++;
    long started = System.nanoTime();
    HttpRequest<Buffer> request = client.requestAbs(call.method(), settings.targetUrl() + call.path())
      .timeout(timeoutMillis);
    if (call.method() != HttpMethod.GET && settings.apiKey() != null) {
      request.putHeader("Authorization", "ApiKey " + settings.apiKey());
    }
    Future<HttpResponse<Buffer>> response =
      call.method() == HttpMethod.GET ? request.send() : request.sendBuffer(Buffer.buffer());
    response.onComplete(ar -> {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (ar.succeeded()) {
        int status = ar.result().statusCode();
        if (status >= 500) {
          serverErrors++;
        } else if (status >= 400) {
          clientErrors++;
        } else {
          succeeded++;
        }
        System.out.printf(Locale.ROOT, "%-40s -> %d in %d ms%n", call, status, millis);
      } else {
        failed++;
        System.out.printf(Locale.ROOT, "%-40s -> failed after %d ms: %s: %s%n", call, millis,
          ar.cause().getClass().getSimpleName(), ar.cause().getMessage());
      }
      inFlight--;
      completeIfIdle();
    });
    return response;
  }

  private void completeIfIdle() {
    if (stopping && inFlight == 0) {
      done.tryComplete(summary());
    }
  }

  private Summary summary() {
    return new Summary(sent, succeeded, clientErrors, serverErrors, failed);
  }

  /**
   * Runs with the settings from the environment until the duration is over, or forever.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    Settings settings;
    try {
      settings = Settings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("traffic generator: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.printf(Locale.ROOT, "traffic generator: %s, %s requests/s, %s%n", settings.targetUrl(),
      settings.ratePerSecond(), settings.durationSeconds() == 0 ? "until stopped"
        : settings.durationSeconds() + " s (at most " + settings.maxRequests() + " requests)");
    Vertx vertx = Vertx.vertx();
    TrafficGenerator generator = new TrafficGenerator(vertx, settings);
    Thread shutdown = new Thread(() -> {
      generator.stop();
      try {
        System.out.println("traffic generator: " + generator.done.future().await(5, TimeUnit.SECONDS));
      } catch (Exception e) {
        // requests still open at exit: nothing more to report
      }
    }, "traffic-generator-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    Summary summary = generator.run().await();
    System.out.println("traffic generator: done, " + summary);
    Runtime.getRuntime().removeShutdownHook(shutdown);
    generator.close();
    vertx.close().await();
  }
}
