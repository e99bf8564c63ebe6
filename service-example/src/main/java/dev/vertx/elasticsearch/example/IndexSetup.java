package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.helpers.BulkItemResult;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Sets the service's index up in the background, so that the service starts and answers liveness even when
 * Elasticsearch is not there yet: once Elasticsearch answers, it creates the index when it is missing (or when a
 * sample data load was interrupted) and loads the sample data into it. A failed attempt is retried with
 * exponential backoff and jitter (0.5 s doubling up to 10 s); each attempt is bounded in time. Its state feeds
 * the readiness check. Everything runs on the verticle's context: nothing blocks.
 */
final class IndexSetup {

  static final long BACKOFF_BASE_MS = 500;
  static final long BACKOFF_MAX_MS = 10_000;
  static final long ATTEMPT_TIMEOUT_MS = 300_000;

  private static final Logger log = LoggerFactory.getLogger(IndexSetup.class);

  private final Vertx vertx;
  private final Context context;
  private final BooksIndex index;
  private final SampleData sampleData;
  private final boolean loadSampleData;
  private final Promise<Void> firstReady = Promise.promise();

  // Confined to 'context'.
  private JsonObject state = new JsonObject().put("state", "starting");
  private boolean ready;
  private boolean running;
  private long retryTimer = -1;
  private int failures;
  private int generation;
  private boolean closed;
  private Future<?> current = Future.succeededFuture();

  /**
   * @param loadSampleData whether a newly created index gets the sample data; when not, it is created empty
   */
  IndexSetup(Vertx vertx, Context context, BooksIndex index, SampleData sampleData, boolean loadSampleData) {
    this.vertx = vertx;
    this.context = context;
    this.index = index;
    this.sampleData = sampleData;
    this.loadSampleData = loadSampleData;
  }

  /** Starts the first attempt. */
  void start() {
    ensure();
  }

  /**
   * Checks the index and sets it up when it is missing or its sample data load was interrupted; nothing happens
   * while an attempt runs or a retry is scheduled. Called at start, and whenever a request finds the index missing.
   */
  void ensure() {
    context.runOnContext(v -> {
      if (!closed && !running && retryTimer == -1) {
        current = attempt(false);
      }
    });
  }

  /**
   * Deletes and recreates the index and loads the sample data again (after the attempt running now, if any).
   *
   * @return the load's summary; a failed reload is retried in the background like a failed start
   */
  Future<BulkSummary> reload() {
    Promise<BulkSummary> result = Promise.promise();
    context.runOnContext(v -> {
      if (closed) {
        result.fail(new IllegalStateException("The service is stopping"));
        return;
      }
      cancelRetry();
      Future<BulkSummary> next = current.transform(previous -> attempt(true));
      current = next;
      next.onComplete(result);
    });
    return result.future();
  }

  /** @return whether the index was set up: found, created or loaded */
  boolean ready() {
    return ready;
  }

  /** @return completed the first time the setup is done (never failed) */
  Future<Void> firstReady() {
    return firstReady.future();
  }

  /** @return what the setup is doing or waiting for, for the readiness check */
  JsonObject state() {
    return state.copy();
  }

  /** Stops retrying and cancels the load in progress. */
  void close() {
    context.runOnContext(v -> {
      closed = true;
      generation++;
      cancelRetry();
    });
  }

  private Future<BulkSummary> attempt(boolean force) {
    int attempt = ++generation;
    running = true;
    long deadline = vertx.setTimer(ATTEMPT_TIMEOUT_MS, id -> {
      if (attempt == generation && running) {
        generation++; // the late attempt's results are ignored and its load stops
        failed(new IllegalStateException("The attempt took longer than " + ATTEMPT_TIMEOUT_MS / 1000 + " s"));
      }
    });
    Future<BulkSummary> result = index.check().compose(status -> {
      switch (status.state()) {
        case UNREACHABLE:
          return Future.failedFuture(new IllegalStateException(status.reason()));
        case MISSING:
          return rebuild(attempt, loadSampleData);
        default:
          if (force || "loading".equals(status.sampleData())) {
            return rebuild(attempt, true);
          }
          // Found, whatever its state: the index check reports a wrong or red index; data is never dropped here.
          // A found index says whether its sample data was loaded (a check can also follow this process's own load).
          setState(attempt, new JsonObject().put("state", "loaded".equals(status.sampleData()) ? "loaded" : "present"));
          return Future.succeededFuture((BulkSummary) null);
      }
    });
    return result.andThen(ar -> {
      vertx.cancelTimer(deadline);
      if (attempt != generation) {
        return;
      }
      if (ar.succeeded()) {
        running = false;
        failures = 0;
        ready = true;
        firstReady.tryComplete();
      } else {
        failed(ar.cause());
      }
    });
  }

  private Future<BulkSummary> rebuild(int attempt, boolean load) {
    ready = false;
    setState(attempt, new JsonObject().put("state", "creating-index").put("index", index.concreteName()));
    Future<Void> created = index.recreate(load ? "loading" : null);
    if (!load) {
      return created.map(v -> {
        setState(attempt, new JsonObject().put("state", "created-empty"));
        return (BulkSummary) null;
      });
    }
    return created.compose(v -> {
      setState(attempt, new JsonObject().put("state", "loading").put("indexed", 0L).put("failed", 0L));
      log.info("Loading the sample data into '" + index.alias() + "'");
      return sampleData.load(progress -> setState(attempt, new JsonObject().put("state", "loading")
        .put("indexed", progress.stats().successes()).put("failed", progress.stats().failures())),
        () -> attempt != generation);
    }).compose(summary -> {
      if (summary.stats().failures() > 0) {
        BulkItemResult first = summary.failures().isEmpty() ? null : summary.failures().get(0);
        return Future.failedFuture(new IllegalStateException(summary.stats().failures()
          + " sample documents were not indexed" + (first == null ? "" : " (first: status " + first.status()
          + (first.errorType() == null ? "" : ", " + first.errorType()) + ")")));
      }
      return index.markSampleData("loaded", summary.successes()).map(v -> {
        setState(attempt, new JsonObject().put("state", "loaded").put("documents", summary.successes()));
        log.info("Sample data loaded into '" + index.alias() + "': " + summary.successes() + " documents in "
          + summary.stats().elapsedMillis() + " ms");
        return summary;
      });
    });
  }

  private void failed(Throwable cause) {
    running = false;
    ready = false;
    failures++;
    long ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(failures - 1, 20));
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    state = new JsonObject().put("state", "waiting").put("reason", String.valueOf(cause.getMessage()))
      .put("failedAttempts", failures).put("retryInMs", delay);
    log.warn("Index setup attempt " + failures + " failed (" + cause.getMessage() + "): retrying in " + delay
      + " ms");
    if (!closed) {
      retryTimer = vertx.setTimer(delay, id -> {
        retryTimer = -1;
        if (!closed && !running) {
          current = attempt(false);
        }
      });
    }
  }

  private void setState(int attempt, JsonObject newState) {
    if (attempt == generation) {
      state = newState;
    }
  }

  private void cancelRetry() {
    if (retryTimer != -1) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }
}
