package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.TlsException;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.TestLog;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.Credentials;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Credentials never leak: for each kind (basic in the options, basic as URL user info, API key as id + key, encoded
 * API key, bearer token) a client goes through failures, retries, a dead node, sniffing (failed and successful),
 * timeouts, a 401 and TLS errors (untrusted certificate, wrong pinned fingerprint), while every log record (all
 * levels, all loggers), every span with its attributes and events, every exception with its causes, suppressed and
 * attempt errors, and the options' {@code toString()} are searched for the secret and for the header value it makes.
 */
@ExtendWith(ReliabilityReport.class)
class SecretsTest {

  enum Kind { BASIC_OPTIONS, BASIC_URL, API_KEY_ID_AND_KEY, API_KEY_ENCODED, BEARER }

  private static final String USER = "reliability-user";
  private static final String PASSWORD = "Pw-basic-7c1e9";
  private static final String URL_PASSWORD = "Pw-url-44d2b";
  private static final String KEY_ID = "key-id-91ab";
  private static final String KEY = "Key-secret-0f3a8";
  private static final String ENCODED = Base64.getEncoder().encodeToString("enc-id:Enc-secret-77aa"
    .getBytes(StandardCharsets.UTF_8));
  private static final String TOKEN = "Bearer-token-5e2b1";

  private static Vertx vertx;
  private static OpenTelemetrySdk otel;
  private static InMemorySpanExporter exporter;
  private static SelfSignedCertificate cert;
  private static long checkedTexts;

  @BeforeAll
  static void setUp() {
    exporter = InMemorySpanExporter.create();
    otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    vertx = Vertx.builder().with(new VertxOptions().setTracingOptions(new OpenTelemetryOptions()))
      .withTracer(new OpenTelemetryTracingFactory(otel)).build();
    cert = SelfSignedCertificate.create("localhost");
  }

  @AfterAll
  static void tearDown() {
    result(vertx.close());
    otel.close();
    cert.delete();
    ReliabilityReport.add("texts searched for secrets", checkedTexts);
  }

  /** @return the strings that must never show: the secret itself and the header value it becomes */
  private static List<String> forbidden(Kind kind) {
    return switch (kind) {
      case BASIC_OPTIONS -> List.of(PASSWORD, b64(USER + ":" + PASSWORD));
      case BASIC_URL -> List.of(URL_PASSWORD, b64(USER + ":" + URL_PASSWORD), USER + ":" + URL_PASSWORD);
      case API_KEY_ID_AND_KEY -> List.of(KEY, b64(KEY_ID + ":" + KEY));
      case API_KEY_ENCODED -> List.of(ENCODED, "Enc-secret-77aa");
      case BEARER -> List.of(TOKEN);
    };
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static TransportOptions withCredentials(Kind kind, TransportOptions options, String... urls) {
    List<String> hosts = new ArrayList<>();
    for (String url : urls) {
      hosts.add(kind == Kind.BASIC_URL ? url.replace("://", "://" + USER + ":" + URL_PASSWORD + "@") : url);
    }
    options.setHosts(hosts);
    switch (kind) {
      case BASIC_OPTIONS -> options.setCredentials(Credentials.basic(USER, PASSWORD));
      case API_KEY_ID_AND_KEY -> options.setCredentials(Credentials.apiKey(KEY_ID, KEY));
      case API_KEY_ENCODED -> options.setCredentials(Credentials.apiKey(ENCODED));
      case BEARER -> options.setCredentials(Credentials.bearer(TOKEN));
      default -> { }
    }
    return options;
  }

  private static void assertClean(Kind kind, String where, String text) {
    checkedTexts++;
    for (String secret : forbidden(kind)) {
      assertThat(text).as(where + " must not contain the " + kind + " secret").doesNotContain(secret);
    }
  }

  /** Every message, toString and stack trace of the error, its causes, suppressed and attempt errors. */
  private static void assertCleanError(Kind kind, String where, Throwable error) {
    if (error == null) {
      return;
    }
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    assertClean(kind, where + " stack trace", trace.toString());
    Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>(List.of(error));
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(todo.size() - 1);
      if (!seen.add(t)) {
        continue;
      }
      assertClean(kind, where + " " + t.getClass().getSimpleName() + ".toString()", String.valueOf(t));
      assertClean(kind, where + " message", String.valueOf(t.getMessage()));
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(List.of(t.getSuppressed()));
      if (t instanceof dev.vertx.elasticsearch.error.ElasticsearchException e) {
        todo.addAll(e.attemptErrors());
      }
      if (t instanceof dev.vertx.elasticsearch.error.ApiException api) {
        assertClean(kind, where + " body", api.body());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void credentialsNeverShowInLogsSpansErrorsOrOptions(Kind kind) throws Exception {
    exporter.reset();
    List<Throwable> errors = new ArrayList<>();
    try (LogCapture logs = LogCapture.start("", Level.ALL);
         FaultyServer server = FaultyServer.start(vertx);
         FaultyServer tls = FaultyServer.start(vertx, new HttpServerOptions().setSsl(true)
           .setKeyCertOptions(cert.keyCertOptions()))) {
      AtomicInteger searches = new AtomicInteger();
      AtomicInteger sniffs = new AtomicInteger();
      String sniffAnswer = "{\"nodes\":{\"n1\":{\"name\":\"n1\",\"roles\":[\"data\"],\"http\":{\"publish_address\":"
        + "\"127.0.0.1:" + server.port() + "\"}}}}";
      server.otherwise(r -> {
        String path = r.request().path();
        if (path.startsWith("/_nodes")) {
          (sniffs.incrementAndGet() % 2 == 1 ? FaultyServer.ok(sniffAnswer) : FaultyServer.error(500, "sniff_failed"))
            .handle(r);
        } else if (path.startsWith("/denied")) {
          FaultyServer.error(401, "security_exception").handle(r);
        } else if (path.startsWith("/stall")) {
          FaultyServer.stall().handle(r);
        } else {
          switch (searches.incrementAndGet()) {
            case 1 -> FaultyServer.reset().handle(r);
            case 2 -> FaultyServer.truncated().handle(r);
            case 3 -> FaultyServer.error(503, "unavailable_shards_exception").handle(r);
            default -> FaultyServer.ok("{\"took\":1}").handle(r);
          }
        }
      });
      TransportOptions options = withCredentials(kind, new TransportOptions()
        .setRetry(new RetryConfig().withMaxRetries(5).withBackoff(1, 5))
          .setSniffOnNodeFailure(true).setMinDelayBetweenSniffs(1)
          .setRequestTimeout(2_000).setDeadNodeBackoffBase(10_000),
        FaultyServer.refusedUrl(), server.url());
      ElasticsearchClientOptions clientOptions = new ElasticsearchClientOptions().setTransport(options)
        .setOpenTelemetry(otel).setTracingPolicy(TracingPolicy.ALWAYS);
      ElasticsearchClient client = ElasticsearchClient.create(vertx, clientOptions);
      try {
        ElasticsearchResponse ok = result(client.perform(HttpMethod.GET, "/_search", null, null));
        assertThat(ok.attempts()).isGreaterThan(1);
        ReliabilityReport.add(ReliabilityReport.RETRIED, ok.attempts() - 1);
        for (Throwable e : ok.transportResponse().attemptErrors()) {
          errors.add(e);
        }
        errors.add(Await.failure(client.perform(HttpMethod.GET, "/denied", null, null)));
        errors.add(Await.failure(client.withOptions(new CallOptions().setRequestTimeout(150L))
          .perform(HttpMethod.GET, "/stall", null, null)));
        // a sniff that fails (the server answers 500 every second time), and one that succeeds
        Future<?> firstSniff = client.transport().sniff();
        Throwable sniffError = Await.result(firstSniff.transform(ar -> Future.succeededFuture(ar.cause())));
        errors.add(sniffError);
        Throwable secondSniff = Await.result(client.transport().sniff().transform(ar -> Future.succeededFuture(ar.cause())));
        errors.add(secondSniff);
        assertThat(sniffs.get()).isGreaterThanOrEqualTo(2);
        // per-request credentials on a view
        ElasticsearchClient view = client.withOptions(new CallOptions().setCredentials(Credentials.bearer(TOKEN))
          .setOpaqueId("secrets-test"));
        result(view.perform(HttpMethod.GET, "/_search", null, null));
        assertClean(Kind.BEARER, "CallOptions.toString()", new CallOptions().setCredentials(
          Credentials.bearer(TOKEN)).toString());

        assertClean(kind, "TransportOptions.toString()", options.toString());
        assertClean(kind, "ElasticsearchClientOptions.toString()", clientOptions.toString());
        assertClean(kind, "nodes", client.transport().nodes().toString());
        assertClean(kind, "TransportRequest.toString()", TransportRequest.of(HttpMethod.GET, "/_search").toString());
        if (options.getCredentials() != null) {
          assertClean(kind, "Credentials.toString()", options.getCredentials().toString());
        }
      } finally {
        result(client.close());
      }
      errors.add(Await.failure(client.perform(HttpMethod.GET, "/closed", null, null)));

      // TLS: an untrusted certificate and a wrong pinned fingerprint fail with a TlsException that names no secret;
      // the right fingerprint works.
      String httpsUrl = "https://localhost:" + tls.port();
      for (TransportOptions tlsOptions : List.of(
        withCredentials(kind, new TransportOptions().setRetry(RetryConfig.NONE), httpsUrl),
        withCredentials(kind, new TransportOptions().setRetry(RetryConfig.NONE)
          .setCertificateFingerprint("00" + fingerprint().substring(2)), httpsUrl))) {
        ElasticsearchClient tlsClient = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
          .setTransport(tlsOptions).setOpenTelemetry(otel).setTracingPolicy(TracingPolicy.ALWAYS));
        try {
          Throwable error = Await.failure(tlsClient.perform(HttpMethod.GET, "/", null, null));
          assertThat(error).isInstanceOf(TlsException.class);
          errors.add(error);
          assertClean(kind, "TLS options toString()", tlsOptions.toString());
        } finally {
          result(tlsClient.close());
        }
      }
      ElasticsearchClient pinned = ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
        withCredentials(kind, new TransportOptions().setCertificateFingerprint(fingerprint()), httpsUrl)));
      try {
        assertThat(result(pinned.perform(HttpMethod.GET, "/", null, null)).status()).isEqualTo(200);
        // the credentials did reach the server, so the checks above were looking for something real
        String authorization = tls.requests().get(tls.requests().size() - 1).headers().get("Authorization");
        assertThat(forbidden(kind).stream().anyMatch(authorization::contains)).isTrue();
      } finally {
        result(pinned.close());
      }

      // configuration errors that quote a host URL hide its user info
      for (String bad : List.of("ftp://" + USER + ":" + URL_PASSWORD + "@h:1", "http://" + USER + ":" + URL_PASSWORD
        + "@h:1/?q=1", "http://" + USER + ":" + URL_PASSWORD + "@bad host:1")) {
        Throwable error = catchThrowable(() -> ElasticsearchClient.create(vertx, ElasticsearchClientOptions
          .forHosts(bad)));
        assertThat(error).isInstanceOf(IllegalArgumentException.class);
        assertCleanError(Kind.BASIC_URL, "invalid host error", error);
        assertClean(Kind.BASIC_URL, "options with invalid host", String.valueOf(catchThrowable(() ->
          new TransportOptions().setHosts(bad).toString())));
      }
      if (kind != Kind.BASIC_URL) {
        Throwable conflict = catchThrowable(() -> ElasticsearchClient.create(vertx, new ElasticsearchClientOptions()
          .setTransport(withCredentials(kind, new TransportOptions(), server.url())
            .setHosts("http://" + USER + ":" + URL_PASSWORD + "@127.0.0.1:1"))));
        if (kind != Kind.BASIC_OPTIONS || conflict != null) {
          assertCleanError(Kind.BASIC_URL, "conflicting credentials error", conflict);
        }
      }

      for (int i = 0; i < errors.size(); i++) {
        assertCleanError(kind, "error " + i, errors.get(i));
      }
      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertThat(spans).isNotEmpty();
      for (SpanData span : spans) {
        assertClean(kind, "span " + span.getName(), span.getName() + " " + span.getAttributes() + " "
          + span.getEvents() + " " + span.getStatus() + " " + span.getLinks() + " " + span.getResource());
      }
      String logText = logs.text();
      assertClean(kind, "log output", logText);
      String line = String.format("%d errors, %d spans, %d log records checked", errors.size(),
        spans.size(), logs.records().size());
      TestLog.info("%s", "secrets " + kind + ": " + line);
      ReliabilityReport.note("secrets " + kind, line);
      ReliabilityReport.add(ReliabilityReport.EXPECTED_ERRORS, errors.stream().filter(e -> e != null).count());
      ReliabilityReport.fault("TLS errors (secrets)", 2);
    }
  }

  private static String fingerprint() throws Exception {
    try (InputStream in = new FileInputStream(cert.certificatePath())) {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(c.getEncoded()));
    }
  }
}
