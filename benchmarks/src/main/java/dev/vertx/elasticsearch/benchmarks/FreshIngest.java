package dev.vertx.elasticsearch.benchmarks;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fresh-JVM ingest: starts, indexes {@code docs} generated documents with ids into the node at {@code url} in
 * requests of {@value CandidateRun#BULK_SIZE}, prints one {@code RESULT {json}} line and exits. Started by
 * {@link FreshJvmScenario}; nothing is warmed up, so start-up (class loading, interpretation, JIT) is in the figures.
 *
 * <p>Arguments: {@code candidate url docs index}. Candidates: {@code helper} (an {@code ElasticsearchClient} and
 * {@code ElasticsearchHelpers.bulk} with default {@code BulkOptions} over a {@code ReadStream} of operations) and
 * {@code raw} (the floor: a Vert.x {@code HttpClient} sending the documents written with Jackson, 2 requests in
 * flight as the helper's default, checking the status and the {@code errors} flag).
 */
public final class FreshIngest {

  /** Requests in flight for the floor: the bulk helper's default concurrency. */
  private static final int RAW_IN_FLIGHT = 2;

  /** When the first document was about to be read ({@link System#nanoTime()}), and the process CPU then. */
  private static volatile long startedAt;
  private static volatile long cpuAtStart;

  private FreshIngest() {
  }

  /** Marks the end of the set-up: the first document is about to be read. */
  private static void started() {
    if (startedAt == 0) {
      startedAt = System.nanoTime();
      cpuAtStart = cpuMillis();
    }
  }

  /**
   * @return this process's CPU time in milliseconds, read by the JDK from {@code /proc} (10 ms resolution); used rather
   *     than the management beans, which load a few hundred classes of their own into the figures
   */
  private static long cpuMillis() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
  }

  public static void main(String[] args) throws Exception {
    long mainAt = System.currentTimeMillis();
    long cpuAtMain = cpuMillis();
    String candidate = args[0];
    String url = args[1];
    long docs = Long.parseLong(args[2]);
    String index = args[3];
    int status = 0;
    JsonObject result = new JsonObject().put("candidate", candidate).put("docs", docs).put("cpuAtMainMs", cpuAtMain)
      .put("mainAtMs", ProcessHandle.current().info().startInstant().map(t -> mainAt - t.toEpochMilli()).orElse(-1L));
    try {
      long cpu0 = cpuMillis();
      long wall0 = System.nanoTime();
      Vertx vertx = Vertx.vertx();
      long indexed = switch (candidate) {
        case "helper" -> helper(vertx, url, docs, index);
        case "raw" -> raw(vertx, url, docs, index);
        default -> throw new IllegalArgumentException("Unknown candidate " + candidate);
      };
      result.put("ingestCpuMs", cpuMillis() - cpu0)
        .put("ingestWallMs", (System.nanoTime() - wall0) / 1e6)
        .put("setUpWallMs", (startedAt - wall0) / 1e6)
        .put("setUpCpuMs", cpuAtStart - cpu0)
        // before Vert.x closes: the CPU of a thread that ended is no longer to be read
        .put("threadCpuMs", new JsonObject(new LinkedHashMap<>(CompilerThreads.cpuMillisByKind())));
      if (indexed != docs) {
        throw new IllegalStateException(indexed + " of " + docs + " documents acknowledged");
      }
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Throwable t) {
      t.printStackTrace();
      result.put("error", String.valueOf(t));
      status = 1;
    }
    // the process CPU first: what follows (the management beans) is the measurement's own cost
    result.put("processCpuMs", cpuMillis()).put("jitCpuMs", CompilerThreads.cpuNanos() / 1e6);
    long gcMs = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMs += Math.max(0, gc.getCollectionTime());
    }
    result
      .put("gcMs", gcMs)
      .put("loadedClasses", ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    System.out.println("RESULT " + result.encode());
    System.out.flush();
    System.exit(status);
  }

  /** @return the documents the helper reported indexed; the client is created in the measured phase */
  private static long helper(Vertx vertx, String url, long docs, String index) throws Exception {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
    options.getTransport().setCompatibilityVersion(9);
    ElasticsearchClient client = ElasticsearchClient.create(vertx, options);
    Context context = vertx.getOrCreateContext();
    Promise<BulkSummary> done = Promise.promise();
    context.runOnContext(v -> ElasticsearchHelpers.bulk(vertx, client, ElasticsearchHelpers.stream(context, () -> {
      started();
      return Documents.operations(index, 0, docs);
    }), new BulkOptions()).onComplete(done));
    BulkSummary summary = done.future().await(10, TimeUnit.MINUTES);
    client.close().await(30, TimeUnit.SECONDS);
    return summary.successes();
  }

  /** @return the documents sent in requests answered 200 with {@code errors: false} */
  private static long raw(Vertx vertx, String url, long docs, String index) throws Exception {
    URI uri = URI.create(url);
    HttpClientAgent http = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(true))
      .with(new PoolOptions().setHttp1MaxSize(CandidateRun.CONNECTIONS))
      .build();
    String compat = "; compatible-with=9";
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
      .setPort(uri.getPort()).setURI("/_bulk").setHeaders(HttpHeaders.headers()
        .set(HttpHeaders.ACCEPT, "application/vnd.elasticsearch+json" + compat)
        .set(HttpHeaders.CONTENT_TYPE, "application/vnd.elasticsearch+x-ndjson" + compat));
    long requests = (docs + CandidateRun.BULK_SIZE - 1) / CandidateRun.BULK_SIZE;
    AtomicLong next = new AtomicLong();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    Promise<Void> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    class Lane {
      void send() {
        long n = next.getAndIncrement();
        if (n >= requests) {
          return;
        }
        long size = Math.min(CandidateRun.BULK_SIZE, docs - n * CandidateRun.BULK_SIZE);
        started();
        Buffer body;
        try {
          body = RawBulkBody.of(index, n * CandidateRun.BULK_SIZE, size);
        } catch (Exception e) {
          done.tryFail(e);
          return;
        }
        http.request(request).compose(req -> req.send(body)).compose(resp -> resp.body().compose(b -> {
          if (resp.statusCode() != 200 || !b.getString(0, Math.min(64, b.length())).contains("\"errors\":false")) {
            return Future.failedFuture("Unexpected answer " + resp.statusCode());
          }
          return Future.succeededFuture(b);
        })).onComplete(ar -> {
          if (ar.failed()) {
            done.tryFail(ar.cause());
            return;
          }
          acknowledged.addAndGet(size);
          if (finished.incrementAndGet() == requests) {
            done.tryComplete();
          } else {
            send();
          }
        });
      }
    }
    context.runOnContext(v -> {
      for (int i = 0; i < RAW_IN_FLIGHT; i++) {
        new Lane().send();
      }
    });
    done.future().await(10, TimeUnit.MINUTES);
    http.close().await(30, TimeUnit.SECONDS);
    return acknowledged.get();
  }
}
