package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.DeleteRequest;
import dev.vertx.elasticsearch.client.api.core.GetRequest;
import dev.vertx.elasticsearch.client.api.core.IndexRequest;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.client.api.core.UpdateRequest;
import dev.vertx.elasticsearch.client.api.cluster.ClusterHealthRequest;
import dev.vertx.elasticsearch.helpers.BulkItemResult;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkSummary;
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
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The example search service: a Vert.x Web router over the Elasticsearch client. The client is created in
 * {@link #start()} and closed in {@link #stop()}, after the requests in flight had their grace period. The service
 * starts whether Elasticsearch is up or not: its index is set up in the background ({@link IndexSetup}) and
 * readiness says when it can serve. Every answer is JSON (NDJSON for the export); errors are JSON with the right
 * status and without stack traces or Elasticsearch internals; a failure that comes from the service's own index
 * (missing, wrong mappings, red) answers 503 with the reason, never a 4xx.
 */
public class SearchVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SearchVerticle.class);
  private static final String JSON = "application/json";

  private final OpenTelemetry openTelemetry;
  private ServiceConfig settings;
  private ElasticsearchClient client;
  private HttpServer server;
  private BooksIndex index;
  private IndexSetup setup;
  private Supplier<Future<ReadStream<Buffer>>> sampleSource;
  private SearchPage page;

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
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(settings.elasticsearchUrls()
      .toArray(String[]::new));
    options.getTransport().setCompatibilityVersion(settings.compatibilityVersion()).setRequestTimeout(30_000);
    options.setOpenTelemetry(openTelemetry);
    client = ElasticsearchClient.create(vertx, options);
    return vertx.fileSystem().readFile(SearchPage.PAGE).compose(html -> {
      page = new SearchPage(html);
      return vertx.fileSystem().readFile(BooksIndex.MAPPINGS);
    }).compose(mappings -> {
      index = new BooksIndex(client, settings.index(), new JsonObject(mappings));
      setup = new IndexSetup(vertx, context, index, new SampleData(vertx, client, settings.index(), sampleSource),
        settings.loadSampleData());
      return vertx.createHttpServer().requestHandler(router()).listen(settings.port());
    }).onSuccess(s -> {
      server = s;
      log.info("Search service listening on port " + s.actualPort() + " (" + settings + ")");
      setup.start();
    });
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
    BodyHandler json = BodyHandler.create(false).setBodyLimit(settings.maxJsonBody());
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
    traced(router.post("/ingest")).handler(this::requireApiKey).handler(this::ingest);
    traced(router.post("/documents/_bulk")).handler(this::requireApiKey).handler(this::bulkUpload);
    traced(router.post("/documents/_touch")).handler(json).handler(this::requireApiKey).handler(this::touch);
    traced(router.delete("/documents")).handler(this::requireApiKey).handler(this::deleteAll);
    traced(router.get("/documents/:id")).handler(this::getDocument);
    traced(router.put("/documents/:id")).handler(json).handler(this::requireApiKey).handler(this::putDocument);
    traced(router.patch("/documents/:id")).handler(json).handler(this::requireApiKey).handler(this::patchDocument);
    traced(router.delete("/documents/:id")).handler(this::requireApiKey).handler(this::deleteDocument);
    router.route().failureHandler(ErrorResponses::handle);
    router.errorHandler(400, ctx -> ErrorResponses.send(ctx, 400, "bad_request", "The request is malformed"));
    router.errorHandler(404, ctx -> ErrorResponses.send(ctx, 404, "not_found", "No such endpoint"));
    router.errorHandler(405, ctx -> ErrorResponses.send(ctx, 405, "method_not_allowed", "Method not allowed here"));
    return router;
  }

  private void requireApiKey(RoutingContext ctx) {
    String key = settings.apiKey();
    if (key == null) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    byte[] expected = ("ApiKey " + key).getBytes(StandardCharsets.UTF_8);
    if (header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      ctx.response().putHeader("WWW-Authenticate", "ApiKey");
      ErrorResponses.send(ctx, 401, "unauthorized", "This endpoint needs 'Authorization: ApiKey <key>'");
    }
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
    int page = BookQuery.intParam(ctx.queryParams(), "page", 1);
    int size = BookQuery.intParam(ctx.queryParams(), "size", 10);
    client.search(new SearchRequest().index(settings.index()).body(body))
      .onSuccess(response -> sendJson(ctx, 200, BookQuery.answer(response.body(), page, size)))
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
    setup.reload().onSuccess(summary -> sendJson(ctx, 200, summaryJson(summary))).onFailure(err -> fail(ctx, err));
  }

  /** Streams an NDJSON upload (one document per line, optional {@code id} field) into the index, back-pressured. */
  private void bulkUpload(RoutingContext ctx) {
    ctx.request().pause();
    ReadStream<BulkOperation> operations = new NdjsonDocuments(ctx.request(), settings.index(),
      settings.maxBulkBody());
    ElasticsearchHelpers.bulk(vertx, client, operations, BooksIndex.bulkOptions().setRefreshOnCompletion(true))
      .onSuccess(summary -> sendJson(ctx, 200, summaryJson(summary)))
      .onFailure(err -> fail(ctx, err));
  }

  private void touch(RoutingContext ctx) {
    JsonObject filter = ctx.body().isEmpty() ? new JsonObject() : jsonBody(ctx);
    String q = filter.getString("q");
    JsonObject query = q == null ? new JsonObject().put("match_all", new JsonObject())
      : new JsonObject().put("simple_query_string", new JsonObject().put("query", q)
        .put("fields", new JsonArray().add("title").add("description")));
    String now = Instant.now().toString();
    ScanStream<JsonObject> hits = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(settings.index())
      .setQuery(query).setBody(new JsonObject().put("_source", false)));
    ReadStream<BulkOperation> updates = ElasticsearchHelpers.map(hits, hit -> BulkOperation.update(settings.index(),
      hit.getString("_id")).document(new JsonObject().put("modified", now)));
    ElasticsearchHelpers.bulk(vertx, client, updates, BooksIndex.bulkOptions().setRefreshOnCompletion(true))
      .onSuccess(summary -> sendJson(ctx, 200, summaryJson(summary).put("modified", now)))
      .onFailure(err -> fail(ctx, err));
  }

  private void deleteAll(RoutingContext ctx) {
    ScanStream<JsonObject> hits = ElasticsearchHelpers.scan(vertx, client, new ScanOptions().setIndex(settings.index())
      .setBody(new JsonObject().put("_source", false)));
    ReadStream<BulkOperation> deletes = ElasticsearchHelpers.map(hits, hit -> BulkOperation.delete(settings.index(),
      hit.getString("_id")));
    ElasticsearchHelpers.bulk(vertx, client, deletes, BooksIndex.bulkOptions().setRefreshOnCompletion(true)
        .setIgnoreStatus(Set.of(404)))
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
    JsonArray failures = new JsonArray();
    summary.failures().stream().limit(100).forEach(f -> failures.add(failure(f)));
    return new JsonObject()
      .put("operations", summary.stats().operations())
      .put("succeeded", summary.stats().successes())
      .put("failed", summary.stats().failures())
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
