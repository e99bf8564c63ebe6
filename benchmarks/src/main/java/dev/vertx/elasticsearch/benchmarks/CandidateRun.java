package dev.vertx.elasticsearch.benchmarks;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.helpers.ScanStream;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.tracing.TracingPolicy;
import org.HdrHistogram.Histogram;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One candidate of one scenario in this JVM; prints one {@code RESULT {json}} line. Started by {@link Harness}.
 *
 * <p>Arguments: {@code scenario candidate url operations warmup inflight index}.
 */
public final class CandidateRun {

  /** The same connection count for every candidate: the default of the client and of Rest5Client (per route). */
  static final int CONNECTIONS = 10;
  static final int BULK_SIZE = 500;

  private final String scenario;
  private final String candidate;
  private final String url;
  private final long ops;
  private final long warmup;
  private final int inflight;
  private final String index;
  private final Vertx vertx = Vertx.vertx();
  private final com.sun.management.OperatingSystemMXBean os =
    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private CandidateRun(String[] args) {
    scenario = args[0];
    candidate = args[1];
    url = args[2];
    ops = Long.parseLong(args[3]);
    warmup = Long.parseLong(args[4]);
    inflight = Integer.parseInt(args[5]);
    index = args[6];
  }

  public static void main(String[] args) throws Exception {
    CandidateRun run = new CandidateRun(args);
    int status = 0;
    try {
      JsonObject result = run.run();
      System.out.println("RESULT " + result.encode());
    } catch (Throwable t) {
      t.printStackTrace();
      System.out.println("RESULT " + new JsonObject().put("scenario", run.scenario).put("candidate", run.candidate)
        .put("error", String.valueOf(t)).encode());
      status = 1;
    }
    System.out.flush();
    System.exit(status);
  }

  private JsonObject run() throws Exception {
    switch (scenario) {
      case "search":
        return search();
      case "bulk":
      case "ingest":
      case "membulk":
        return bulk();
      case "scan":
        return scan();
      case "bigupload":
        return bigUpload();
      default:
        throw new IllegalArgumentException("Unknown scenario " + scenario);
    }
  }

  // ---------------------------------------------------------------- measurement

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  /** @return the bytes allocated so far by the live threads of this JVM, or -1 where the JVM does not say */
  private static long allocatedBytes() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
      || !threads.isThreadAllocatedMemorySupported()) {
      return -1;
    }
    long sum = 0;
    for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, a);
    }
    return sum;
  }

  private final class Phase {
    final long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    final long jitCpu0 = CompilerThreads.cpuNanos();
    final long gc0 = gcMillis();
    final long cpu0 = os.getProcessCpuTime();
    final long wall0 = System.nanoTime();
    final long alloc0 = allocatedBytes();

    JsonObject end(long count, Histogram latency) {
      long cpu = os.getProcessCpuTime() - cpu0;
      long alloc = allocatedBytes() - alloc0;
      long wall = System.nanoTime() - wall0;
      JsonObject r = new JsonObject()
        .put("scenario", scenario).put("candidate", candidate).put("count", count)
        .put("cpuMs", cpu / 1e6).put("wallMs", wall / 1e6)
        // JIT compiler and GC time spent during the measured phase (both are part of the process CPU)
        .put("jitMs", ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0)
        .put("jitCpuMs", (CompilerThreads.cpuNanos() - jitCpu0) / 1e6)
        .put("gcMs", gcMillis() - gc0)
        .put("cpuPerOpUs", cpu / 1e3 / count)
        .put("warmupOps", warmedUp).put("warmupJitShare", lastWarmupJitShare)
        .put("throughput", count / (wall / 1e9));
      if (alloc0 >= 0 && alloc >= 0) {
        // bytes allocated on the JVM's threads during the phase: steadier than CPU on a shared machine
        r.put("allocPerOpBytes", (double) alloc / count);
      }
      long jitCpu = CompilerThreads.cpuNanos() - jitCpu0;
      if (jitCpu0 >= 0 && jitCpu >= 0) {
        // the process CPU less the JIT compiler threads' (GC stays in): what the code under test costs once compiled
        r.put("appCpuPerOpUs", (cpu - jitCpu) / 1e3 / count);
      }
      if (latency != null && latency.getTotalCount() > 0) {
        r.put("p50Us", latency.getValueAtPercentile(50)).put("p99Us", latency.getValueAtPercentile(99))
          .put("latencyCount", latency.getTotalCount());
      }
      return r;
    }
  }

  private static List<MemoryPoolMXBean> heapPools() {
    List<MemoryPoolMXBean> pools = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pools.add(pool);
      }
    }
    return pools;
  }

  private static void resetPeaks() {
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static JsonObject memory(JsonObject r) {
    long sum = 0;
    long old = 0;
    for (MemoryPoolMXBean pool : heapPools()) {
      long peak = pool.getPeakUsage().getUsed();
      sum += peak;
      if (pool.getName().contains("Old") || pool.getName().contains("Tenured")) {
        old = Math.max(old, peak);
      }
    }
    return r.put("peakHeapMb", sum / 1048576.0).put("peakOldGenMb", old / 1048576.0)
      .put("maxHeapMb", Runtime.getRuntime().maxMemory() / 1048576.0);
  }

  // ---------------------------------------------------------------- warm-up

  /** One warm-up batch of {@link #warmup} operations. */
  private interface WarmupBatch {
    void run() throws Exception;
  }

  /** The longest warm-up, in seconds ({@code -Dbench.maxWarmupSeconds}, default 90; 0 = one batch). */
  private static final long MAX_WARMUP_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("bench.maxWarmupSeconds", 90));
  /** Warm-up ends once the JIT compiler threads used at most this share of the CPU over a window. */
  private static final double QUIET_JIT_SHARE = 0.03;
  /** The least process CPU a window must hold before its JIT share counts. */
  private static final long WINDOW_CPU_NANOS = 500_000_000L;

  private long warmedUp;
  private double lastWarmupJitShare = Double.NaN;

  /**
   * Runs warm-up batches until the JIT is quiet: at least one batch, then more until the compiler threads took at
   * most 3 % of the process CPU over a window of at least 0.5 s of CPU, or {@link #MAX_WARMUP_NANOS} passed. A
   * fixed warm-up count leaves C2 compiling through short measured phases, and that CPU would be charged to the
   * code under test; candidates with more code to compile would pay more of it.
   */
  private void warmUp(WarmupBatch batch) throws Exception {
    if (warmup <= 0) {
      return;
    }
    long start = System.nanoTime();
    long cpu0 = os.getProcessCpuTime();
    long jit0 = CompilerThreads.cpuNanos();
    // Against the real node (ingest) one batch: repeating it would only grow the index.
    boolean adaptive = scenario.equals("search") || scenario.equals("bulk");
    do {
      batch.run();
      warmedUp += warmup;
      long cpu = os.getProcessCpuTime() - cpu0;
      long jit = CompilerThreads.cpuNanos() - jit0;
      if (jit0 < 0) {
        return; // no /proc: the fixed warm-up count only
      }
      if (cpu >= WINDOW_CPU_NANOS) {
        lastWarmupJitShare = (double) jit / cpu;
        System.err.printf("warm-up: %d operations, JIT threads %.1f %% of %d ms CPU in the last window%n", warmedUp,
          100 * lastWarmupJitShare, cpu / 1_000_000);
        if (lastWarmupJitShare <= QUIET_JIT_SHARE) {
          return;
        }
        cpu0 = os.getProcessCpuTime();
        jit0 = CompilerThreads.cpuNanos();
      }
    } while (adaptive && System.nanoTime() - start < MAX_WARMUP_NANOS);
  }

  // ---------------------------------------------------------------- search

  private JsonObject search() throws Exception {
    LoadDriver.Op op;
    Runnable close;
    Context context = vertx.getOrCreateContext();
    boolean onVertx = true;
    switch (candidate) {
      case "client":
      case "client-decode":
      case "client-traced": {
        ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
        options.getTransport().setCompatibilityVersion(9).setConnectionsPerNode(CONNECTIONS);
        OpenTelemetrySdk sdk = null;
        if (candidate.equals("client-traced")) {
          sdk = tracingSdk();
          // A root span per search: the load driver calls outside any trace.
          options.setOpenTelemetry(sdk).setTracingEnabled(true).setTracingPolicy(TracingPolicy.ALWAYS);
        }
        ElasticsearchClient client = ElasticsearchClient.create(vertx, options);
        boolean decode = candidate.equals("client-decode");
        // The application's query object is built once; the client serialises it on every request.
        JsonObject query = Documents.query();
        op = (n, done) -> client.search(new SearchRequest().index(index).body(query))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              ElasticsearchResponse response = ar.result();
              if (decode && response.hits(Documents.Doc.class).hits().size() != 10) {
                done.done(new IllegalStateException("Expected 10 hits"));
                return;
              }
            }
            done.done(ar.cause());
          });
        OpenTelemetrySdk s = sdk;
        close = () -> {
          client.close().await();
          if (s != null) {
            s.close();
          }
        };
        break;
      }
      case "raw":
      case "raw-bytes": {
        HttpClientAgent http = rawClient();
        URI uri = URI.create(url);
        // raw: the application's query object serialised on every request, as the client does; raw-bytes: the
        // bytes built once (a reference below any client)
        JsonObject query = Documents.query();
        Buffer prebuilt = candidate.equals("raw-bytes") ? query.toBuffer() : null;
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
          .setPort(uri.getPort()).setURI("/" + index + "/_search").setHeaders(rawHeaders("application/json"));
        op = (n, done) -> http.request(request)
          .compose(req -> req.send(prebuilt != null ? prebuilt : query.toBuffer()))
          .compose(this::rawBody)
          .onComplete(ar -> done.done(ar.cause()));
        close = () -> http.close().await();
        break;
      }
      case "esjava":
      case "typed":
      case "typed-facade": {
        // elasticsearch-java on Rest5Client, or on the Vert.x transport (called from the event loop)
        onVertx = !candidate.equals("esjava");
        JavaClientCandidates.Candidate java = onVertx ? JavaClientCandidates.vertx(vertx, url)
          : JavaClientCandidates.rest5(url);
        // As for the client: the query object is built once, the request (and its JSON) on every call.
        Query query = JavaClientCandidates.query();
        SortOptions sort = JavaClientCandidates.sort();
        if (candidate.equals("typed-facade")) {
          op = (n, done) -> java.facade().search(s -> s.index(index).query(query).size(10).sort(sort),
              Documents.Doc.class)
            .onComplete(ar -> done.done(ar.succeeded() && ar.result().hits().hits().size() != 10
              ? new IllegalStateException("Expected 10 hits") : ar.cause()));
        } else {
          op = (n, done) -> java.client().search(s -> s.index(index).query(query).size(10).sort(sort),
              Documents.Doc.class)
            .whenComplete((response, err) -> {
              if (err == null && response.hits().hits().size() != 10) {
                err = new IllegalStateException("Expected 10 hits");
              }
              done.done(err);
            });
        }
        close = java.close();
        break;
      }
      default:
        throw new IllegalArgumentException("Unknown search candidate " + candidate);
    }
    LoadDriver.Op warm = op;
    boolean vertxLanes = onVertx;
    warmUp(() -> drive(warm, warmup, context, vertxLanes));
    LoadDriver measured = new LoadDriver(op, ops);
    Phase phase = new Phase();
    start(measured, context, onVertx);
    measured.await(600);
    JsonObject result = phase.end(ops, measured.latencyMicros);
    close.run();
    return result;
  }

  private void drive(LoadDriver.Op op, long count, Context context, boolean onVertx) throws InterruptedException {
    if (count <= 0) {
      return;
    }
    LoadDriver driver = new LoadDriver(op, count);
    start(driver, context, onVertx);
    driver.await(600);
  }

  private void start(LoadDriver driver, Context context, boolean onVertx) {
    if (onVertx) {
      context.runOnContext(v -> driver.startLanes(inflight));
    } else {
      driver.startLanes(inflight);
    }
  }

  private HttpClientAgent rawClient() {
    return vertx.httpClientBuilder()
      // The same HTTP exchange as the client's defaults: keep-alive, no delay, gzip accepted (Accept-Encoding).
      .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(true)
        .setName("raw"))
      .with(new PoolOptions().setHttp1MaxSize(CONNECTIONS))
      .build();
  }

  private static MultiMap rawHeaders(String contentType) {
    String compat = "; compatible-with=9";
    return HttpHeaders.headers()
      .set(HttpHeaders.USER_AGENT, "raw-vertx/5")
      .set(HttpHeaders.ACCEPT, "application/vnd.elasticsearch+json" + compat)
      .set(HttpHeaders.CONTENT_TYPE, contentType.replace("application/", "application/vnd.elasticsearch+") + compat)
      .set("x-elastic-client-meta", "es=9.5.3,jv=17,t=raw,vx=5");
  }

  private Future<Buffer> rawBody(HttpClientResponse response) {
    return response.body().compose(body -> {
      if (response.statusCode() != 200 || !"Elasticsearch".equals(response.getHeader("X-Elastic-Product"))) {
        return Future.failedFuture("Unexpected answer " + response.statusCode());
      }
      return Future.succeededFuture(body);
    });
  }

  private static OpenTelemetrySdk tracingSdk() {
    SpanExporter exporter = new SpanExporter() {
      final AtomicLong exported = new AtomicLong();

      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        exported.addAndGet(spans.size());
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    SdkTracerProvider provider = SdkTracerProvider.builder()
      .setSampler(Sampler.alwaysOn())
      .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
      .build();
    return OpenTelemetrySdk.builder().setTracerProvider(provider).build();
  }

  // ---------------------------------------------------------------- bulk

  private JsonObject bulk() throws Exception {
    boolean memory = scenario.equals("membulk");
    switch (candidate) {
      case "client":
      case "client-generated-ids":
      case "client-server-ids": {
        ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
        options.getTransport().setCompatibilityVersion(9).setConnectionsPerNode(CONNECTIONS);
        TimedClient client = new TimedClient(ElasticsearchClient.create(vertx, options));
        Context context = vertx.getOrCreateContext();
        if (!memory) {
          warmUp(() -> helperBulk(client, context, warmup, index + "-warm", 10_000_000L));
          client.latency.reset();
        }
        if (memory) {
          resetPeaks();
        }
        Phase phase = new Phase();
        BulkSummary summary = helperBulk(client, context, ops, index, 0);
        JsonObject r = phase.end(ops, client.latency);
        if (summary.successes() != ops) {
          throw new IllegalStateException("Expected " + ops + " successes: " + summary.stats());
        }
        if (memory) {
          memory(r);
        }
        client.close().await();
        return r;
      }
      case "raw":
      case "raw-bytes":
        return rawBulk();
      case "esjava":
      case "typed":
        return esjavaBulk();
      default:
        throw new IllegalArgumentException("Unknown bulk candidate " + candidate);
    }
  }

  /**
   * The bulk helper on generated documents. {@code client} gives every document its id; {@code client-generated-ids}
   * gives none and lets the helper generate them (its default, exactly once); {@code client-server-ids} gives none and
   * lets Elasticsearch make them up ({@code generateIds} off), which skips the id lookup on the server.
   */
  private BulkSummary helperBulk(ElasticsearchClient client, Context context, long count, String target, long offset)
    throws Exception {
    boolean withIds = candidate.equals("client");
    BulkOptions options = new BulkOptions().setMaxOperations(BULK_SIZE).setConcurrency(inflight)
      .setGenerateIds(!candidate.equals("client-server-ids"));
    Promise<BulkSummary> promise = Promise.promise();
    context.runOnContext(v -> {
      // The application's documents, generated as the floor generates them (a plain loop, no stream pipeline).
      ReadStream<BulkOperation> source = ElasticsearchHelpers.stream(context, () -> Documents.operations(target,
        offset, count, withIds));
      ElasticsearchHelpers.bulk(vertx, client, source, options).onComplete(promise);
    });
    return promise.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }

  /**
   * The floors. {@code raw}: what the least a hand-written Vert.x loop must do for the same job, namely serialise the
   * same documents with Jackson (one generator per request, straight into the request buffer), send them, and check
   * the status, the product header and the {@code errors} flag. {@code raw-bytes}: the same exchanges with request
   * bodies built before the measured phase, so no serialisation at all (a reference below any client).
   */
  private JsonObject rawBulk() throws Exception {
    HttpClientAgent http = rawClient();
    URI uri = URI.create(url);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
      .setPort(uri.getPort()).setURI("/_bulk").setHeaders(rawHeaders("application/x-ndjson"));
    Context context = vertx.getOrCreateContext();
    boolean prebuilt = candidate.equals("raw-bytes");
    List<Buffer> bodies = new ArrayList<>();
    if (prebuilt) {
      for (long start = 0; start < ops; start += BULK_SIZE) {
        bodies.add(chunk(index, start, Math.min(BULK_SIZE, ops - start)));
      }
    }
    long warmBatches = (warmup + BULK_SIZE - 1) / BULK_SIZE;
    warmUp(() -> drive(rawBulkOp(http, request, null, index + "-warm", 10_000_000L, warmup), warmBatches, context,
      true));
    LoadDriver measured = new LoadDriver(rawBulkOp(http, request, prebuilt ? bodies : null, index, 0, ops),
      (ops + BULK_SIZE - 1) / BULK_SIZE);
    Phase phase = new Phase();
    start(measured, context, true);
    measured.await(1800);
    JsonObject r = phase.end(ops, measured.latencyMicros);
    http.close().await();
    return r;
  }

  private static Buffer chunk(String target, long start, long size) {
    Buffer b = Buffer.buffer((int) size * 240);
    for (long i = start; i < start + size; i++) {
      b.appendBuffer(Documents.ndjson(target, i));
    }
    return b;
  }

  /** @param bodies the prebuilt request bodies, or {@code null} to serialise every request's documents */
  private LoadDriver.Op rawBulkOp(HttpClientAgent http, RequestOptions request, List<Buffer> bodies, String target,
                                  long offset, long total) {
    return (n, done) -> {
      Buffer body;
      long size = Math.min(BULK_SIZE, total - n * BULK_SIZE);
      if (bodies == null) {
        try {
          body = RawBulkBody.of(target, offset + n * BULK_SIZE, size);
        } catch (Exception e) {
          done.done(e);
          return;
        }
      } else {
        body = bodies.get((int) n);
      }
      http.request(request)
        .compose(req -> req.send(body))
        .compose(this::rawBody)
        .onComplete(ar -> {
          Throwable err = ar.cause();
          // The least a caller must look at: the errors flag at the start of the answer.
          if (err == null && !ar.result().getString(0, Math.min(64, ar.result().length())).contains("\"errors\":false")) {
            err = new IllegalStateException("Bulk errors");
          }
          done.done(err);
        });
    };
  }

  /** {@code BulkIngester} of elasticsearch-java on Rest5Client ({@code esjava}) or on the Vert.x transport. */
  private JsonObject esjavaBulk() throws Exception {
    JavaClientCandidates.Candidate java = candidate.equals("typed") ? JavaClientCandidates.vertx(vertx, url)
      : JavaClientCandidates.rest5(url);
    ElasticsearchAsyncClient client = java.client();
    warmUp(() -> esjavaIngest(client, warmup, index + "-warm", 10_000_000L, new Histogram(3)));
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    Phase phase = new Phase();
    long ok = esjavaIngest(client, ops, index, 0, latency);
    JsonObject r = phase.end(ops, latency);
    if (ok != ops) {
      throw new IllegalStateException("Expected " + ops + " successes, got " + ok);
    }
    java.close().run();
    return r;
  }

  private long esjavaIngest(ElasticsearchAsyncClient client, long count, String target, long offset,
                            Histogram latency) throws Exception {
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Map<Long, Long> started = new ConcurrentHashMap<>();
    CompletableFuture<Void> failure = new CompletableFuture<>();
    BulkListener<Void> listener = new BulkListener<>() {
      @Override
      public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {
        started.put(executionId, System.nanoTime());
      }

      @Override
      public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
        record(executionId);
        for (BulkResponseItem item : response.items()) {
          if (item.error() == null) {
            ok.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
        }
      }

      @Override
      public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable cause) {
        record(executionId);
        failure.completeExceptionally(cause);
      }

      private void record(long executionId) {
        Long t0 = started.remove(executionId);
        if (t0 != null) {
          synchronized (latency) {
            latency.recordValue((System.nanoTime() - t0) / 1000);
          }
        }
      }
    };
    BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(BULK_SIZE)
      .maxConcurrentRequests(inflight).listener(listener));
    for (long i = 0; i < count; i++) {
      long n = offset + i;
      Documents.Doc doc = new Documents.Doc(n);
      ingester.add(op -> op.index(x -> x.index(target).id(Documents.id(n)).document(doc)));
    }
    ingester.close();
    if (failure.isCompletedExceptionally()) {
      failure.get();
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " items failed");
    }
    return ok.get();
  }

  // ---------------------------------------------------------------- scan

  // ---------------------------------------------------------------- big upload

  /**
   * {@link #ops} MiB of generated NDJSON through {@code perform} with a {@code ReadStream} body (candidate
   * {@code client-gzip}: compressed as it streams), against the stub, which counts the bytes and lines it receives
   * without holding them. Reports throughput in MB/s, peak heap and peak resident memory.
   */
  private JsonObject bigUpload() throws Exception {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
    // The stub takes any size; Elasticsearch would refuse a body over its http.max_content_length (100 MB).
    options.getTransport().setCompatibilityVersion(9).setMaxRequestSize(Long.MAX_VALUE)
      .setCompressRequests(candidate.equals("client-gzip"));
    ElasticsearchClient client = ElasticsearchClient.create(vertx, options);
    Context context = vertx.getOrCreateContext();
    NdjsonUpload upload = NdjsonUpload.bulk(index, ops * 1024 * 1024);
    resetPeaks();
    Phase phase = new Phase();
    Promise<ElasticsearchResponse> done = Promise.promise();
    context.runOnContext(v -> client.perform(HttpMethod.POST, "/" + index + "/_bulk",
      Map.of("filter_path", "errors,took"), ElasticsearchHelpers.stream(context, upload)).onComplete(done));
    ElasticsearchResponse response = done.future().await(30, TimeUnit.MINUTES);
    JsonObject r = memory(phase.end(ops, null));
    long received = Long.parseLong(response.headers().get("X-Stub-Bytes"));
    long lines = Long.parseLong(response.headers().get("X-Stub-Lines"));
    if (received != upload.generated() || lines != 2 * upload.documents()) {
      throw new IllegalStateException("The stub received " + received + " bytes and " + lines + " lines of "
        + upload.generated() + " bytes and " + 2 * upload.documents() + " lines sent");
    }
    client.close().await();
    return r.put("bytes", received).put("documents", upload.documents())
      .put("peakRssMb", ServiceUpload.peakRssKb(ProcessHandle.current().pid()) / 1024.0);
  }

  private JsonObject scan() throws Exception {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
    options.getTransport().setCompatibilityVersion(Integer.parseInt(System.getProperty("bench.compat", "9")));
    ElasticsearchClient client = ElasticsearchClient.create(vertx, options);
    Context context = vertx.getOrCreateContext();
    resetPeaks();
    Phase phase = new Phase();
    Promise<Long> promise = Promise.promise();
    context.runOnContext(v -> {
      ScanStream<JsonObject> stream = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(index)
        .setPageSize(inflight));
      long[] seen = new long[1];
      stream.exceptionHandler(promise::tryFail);
      stream.endHandler(e -> promise.tryComplete(seen[0]));
      stream.handler(hit -> seen[0]++);
    });
    long seen = promise.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    JsonObject r = memory(phase.end(seen, null));
    if (seen != ops) {
      throw new IllegalStateException("Scanned " + seen + " documents, expected " + ops);
    }
    client.close().await();
    return r;
  }
}
