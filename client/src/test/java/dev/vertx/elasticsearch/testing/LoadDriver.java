package dev.vertx.elasticsearch.testing;

import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Keeps a fixed number of requests in flight on one Vert.x context until stopped, counting successes, failures and
 * which node served each response. Nothing blocks: every request is issued from the completion of the previous one.
 */
public final class LoadDriver {

  private final Context context;
  private final int concurrency;
  private final IntFunction<Future<ElasticsearchResponse>> request;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  /**
   * @param context the context that issues requests
   * @param concurrency requests kept in flight
   * @param request makes request number {@code n}
   */
  public LoadDriver(Context context, int concurrency, IntFunction<Future<ElasticsearchResponse>> request) {
    this.context = context;
    this.concurrency = concurrency;
    this.request = request;
  }

  /** Starts the load. */
  public void start() {
    context.runOnContext(v -> {
      for (int i = 0; i < concurrency; i++) {
        next();
      }
    });
  }

  private void next() {
    if (stopped) {
      return;
    }
    inFlight.incrementAndGet();
    int n = (int) sent.getAndIncrement();
    request.apply(n).onComplete(ar -> {
      inFlight.decrementAndGet();
      if (ar.succeeded()) {
        succeeded.incrementAndGet();
        servedBy.computeIfAbsent(ar.result().node(), k -> new AtomicLong()).incrementAndGet();
      } else {
        failures.add(ar.cause());
      }
      next();
    });
  }

  /** Stops issuing requests; those in flight still complete. */
  public void stop() {
    stopped = true;
  }

  /** @return requests in flight now */
  public int inFlight() {
    return inFlight.get();
  }

  /** @return successful requests so far */
  public long succeeded() {
    return succeeded.get();
  }

  /** @return the failures so far */
  public Queue<Throwable> failures() {
    return failures;
  }

  /** @return responses so far by the node that served them */
  public long servedBy(String node) {
    AtomicLong n = servedBy.get(node);
    return n == null ? 0 : n.get();
  }
}
