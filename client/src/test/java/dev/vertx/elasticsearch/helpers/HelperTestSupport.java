package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** Shared bits of the helper tests: clients, indices, bounded waits, node statistics, a counting source. */
final class HelperTestSupport {

  private HelperTestSupport() {
  }

  static ElasticsearchClient client(Vertx vertx, EmbeddedElasticsearch es) {
    return client(vertx, es.httpUrl(), es.majorVersion());
  }

  static ElasticsearchClient client(Vertx vertx, String url, int major) {
    return ElasticsearchClient.create(vertx, new ElasticsearchClientOptions().setTransport(
      new TransportOptions().setHosts(url).setCompatibilityVersion(major)));
  }

  static String uniqueIndex(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Waits at most {@code seconds} for a future. */
  static <T> T await(Future<T> future, long seconds) {
    try {
      return future.await(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("The future did not complete within " + seconds + " s", e);
    }
  }

  static void createIndex(ElasticsearchClient client, String index, int shards, JsonObject properties) {
    JsonObject body = new JsonObject().put("settings", new JsonObject().put("number_of_shards", shards)
      .put("number_of_replicas", 0));
    if (properties != null) {
      body.put("mappings", new JsonObject().put("properties", properties));
    }
    await(client.perform(HttpMethod.PUT, "/" + index, null, body), 30);
  }

  static void deleteIndex(ElasticsearchClient client, String index) {
    await(client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404)))
      .perform(HttpMethod.DELETE, "/" + index, null, null), 30);
  }

  static long count(ElasticsearchClient client, String index) {
    await(client.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null), 30);
    return await(client.perform(HttpMethod.GET, "/" + index + "/_count", null, null), 30).body().getLong("count");
  }

  /** @return open search contexts (scrolls and points in time) summed over the nodes */
  static long openContexts(ElasticsearchClient client) {
    JsonObject nodes = await(client.perform(HttpMethod.GET, "/_nodes/stats/indices/search", null, null), 30).body()
      .getJsonObject("nodes");
    long open = 0;
    for (Map.Entry<String, Object> e : nodes) {
      JsonObject search = ((JsonObject) e.getValue()).getJsonObject("indices").getJsonObject("search");
      open += search.getLong("open_contexts", 0L) + search.getLong("scroll_current", 0L)
        + search.getLong("point_in_time_current", 0L);
    }
    return open;
  }

  /**
   * A source of generated items that honours back-pressure, emitting on its own context, and counts how often it
   * was paused. Like a Vert.x stream it is confined to its context: calls from other threads (a pipe set up from the
   * test thread) run there, in their order, so a {@code resume()} from the test thread cannot land after the pipe
   * paused the source on a full buffer.
   */
  static final class CountingSource<T> implements ReadStream<T> {
    private final Context context;
    private final int size;
    private final IntFunction<T> generator;
    final AtomicInteger pauses = new AtomicInteger();
    final AtomicLong emitted = new AtomicLong();
    private Handler<T> handler;
    private Handler<Void> endHandler;
    private volatile Runnable afterEach = () -> { };
    private long demand = Long.MAX_VALUE;
    private boolean scheduled;
    private boolean ended;

    CountingSource(Vertx vertx, int size, IntFunction<T> generator) {
      this.context = vertx.getOrCreateContext();
      this.size = size;
      this.generator = generator;
    }

    /** @param check run after each emitted item, e.g. to sample the sink's buffer */
    void afterEach(Runnable check) {
      this.afterEach = check;
    }

    @Override
    public ReadStream<T> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public ReadStream<T> handler(Handler<T> handler) {
      onContext(() -> {
        this.handler = handler;
        schedule();
      });
      return this;
    }

    @Override
    public ReadStream<T> pause() {
      onContext(() -> {
        pauses.incrementAndGet();
        demand = 0;
      });
      return this;
    }

    @Override
    public ReadStream<T> resume() {
      onContext(() -> {
        demand = Long.MAX_VALUE;
        schedule();
      });
      return this;
    }

    @Override
    public ReadStream<T> fetch(long amount) {
      onContext(() -> {
        demand = Math.max(0, demand) + amount < 0 ? Long.MAX_VALUE : demand + amount;
        schedule();
      });
      return this;
    }

    @Override
    public ReadStream<T> endHandler(Handler<Void> endHandler) {
      onContext(() -> this.endHandler = endHandler);
      return this;
    }

    private void onContext(Runnable action) {
      if (Vertx.currentContext() == context) {
        action.run();
      } else {
        context.runOnContext(v -> action.run());
      }
    }

    private void schedule() {
      if (!scheduled && !ended) {
        scheduled = true;
        context.runOnContext(v -> emit());
      }
    }

    private void emit() {
      scheduled = false;
      int n = 0;
      while (handler != null && demand > 0 && emitted.get() < size && n++ < 200) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(generator.apply((int) emitted.getAndIncrement()));
        afterEach.run();
      }
      if (emitted.get() == size && !ended) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      } else if (demand > 0) {
        schedule();
      }
    }
  }
}
