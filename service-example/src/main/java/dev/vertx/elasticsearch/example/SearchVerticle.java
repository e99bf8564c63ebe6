package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.DeleteRequest;
import dev.vertx.elasticsearch.client.api.core.GetRequest;
import dev.vertx.elasticsearch.client.api.core.IndexRequest;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.client.api.core.UpdateRequest;
import dev.vertx.elasticsearch.client.api.cluster.ClusterHealthRequest;
import dev.vertx.elasticsearch.helpers.BulkItemResult;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkProgress;
import dev.vertx.elasticsearch.helpers.BulkStats;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.helpers.ScanStream;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The example search service: a Vert.x Web router over the Elasticsearch client. The client is created in
 * {@link #start()} and closed in {@link #stop()}, after the requests in flight had their grace period. The service
 * starts whether Elasticsearch is up or not: its index is set up in the background ({@link IndexSetup}) and
 * readiness says when it can serve. Every answer is JSON (NDJSON for the export); errors are JSON with the right
 * status and without stack traces or Elasticsearch internals, Vert.x's own refusals included (414, 431, 400); a
 * failure that comes from the service's own index (missing, wrong mappings, red) answers 503 with the reason, never a
 * 4xx. Reads are open; writes pass {@link WriteAccess} (a key, or without keys the loopback interface only), and bulk
 * jobs {@link BulkJobSlots} (a cap on jobs at a time) and {@link UploadBody} (a cap on an upload's size).
 */
public class SearchVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SearchVerticle.class);
  /** How often a running bulk upload logs its progress: every 5 s, so only uploads that take longer log. */
  static final long UPLOAD_PROGRESS_INTERVAL_MS = 5_000;
  private static final String JSON = "application/json";
  /** Largest request line (method, path and query string): 16 KiB. */
  static final int MAX_REQUEST_LINE = 16 * 1024;
  /** Largest header block: 16 KiB. */
  static final int MAX_HEADERS = 16 * 1024;

  private final OpenTelemetry openTelemetry;
  private ServiceConfig settings;
  private ElasticsearchClient client;
  private HttpServer server;
  private BooksIndex index;
  private IndexSetup setup;
  private Supplier<Future<ReadStream<Buffer>>> sampleSource;
  private Function<HttpServerRequest, SocketAddress> peers = WriteAccess::connectionPeer;
  private SearchPage page;
  private ApiKeys apiKeys;
  private WriteAccess writeAccess;
  private BulkJobSlots bulkJobs;

  /** A verticle that traces with {@code GlobalOpenTelemetry}, if an SDK registered one. */
  public SearchVerticle() {
    this(null);
  }

  /** @param openTelemetry the SDK the client traces with, or {@code null} for {@code GlobalOpenTelemetry} */
  public SearchVerticle(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  @Override
  public Future<?> start() {
    settings = ServiceConfig.fromJson(config());
    CallerAddress callers = new CallerAddress(settings.trustedProxies());
    bulkJobs = new BulkJobSlots(settings.maxConcurrentUploads());
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(settings.elasticsearchUrls()
      .toArray(String[]::new));
    options.getTransport().setCompatibilityVersion(settings.compatibilityVersion()).setRequestTimeout(30_000);
    options.setOpenTelemetry(openTelemetry);
    client = ElasticsearchClient.create(vertx, options);
    return ApiKeys.start(vertx, settings.apiKeys(), settings.apiKeysFile()).compose(keys -> {
      apiKeys = keys;
      writeAccess = new WriteAccess(settings.keysRequired(), keys, callers, peers);
      return vertx.fileSystem().readFile(SearchPage.PAGE);
    }).compose(html -> {
      page = new SearchPage(html);
      return vertx.fileSystem().readFile(BooksIndex.MAPPINGS);
    }).compose(mappings -> {
      index = new BooksIndex(client, settings.index(), new JsonObject(mappings));
      setup = new IndexSetup(vertx, context, index, new SampleData(vertx, client, settings.index(), sampleSource),
        settings.loadSampleData());
      return vertx.createHttpServer(serverOptions()).requestHandler(router())
        .invalidRequestHandler(ErrorResponses::invalidRequest).listen(settings.port());
    }).onSuccess(s -> {
      server = s;
      log.info("Search service listening on port " + s.actualPort() + " (" + settings + "); " + writeRule());
      setup.start();
    });
  }

  /**
   * HTTP limits above Vert.x's defaults, so that every request the API can take fits (a search with its longest text
   * and filters, percent-encoded: 16 KiB of request line; browsers' cookies: 16 KiB of headers); a request beyond
   * them gets a JSON 414 or 431 ({@link ErrorResponses#invalidRequest}).
   */
  static HttpServerOptions serverOptions() {
    return new HttpServerOptions().setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS);
  }

  /** @return who may write, for the log (never a key) */
  private String writeRule() {
    if (!settings.keysRequired()) {
      return "writes only from this machine (loopback): no SERVICE_API_KEY or SERVICE_API_KEYS_FILE set";
    }
    return "writes need one of " + apiKeys.count() + " API key" + (apiKeys.count() == 1 ? "" : "s")
      + (settings.apiKeysFile() == null ? "" : " (keys file " + settings.apiKeysFile() + " re-read every "
      + ApiKeys.RELOAD_INTERVAL_MS + " ms)");
  }

  /**
   * Stops accepting connections, lets the requests in flight finish for up to the grace period
   * ({@code shutdownGraceMs}), closes the connections that are left, stops the index setup, then closes the client.
   */
  @Override
  public Future<?> stop() {
    Future<Void> draining = server == null ? Future.succeededFuture()
      : server.shutdown(settings.shutdownGraceMs(), TimeUnit.MILLISECONDS);
    return draining.eventually(() -> {
      if (apiKeys != null) {
        apiKeys.close();
      }
      if (setup != null) {
        setup.close();
      }
      return client == null ? Future.succeededFuture() : client.close();
    }).onComplete(ar -> log.info("Search service stopped: Elasticsearch client closed"));
  }

  /**
   * Replaces the bundled sample data file with another NDJSON source, opened anew for each load. Call before
   * deploying.
   */
  void sampleSource(Supplier<Future<ReadStream<Buffer>>> source) {
    this.sampleSource = source;
  }

  /**
   * Replaces how the write guard learns a request's connection peer, so that tests can simulate callers on other
   * machines. Call before deploying.
   */
  void peerAddresses(Function<HttpServerRequest, SocketAddress> peers) {
    this.peers = peers;
  }

  /** @return the bulk jobs running now */
  int bulkJobsRunning() {
    return bulkJobs.taken();
  }

  /** @return the port the service listens on */
  public int actualPort() {
    return server.actualPort();
  }

  /** @return the background setup of the index, e.g. to wait until it is first ready */
  IndexSetup indexSetup() {
    return setup;
  }

  /** @return the client the verticle uses; closed after {@link #stop()} */
  public ElasticsearchClient client() {
    return client;
  }

  private Router router() {
    Router router = Router.router(vertx);
    BodyHandler bodyHandler = BodyHandler.create(false).setBodyLimit(settings.maxJsonBody());
    // Wrapped, so that Vert.x Web lets it run after the write guard: a refused caller's body is never read. The
    // guard and the slots answer synchronously, so no byte of the body arrives before the body handler is set.
    Handler<RoutingContext> json = bodyHandler::handle;
    Handler<RoutingContext> readiness = HealthEndpoints.readiness(vertx, index.probe(), index, setup);
    traced(router.get("/")).handler(this::root);
    traced(router.get("/assets/*")).handler(SearchPage.assets());
    traced(router.get("/health/live")).handler(HealthEndpoints.liveness());
    traced(router.get("/health/ready")).handler(readiness);
    traced(router.get("/health")).handler(readiness);
    traced(router.get("/search")).handler(ctx -> search(ctx, null));
    traced(router.get("/search/:q")).handler(ctx -> search(ctx, ctx.pathParam("q")));
    traced(router.get("/export")).handler(this::export);
    traced(router.get("/error")).handler(this::error);
    // Writes: who may write first (nothing of a refused request is read), then the cap on bulk jobs, then the body.
    traced(router.post("/ingest")).handler(writeAccess).handler(bulkJobs).handler(this::ingest);
    traced(router.post("/documents/_bulk")).handler(writeAccess).handler(bulkJobs).handler(this::bulkUpload);
    traced(router.post("/documents/_touch")).handler(writeAccess).handler(bulkJobs).handler(json).handler(this::touch);
    traced(router.delete("/documents")).handler(writeAccess).handler(bulkJobs).handler(this::deleteAll);
    traced(router.get("/documents/:id")).handler(this::getDocument);
    traced(router.put("/documents/:id")).handler(writeAccess).handler(json).handler(this::putDocument);
    traced(router.patch("/documents/:id")).handler(writeAccess).handler(json).handler(this::patchDocument);
    traced(router.delete("/documents/:id")).handler(writeAccess).handler(this::deleteDocument);
    router.route().failureHandler(ErrorResponses::handle);
    router.errorHandler(400, ctx -> ErrorResponses.send(ctx, 400, "bad_request", "The request is malformed"));
    router.errorHandler(404, ctx -> ErrorResponses.send(ctx, 404, "not_found", "No such endpoint"));
    router.errorHandler(405, ctx -> ErrorResponses.send(ctx, 405, "method_not_allowed", "Method not allowed here"));
    return router;
  }

  /** The search page for browsers; for JSON clients, the service, index and cluster status. */
  private void root(RoutingContext ctx) {
    if (SearchPage.wanted(ctx)) {
      page.send(ctx);
      return;
    }
    client.cluster().health(new ClusterHealthRequest()).onComplete(ar -> {
      JsonObject body = new JsonObject().put("service", "search-service").put("index", settings.index());
      if (ar.succeeded()) {
        JsonObject h = ar.result().body();
        body.put("cluster", new JsonObject().put("name", h.getString("cluster_name"))
          .put("status", h.getString("status")).put("nodes", h.getInteger("number_of_nodes")));
      } else {
        body.put("cluster", new JsonObject().put("status", "unreachable"));
      }
      sendJson(ctx, 200, body);
    });
  }

  /** Names the request's server span after the route (see {@link RouteSpans}) before the route's handlers run. */
  private static Route traced(Route route) {
    return route.handler(RouteSpans.handler());
  }

  /**
   * Fails the request. A failure that may come from the service's own index (missing, wrong mappings, red) makes
   * the service look at its index: then the answer is 503 with the reason (and a missing index is set up again),
   * not an error that blames the caller.
   */
  private void fail(RoutingContext ctx, Throwable err) {
    if (!IndexStatus.mayExplain(err)) {
      ctx.fail(err);
      return;
    }
    index.check().onComplete(ar -> {
      IndexStatus status = ar.result();
      if (status.state() == IndexStatus.State.MISSING) {
        setup.ensure();
      }
      if (status.state() == IndexStatus.State.MISSING || status.unusableIndex()) {
        ctx.response().putHeader("Retry-After", "5");
        ErrorResponses.send(ctx, 503, status.errorCode(), status.reason());
      } else {
        ctx.fail(err);
      }
    });
  }

  private void search(RoutingContext ctx, String text) {
    JsonObject body = BookQuery.build(ctx.queryParams(), text);
    BookQuery.Window window = BookQuery.window(ctx.queryParams());
    client.search(new SearchRequest().index(settings.index()).body(body))
      .onSuccess(response -> sendJson(ctx, 200, BookQuery.answer(response.body(), window)))
      .onFailure(err -> fail(ctx, err));
  }

  private void getDocument(RoutingContext ctx) {
    String id = DocumentIds.check(ctx.pathParam("id"));
    client.get(new GetRequest().index(settings.index()).id(id))
      .onSuccess(response -> sendJson(ctx, 200, document(response.body())))
      .onFailure(err -> fail(ctx, err));
  }

  private void putDocument(RoutingContext ctx) {
    String id = DocumentIds.check(ctx.pathParam("id"));
    JsonObject doc = jsonBody(ctx);
    client.index(new IndexRequest().index(settings.index()).id(id).requireAlias(true).body(doc))
      .onSuccess(response -> sendJson(ctx, response.status(), written(response)))
      .onFailure(err -> fail(ctx, err));
  }

  private void patchDocument(RoutingContext ctx) {
    String id = DocumentIds.check(ctx.pathParam("id"));
    JsonObject changes = jsonBody(ctx);
    client.update(new UpdateRequest().index(settings.index()).id(id).requireAlias(true)
        .body(new JsonObject().put("doc", changes)))
      .onSuccess(response -> sendJson(ctx, 200, written(response)))
      .onFailure(err -> fail(ctx, err));
  }

  private void deleteDocument(RoutingContext ctx) {
    String id = DocumentIds.check(ctx.pathParam("id"));
    client.delete(new DeleteRequest().index(settings.index()).id(id))
      .onSuccess(response -> sendJson(ctx, 200, written(response)))
      .onFailure(err -> fail(ctx, err));
  }

  private void error(RoutingContext ctx) {
    // A deliberate 404 from Elasticsearch, so that the walkthrough has an error span to look at.
    client.get(new GetRequest().index("no-such-index-for-the-demo").id("missing"))
      .onSuccess(response -> sendJson(ctx, 200, response.body()))
      .onFailure(ctx::fail);
  }

  private void ingest(RoutingContext ctx) {
    BulkJobSlots.holdUntilDone(ctx, setup.reload())
      .onSuccess(summary -> sendJson(ctx, 200, summaryJson(summary))).onFailure(err -> fail(ctx, err));
  }

  /**
   * Streams an NDJSON upload (one document per line, optional {@code id} field) into the index, back-pressured. An
   * upload over the size cap is refused (413) before anything of it is indexed ({@link UploadBody}).
   */
  private void bulkUpload(RoutingContext ctx) {
    ctx.request().pause();
    Future<JsonObject> job = UploadBody.open(vertx, ctx.request(), settings.maxBulkBody()).compose(upload -> {
      NdjsonDocuments operations = new NdjsonDocuments(upload.stream(), settings.index(), settings.maxBulkBody());
      BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, client, BooksIndex.bulkOptions()
        .setRefreshOnCompletion(true).setProgressInterval(UPLOAD_PROGRESS_INTERVAL_MS));
      // an upload still running after the first interval is a large one: say how it goes, once an interval
      ingester.progressHandler(progress -> {
        if (!progress.ended() || progress.stats().elapsedMillis() >= UPLOAD_PROGRESS_INTERVAL_MS) {
          log.info("Bulk upload: " + uploadProgress(progress));
        }
      });
      return operations.pipe().to(ingester)
        .transform(piped -> ingester.summary().compose(summary -> piped.failed() && !summary.aborted()
          ? Future.failedFuture(piped.cause()) : Future.succeededFuture(summary)))
        .map(summary -> summaryJson(summary, operations))
        .eventually(() -> {
          upload.close();
          return Future.succeededFuture();
        });
    });
    BulkJobSlots.holdUntilDone(ctx, job).onSuccess(summary -> sendJson(ctx, 200, summary))
      .onFailure(err -> fail(ctx, err));
  }

  /** @return one log line of an upload's progress: counts, rates and the ingester's flow control */
  static String uploadProgress(BulkProgress progress) {
    BulkStats stats = progress.stats();
    return String.format(java.util.Locale.ROOT, "%s%,d indexed, %,d failed, %,d retried, %.0f docs/s, %.1f MB/s,"
        + " %d/%d requests in flight, %,d rejections in the last %d ms", progress.ended() ? "done: " : "",
      stats.successes(), stats.failures(), stats.retries(), progress.docsPerSecond(),
      progress.bytesPerSecond() / 1e6, progress.inFlight(), progress.concurrencyLimit(),
      progress.rejectionsInInterval(), progress.intervalMillis());
  }

  private void touch(RoutingContext ctx) {
    String q = touchFilter(ctx);
    JsonObject query = q == null ? new JsonObject().put("match_all", new JsonObject())
      : new JsonObject().put("simple_query_string", new JsonObject().put("query", q)
        .put("fields", new JsonArray().add("title").add("description")));
    String now = Instant.now().toString();
    ScanStream<JsonObject> hits = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(settings.index())
      .setQuery(query).setBody(new JsonObject().put("_source", false)));
    ReadStream<BulkOperation> updates = ElasticsearchHelpers.map(hits, hit -> BulkOperation.update(settings.index(),
      hit.getString("_id")).document(new JsonObject().put("modified", now)));
    BulkJobSlots.holdUntilDone(ctx, ElasticsearchHelpers.bulk(vertx, client, updates, BooksIndex.bulkOptions()
        .setRefreshOnCompletion(true)))
      .onSuccess(summary -> sendJson(ctx, 200, summaryJson(summary).put("modified", now)))
      .onFailure(err -> fail(ctx, err));
  }

  private void deleteAll(RoutingContext ctx) {
    ScanStream<JsonObject> hits = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(settings.index())
      .setBody(new JsonObject().put("_source", false)));
    ReadStream<BulkOperation> deletes = ElasticsearchHelpers.map(hits, hit -> BulkOperation.delete(settings.index(),
      hit.getString("_id")));
    BulkJobSlots.holdUntilDone(ctx, ElasticsearchHelpers.bulk(vertx, client, deletes, BooksIndex.bulkOptions()
        .setRefreshOnCompletion(true).setIgnoreStatus(Set.of(404))))
      .onSuccess(summary -> sendJson(ctx, 200, summaryJson(summary)))
      .onFailure(err -> fail(ctx, err));
  }

  /** Every document as NDJSON, streamed with back-pressure from the scan to the HTTP response. */
  private void export(RoutingContext ctx) {
    ScanStream<JsonObject> hits = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(settings.index()));
    ErrorResponses.closeIfBodyUnread(ctx);
    ctx.response().setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson");
    ReadStream<Buffer> lines = ElasticsearchHelpers.map(hits, hit -> Buffer.buffer(hit.getJsonObject("_source", new JsonObject())
      .copy().put("id", hit.getString("_id")).encode()).appendByte((byte) '\n'));
    lines.pipe().endOnFailure(false).to(ctx.response()).onFailure(err -> {
      // The client went away or the scan failed: free the scan context and cut the response short.
      log.info("Export interrupted: " + err.getMessage());
      hits.cancel();
      if (!ctx.response().headWritten() && !ctx.response().closed()) {
        ctx.response().setChunked(false).headers().remove(HttpHeaders.CONTENT_TYPE);
        fail(ctx, err);
      } else if (!ctx.response().closed()) {
        ctx.response().reset();
      }
    });
  }

  /**
   * @return the text of {@code _touch}'s body {@code {"q": "<text>"}}, or {@code null} for every document (no body,
   *     {@code {}} or {@code "q": null})
   * @throws BookQuery.BadInput when the body is not a JSON object, has another field, or {@code q} is not a string
   */
  private static String touchFilter(RoutingContext ctx) {
    if (ctx.body().isEmpty()) {
      return null;
    }
    JsonObject filter = jsonBody(ctx);
    for (String field : filter.fieldNames()) {
      if (!field.equals("q")) {
        throw new BookQuery.BadInput("Unknown field '" + (field.length() > 40 ? field.substring(0, 40) + "..." : field)
          + "': _touch takes {\"q\": \"<text>\"} or no body");
      }
    }
    Object q = filter.getValue("q");
    if (q == null) {
      return null;
    }
    if (!(q instanceof String text)) {
      throw new BookQuery.BadInput("q must be a string (the text of the documents to mark), got "
        + (q instanceof Number ? "a number" : q instanceof Boolean ? "a boolean" : q instanceof JsonArray ? "an array"
        : "an object"));
    }
    if (text.length() > BookQuery.MAX_TEXT) {
      throw new BookQuery.BadInput("q must be at most " + BookQuery.MAX_TEXT + " characters");
    }
    return text;
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new BookQuery.BadInput("The body must be a JSON object");
      }
      return body;
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      throw new BookQuery.BadInput("The body must be a JSON object");
    }
  }

  private static JsonObject document(JsonObject getResponse) {
    return new JsonObject().put("id", getResponse.getString("_id"))
      .put("version", getResponse.getLong("_version")).put("document", getResponse.getJsonObject("_source"));
  }

  private static JsonObject written(ElasticsearchResponse response) {
    JsonObject body = response.body();
    return new JsonObject().put("id", body.getString("_id")).put("result", body.getString("result"))
      .put("version", body.getLong("_version"));
  }

  static JsonObject summaryJson(BulkSummary summary) {
    return summaryJson(summary, null);
  }

  /** The summary of an upload: the lines that were not JSON objects count as failed operations, reported first. */
  private static JsonObject summaryJson(BulkSummary summary, NdjsonDocuments upload) {
    JsonArray failures = new JsonArray();
    long invalid = 0;
    if (upload != null) {
      invalid = upload.invalidCount();
      upload.invalidLines().forEach(failures::add);
    }
    summary.failures().stream().limit(Math.max(0, 100 - failures.size())).forEach(f -> failures.add(failure(f)));
    return new JsonObject()
      .put("operations", summary.stats().operations() + invalid)
      .put("succeeded", summary.stats().successes())
      .put("failed", summary.stats().failures() + invalid)
      .put("retries", summary.stats().retries())
      .put("tookMillis", summary.stats().elapsedMillis())
      .put("failures", failures);
  }

  /** A failed item as the service reports it: its id, status and a stable error code, never Elasticsearch's text. */
  private static JsonObject failure(BulkItemResult item) {
    String code;
    String reason;
    switch (item.status()) {
      case 0:
        code = "invalid_document";
        reason = "The document could not be sent";
        break;
      case 400:
        code = "invalid_document";
        reason = "The document does not match the index: check its fields and their types";
        break;
      case 404:
        boolean noIndex = "index_not_found_exception".equals(item.errorType());
        code = noIndex ? "index_missing" : "not_found";
        reason = noIndex ? "The index does not exist (yet): see /health/ready" : "The document does not exist";
        break;
      case 409:
        code = "conflict";
        reason = "The document was changed meanwhile";
        break;
      case 429:
        code = "busy";
        reason = "The search backend was busy: retry the document";
        break;
      default:
        code = "failed";
        reason = "The search backend could not store the document";
    }
    return new JsonObject().put("id", item.id()).put("status", item.status()).put("error", code).put("reason", reason);
  }

  static void sendJson(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ErrorResponses.closeIfBodyUnread(ctx);
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
    }
  }
}
