package dev.vertx.elasticsearch.helpers.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.ClearScrollRequest;
import dev.vertx.elasticsearch.client.api.core.ClosePointInTimeRequest;
import dev.vertx.elasticsearch.client.api.core.OpenPointInTimeRequest;
import dev.vertx.elasticsearch.client.api.core.ScrollRequest;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.helpers.ScanException;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.helpers.ScanStream;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link ScanStream}: one page in memory at a time, fetched on demand; all state on one context.
 *
 * @param <T> the item type
 */
public final class ScanStreamImpl<T> extends DemandStream<T, ScanStream<T>> implements ScanStream<T> {

  private final Vertx vertx;
  private final ElasticsearchClient http;
  private final ElasticsearchClient freeing;
  private final ScanOptions options;
  private final JsonObject searchBody;
  private final Function<JsonObject, T> mapper;
  private final ArrayDeque<JsonObject> page = new ArrayDeque<>();
  private boolean fetching;
  private boolean exhausted;
  private boolean terminated;
  private boolean cancelled;
  private boolean draining;
  private String pitId;
  private String scrollId;
  private JsonArray searchAfter;
  private ScanException pendingError;
  private long retryTimer = -1;
  private long delivered;
  private Promise<Void> freed;
  private final HelperSpan span;
  private Throwable failure;

  /**
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the scan settings, copied
   * @param mapper turns a hit into an item
   */
  public ScanStreamImpl(Vertx vertx, ElasticsearchClient client, ScanOptions options,
                        Function<JsonObject, T> mapper) {
    super(vertx.getOrCreateContext());
    this.vertx = vertx;
    this.options = new ScanOptions(options);
    Objects.requireNonNull(this.options.getIndex(), "ScanOptions.index");
    this.searchBody = this.options.getSearchBody();
    this.mapper = mapper;
    this.http = client.withOptions(new CallOptions().setHelper("s")
      // the scan asks again for pages answered with a retried status; the transport retries the rest alike
      .setRetry(this.options.getRetry().withRetryOnStatus(Set.of())));
    this.freeing = client.withOptions(new CallOptions().setHelper("s").setIgnoreStatus(Set.of(404)));
    this.span = HelperSpan.start(client, "helpers.scan");
  }

  /**
   * @param type the class to map {@code _source} to
   * @param mapper the client's mapper
   * @param <T> the class
   * @return a mapper of hits to their {@code _source}, failing with {@code SerializationException}
   */
  public static <T> Function<JsonObject, T> sourceAs(Class<T> type, ObjectMapper mapper) {
    return hit -> {
      JsonObject source = hit.getJsonObject("_source");
      try {
        return source == null ? null : mapper.convertValue(source.getMap(), type);
      } catch (RuntimeException e) {
        throw new SerializationException("The _source of hit " + hit.getString("_id") + " cannot be read as "
          + type.getName() + ": " + e.getMessage(), e);
      }
    };
  }

  // ------------------------------------------------------------------------------------------------ ReadStream

  @Override
  public long delivered() {
    return delivered;
  }

  @Override
  public Future<Void> cancel() {
    Promise<Void> result = Promise.promise();
    onContext(() -> {
      if (!terminated) {
        terminated = true;
        cancelled = true;
        page.clear();
        if (retryTimer != -1) {
          vertx.cancelTimer(retryTimer);
          retryTimer = -1;
          fetching = false;
        }
      }
      free().onComplete(result);
    });
    return Contexts.onCaller(vertx, result.future());
  }

  // ------------------------------------------------------------------------------------------------ paging

  @Override
  protected void drain() {
    if (draining || terminated) {
      return;
    }
    draining = true;
    try {
      while (canEmit() && !page.isEmpty() && !terminated) {
        JsonObject hit = page.poll();
        T item;
        try {
          item = mapper.apply(hit);
        } catch (RuntimeException e) {
          fail(e);
          return;
        }
        emitted();
        delivered++;
        handler.handle(item);
      }
      if (page.isEmpty() && !terminated) {
        if (pendingError != null) {
          fail(pendingError);
        } else if (exhausted) {
          finish();
        } else if (demand > 0 && handler != null && !fetching) {
          fetchNext();
        }
      }
    } finally {
      draining = false;
    }
  }

  private void fetchNext() {
    fetching = true;
    Future<ElasticsearchResponse> response;
    if (options.getMode() == ScanOptions.Mode.POINT_IN_TIME) {
      Future<Void> opened = pitId != null ? Future.succeededFuture() : withRetry(this::openPit, 0)
        .compose(r -> {
          pitId = r.body().getString("id");
          return Future.succeededFuture();
        });
      response = opened.compose(v -> cancelled ? Future.failedFuture(new IllegalStateException("cancelled"))
        : withRetry(this::searchPit, 0));
    } else {
      response = withRetry(scrollId == null ? this::openScroll : this::nextScroll, 0);
    }
    response.onComplete(ar -> onContext(() -> onPage(ar)));
  }

  private Future<ElasticsearchResponse> withRetry(Supplier<Future<ElasticsearchResponse>> call, int retry) {
    return withRetry(call, retry, 0);
  }

  private Future<ElasticsearchResponse> withRetry(Supplier<Future<ElasticsearchResponse>> call, int retry,
                                                  long firstFailure) {
    RetryConfig config = options.getRetry();
    return call.get().recover(err -> {
      long failedAt = retry == 0 ? System.nanoTime() : firstFailure;
      if (err instanceof ApiException api && config.retriesStatus(api.status())
        && config.allowsRetry(retry, (System.nanoTime() - failedAt) / 1_000_000) && !cancelled) {
        Promise<ElasticsearchResponse> next = Promise.promise();
        long delay = Math.max(1, config.backoff(retry + 1));
        onContext(() -> retryTimer = vertx.setTimer(delay, id -> {
          retryTimer = -1;
          withRetry(call, retry + 1, failedAt).onComplete(next);
        }));
        return next.future();
      }
      return Future.failedFuture(err);
    });
  }

  private Future<ElasticsearchResponse> openPit() {
    return span.call(() -> http.openPointInTime(new OpenPointInTimeRequest().index(options.getIndex().split(","))
      .keepAlive(options.getKeepAlive())));
  }

  private JsonObject baseBody() {
    JsonObject body = searchBody.copy();
    body.put("size", options.getPageSize());
    if (options.getSliceMax() != null && options.getSliceMax() > 1) {
      body.put("slice", new JsonObject().put("id", options.getSliceId()).put("max", options.getSliceMax()));
    }
    return body;
  }

  private Future<ElasticsearchResponse> searchPit() {
    JsonObject body = baseBody();
    body.put("pit", new JsonObject().put("id", pitId).put("keep_alive", options.getKeepAlive()));
    JsonArray sort = new JsonArray();
    Object userSort = body.getValue("sort");
    if (userSort instanceof JsonArray) {
      sort.addAll((JsonArray) userSort);
    } else if (userSort != null) {
      sort.add(userSort);
    }
    boolean hasTiebreak = sort.stream().anyMatch(s -> "_shard_doc".equals(s)
      || (s instanceof JsonObject && ((JsonObject) s).containsKey("_shard_doc")));
    if (!hasTiebreak) {
      sort.add(new JsonObject().put("_shard_doc", "asc"));
    }
    body.put("sort", sort);
    if (!body.containsKey("track_total_hits")) {
      body.put("track_total_hits", false);
    }
    if (searchAfter != null) {
      body.put("search_after", searchAfter);
    }
    return span.call(() -> http.search(new SearchRequest().body(body)));
  }

  private Future<ElasticsearchResponse> openScroll() {
    JsonObject body = baseBody();
    if (!options.isPreserveOrder()) {
      body.put("sort", "_doc");
    }
    return span.call(() -> http.search(new SearchRequest().index(options.getIndex().split(","))
      .scroll(options.getKeepAlive()).body(body)));
  }

  private Future<ElasticsearchResponse> nextScroll() {
    JsonObject body = new JsonObject().put("scroll", options.getKeepAlive()).put("scroll_id", scrollId);
    return span.call(() -> http.scroll(new ScrollRequest().body(body)));
  }

  private void onPage(AsyncResult<ElasticsearchResponse> ar) {
    fetching = false;
    JsonObject body = null;
    Throwable error = ar.cause();
    if (ar.succeeded()) {
      try {
        body = ar.result().body();
      } catch (RuntimeException e) {
        error = e;
      }
    }
    if (body != null) {
      String newPit = body.getString("pit_id");
      if (newPit != null) {
        pitId = newPit;
      }
      String newScroll = body.getString("_scroll_id");
      if (newScroll != null) {
        scrollId = newScroll;
      }
    }
    if (cancelled) {
      free();
      return;
    }
    if (error != null) {
      fail(error);
      return;
    }
    JsonObject hitsObject = body.getJsonObject("hits");
    JsonArray hits = hitsObject == null ? null : hitsObject.getJsonArray("hits");
    if (hits == null) {
      fail(new SerializationException("The search response has no hits.hits", null));
      return;
    }
    JsonObject shards = body.getJsonObject("_shards");
    if (shards != null && options.isRaiseOnShardFailure()) {
      int total = shards.getInteger("total", 0);
      int ok = shards.getInteger("successful", 0) + shards.getInteger("skipped", 0);
      if (ok < total) {
        pendingError = new ScanException("Scan request failed on " + (total - ok) + " of " + total + " shards",
          options.getMode() == ScanOptions.Mode.SCROLL ? scrollId : pitId, shards);
      }
    }
    if (hits.isEmpty()) {
      exhausted = true;
    } else {
      for (int i = 0; i < hits.size(); i++) {
        page.add(hits.getJsonObject(i));
      }
      if (options.getMode() == ScanOptions.Mode.POINT_IN_TIME) {
        searchAfter = hits.getJsonObject(hits.size() - 1).getJsonArray("sort");
        if (hits.size() < options.getPageSize() || searchAfter == null) {
          exhausted = true;
        }
      }
    }
    drain();
  }

  private void fail(Throwable error) {
    terminated = true;
    failure = error;
    page.clear();
    free().onComplete(v -> {
      Handler<Throwable> h = exceptionHandler;
      if (h != null) {
        h.handle(error);
      } else {
        Contexts.report(context, error);
      }
    });
  }

  private void finish() {
    terminated = true;
    free().onComplete(v -> {
      Handler<Void> h = endHandler;
      if (h != null) {
        h.handle(null);
      }
    });
  }

  /** Frees the server-side context once no request is in flight; idempotent. */
  private Future<Void> free() {
    if (freed == null) {
      freed = Promise.promise();
    }
    if (fetching) {
      return freed.future();
    }
    Future<?> call = Future.succeededFuture();
    if (pitId != null) {
      String id = pitId;
      pitId = null;
      call = span.call(() -> freeing.closePointInTime(new ClosePointInTimeRequest().body(new JsonObject().put("id", id))));
    } else if (scrollId != null) {
      String id = scrollId;
      scrollId = null;
      call = span.call(() -> freeing.clearScroll(new ClearScrollRequest()
        .body(new JsonObject().put("scroll_id", new JsonArray().add(id)))));
    }
    Promise<Void> p = freed;
    call.onComplete(ar -> onContext(() -> {
      span.count("elasticsearch.scan.hits", delivered).end(failure);
      p.tryComplete();
    }));
    return p.future();
  }
}
