package dev.vertx.elasticsearch.helpers.impl;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.MsearchRequest;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.error.PoolExhaustedException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.helpers.MsearchHelper;
import dev.vertx.elasticsearch.helpers.MsearchOptions;
import dev.vertx.elasticsearch.helpers.SearchResult;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The {@link MsearchHelper}; all state on one context. */
public final class MsearchHelperImpl implements MsearchHelper {

  private static final class Pending {
    final Buffer lines;
    final Promise<SearchResult> promise;
    int retries;
    long firstFailure;

    Pending(Buffer lines, Promise<SearchResult> promise) {
      this.lines = lines;
      this.promise = promise;
    }
  }

  private final VertxInternal vertx;
  private final Context context;
  private final ElasticsearchClient http;
  private final ObjectMapper mapper;
  private final MsearchOptions options;
  private final AtomicLong requests = new AtomicLong();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Promise<Void> closed = Promise.promise();
  private volatile boolean closing;
  private int inFlight;
  private int outstanding;
  private boolean force;
  private long flushTimer = -1;

  /**
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the settings, copied
   */
  public MsearchHelperImpl(Vertx vertx, ElasticsearchClient client, MsearchOptions options) {
    this.vertx = (VertxInternal) vertx;
    this.context = vertx.getOrCreateContext();
    this.options = new MsearchOptions(options);
    this.http = client.withOptions(new CallOptions().setRetry(RetryConfig.NONE));
    this.mapper = client.objectMapper();
  }

  private void onContext(Runnable action) {
    Contexts.run(context, action);
  }

  @Override
  public Future<SearchResult> search(String index, JsonObject body) {
    JsonObject header = new JsonObject();
    if (index != null) {
      header.put("index", index);
    }
    return search(header, body);
  }

  @Override
  public Future<SearchResult> search(JsonObject header, JsonObject body) {
    if (closing) {
      return Future.failedFuture(new IllegalStateException("The msearch helper is closed"));
    }
    Buffer lines;
    try {
      lines = Buffer.buffer().appendBuffer(header.toBuffer()).appendByte((byte) '\n')
        .appendBuffer((body == null ? new JsonObject() : body).toBuffer()).appendByte((byte) '\n');
    } catch (RuntimeException e) {
      return Future.failedFuture(new SerializationException("The search cannot be serialised: " + e.getMessage(), e));
    }
    // completes on the caller's context
    Promise<SearchResult> promise = vertx.getOrCreateContext().promise();
    Pending pending = new Pending(lines, promise);
    onContext(() -> {
      outstanding++;
      queue.add(pending);
      pump();
    });
    return promise.future();
  }

  @Override
  public MsearchHelper flush() {
    onContext(() -> {
      force = true;
      pump();
    });
    return this;
  }

  @Override
  public long requests() {
    return requests.get();
  }

  @Override
  public Future<Void> close() {
    closing = true;
    onContext(() -> {
      force = true;
      pump();
    });
    return Contexts.onCaller(vertx, closed.future());
  }

  private void pump() {
    while (inFlight < options.getConcurrency() && !queue.isEmpty()
      && (force || closing || queue.size() >= options.getMaxOperations())) {
      List<Pending> batch = new ArrayList<>(options.getMaxOperations());
      while (batch.size() < options.getMaxOperations() && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      send(batch);
    }
    if (queue.isEmpty()) {
      force = false;
      if (flushTimer != -1) {
        vertx.cancelTimer(flushTimer);
        flushTimer = -1;
      }
    } else if (flushTimer == -1 && !force) {
      flushTimer = vertx.setTimer(options.getFlushInterval(), id -> {
        flushTimer = -1;
        force = true;
        pump();
      });
    }
    if (closing && outstanding == 0) {
      closed.tryComplete();
    }
  }

  private void send(List<Pending> batch) {
    inFlight++;
    requests.incrementAndGet();
    Buffer body = Buffer.buffer();
    for (Pending p : batch) {
      body.appendBuffer(p.lines);
    }
    // One parent span per batch: the _msearch request nests under it with the number of searches it carries.
    HelperSpan span = HelperSpan.start(http, "helpers.msearch").count("elasticsearch.msearch.searches", batch.size());
    span.call(() -> http.msearch(new MsearchRequest().body(body)))
      .onComplete(ar -> onContext(() -> {
        span.end(ar.cause());
        onResponse(batch, ar);
      }));
  }

  private void onResponse(List<Pending> batch, AsyncResult<ElasticsearchResponse> ar) {
    inFlight--;
    List<Pending> retry = new ArrayList<>();
    if (ar.succeeded()) {
      JsonArray responses;
      try {
        responses = ar.result().body().getJsonArray("responses");
      } catch (RuntimeException e) {
        responses = null;
      }
      if (responses == null || responses.size() != batch.size()) {
        SerializationException error = new SerializationException("The msearch response has "
          + (responses == null ? "no responses" : responses.size() + " responses for " + batch.size() + " searches"),
          null);
        batch.forEach(p -> done(p, Future.failedFuture(error)));
      } else {
        for (int i = 0; i < batch.size(); i++) {
          Pending p = batch.get(i);
          JsonObject r = responses.getJsonObject(i);
          int status = r.getInteger("status", r.containsKey("error") ? 500 : 200);
          if (status < 300) {
            done(p, Future.succeededFuture(new SearchResult(status, r, mapper)));
          } else if (options.getRetry().retriesStatus(status) && retriesLeft(p)) {
            retry.add(p);
          } else {
            done(p, Future.failedFuture(ApiException.of(status, r.encode(), ar.result().node())));
          }
        }
      }
    } else {
      Throwable cause = ar.cause();
      boolean retryable = cause instanceof ApiException api ? options.getRetry().retriesStatus(api.status())
        : cause instanceof ConnectionException || cause instanceof PoolExhaustedException; // reads: safe to repeat
      for (Pending p : batch) {
        if (retryable && retriesLeft(p)) {
          retry.add(p);
        } else {
          done(p, Future.failedFuture(cause));
        }
      }
    }
    if (!retry.isEmpty()) {
      int attempt = 0;
      for (Pending p : retry) {
        attempt = Math.max(attempt, ++p.retries);
      }
      vertx.setTimer(Math.max(1, options.getRetry().backoff(attempt)), id -> {
        for (int i = retry.size() - 1; i >= 0; i--) {
          queue.addFirst(retry.get(i));
        }
        force = true;
        pump();
      });
    }
    pump();
  }

  /** @return whether the search may be retried once more; starts its retry clock at its first failure */
  private boolean retriesLeft(Pending p) {
    long now = System.nanoTime();
    if (p.retries == 0) {
      p.firstFailure = now;
    }
    return options.getRetry().allowsRetry(p.retries, (now - p.firstFailure) / 1_000_000);
  }

  private void done(Pending p, Future<SearchResult> result) {
    outstanding--;
    result.onComplete(p.promise);
  }
}
