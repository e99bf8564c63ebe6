package dev.vertx.elasticsearch.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a real node that injects faults into the requests whose path matches a filter (by
 * default {@code _bulk}): whole-request 503 or 429 answers and connection resets, all <em>before</em> forwarding (so
 * the node never sees the failed request); lost answers, <em>after</em> forwarding (the node applied the request,
 * then the connection drops before the client gets the answer); a response delay (a slow target); and for
 * {@code _bulk} the rejection of
 * a random fraction of the items: they are removed from the forwarded NDJSON and answered with synthesized 429 item
 * errors merged back into the node's answer at their positions. So the node never applies what the client was told
 * was rejected.
 *
 * <p>Two load-driven modes reject by what is being forwarded at the moment, as a busy node does: a capacity of
 * {@code k} {@code _bulk} requests (a {@code _bulk} arriving while {@code k} are held answers 200 with every item
 * rejected 429, like a full write queue) and a byte limit on the bodies held at once (beyond it the whole request is
 * answered 429, like indexing pressure). A request is held from its arrival (delay included) until its answer is
 * sent. Everything injected is counted. Random choices use a seeded {@link Random}.
 */
public final class FaultInjectingProxy implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient client;
  private final String targetHost;
  private final int targetPort;
  private final Random random;

  private volatile Predicate<String> faultPaths = path -> path.endsWith("/_bulk");
  private volatile double resetRate;
  private volatile double status503Rate;
  private volatile double status429Rate;
  private volatile double itemRejectRate;
  private volatile double dropAnswerRate;
  private final AtomicInteger dropNext = new AtomicInteger();
  private volatile long delayMillis;
  private volatile int capacity;
  private volatile long maxForwardedBytes;

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong resets = new AtomicLong();
  private final AtomicLong injected503 = new AtomicLong();
  private final AtomicLong injected429 = new AtomicLong();
  private final AtomicLong rejectedItems = new AtomicLong();
  private final AtomicLong droppedAnswers = new AtomicLong();
  private final AtomicLong forwardedItems = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong maxInFlight = new AtomicLong();
  private final AtomicInteger bulkHeld = new AtomicInteger();
  private final AtomicLong maxBulkHeld = new AtomicLong();
  private final AtomicLong bytesHeld = new AtomicLong();
  private final AtomicLong maxBytesHeld = new AtomicLong();
  private final AtomicLong capacityRejections = new AtomicLong();
  private final AtomicLong byteLimitRejections = new AtomicLong();
  private final Map<String, AtomicLong> byEndpoint = new ConcurrentHashMap<>();

  private FaultInjectingProxy(Vertx vertx, String targetUrl, long seed) {
    this.vertx = vertx;
    URI uri = URI.create(targetUrl);
    this.targetHost = uri.getHost();
    this.targetPort = uri.getPort();
    this.random = new Random(seed);
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(32));
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /**
   * Starts a proxy on a free loopback port; call from a test thread.
   *
   * @param vertx the Vert.x instance
   * @param targetUrl the node, e.g. {@code http://127.0.0.1:9200}
   * @param seed the seed of the random fault choices
   * @return the running proxy
   */
  public static FaultInjectingProxy start(Vertx vertx, String targetUrl, long seed) {
    FaultInjectingProxy proxy = new FaultInjectingProxy(vertx, targetUrl, seed);
    Await.result(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  /** @return {@code http://127.0.0.1:<port>} */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /**
   * @param filter which request paths get faults and delays (default: paths ending with {@code /_bulk})
   * @return this
   */
  public FaultInjectingProxy faultPaths(Predicate<String> filter) {
    this.faultPaths = filter;
    return this;
  }

  /**
   * @param rate fraction of matching requests whose connection is closed before forwarding
   * @return this
   */
  public FaultInjectingProxy resetRate(double rate) {
    this.resetRate = rate;
    return this;
  }

  /**
   * @param rate fraction of matching requests answered 503 without forwarding
   * @return this
   */
  public FaultInjectingProxy status503Rate(double rate) {
    this.status503Rate = rate;
    return this;
  }

  /**
   * @param rate fraction of matching requests answered 429 without forwarding
   * @return this
   */
  public FaultInjectingProxy status429Rate(double rate) {
    this.status429Rate = rate;
    return this;
  }

  /**
   * @param rate fraction of the items of each forwarded {@code _bulk} that are rejected with a 429 item error
   * @return this
   */
  public FaultInjectingProxy itemRejectRate(double rate) {
    this.itemRejectRate = rate;
    return this;
  }

  /**
   * @param rate fraction of matching requests that are forwarded to the node (which applies them) and whose answer
   *     is then dropped: the connection is closed instead of answering
   * @return this
   */
  public FaultInjectingProxy dropAnswerRate(double rate) {
    this.dropAnswerRate = rate;
    return this;
  }

  /**
   * @param count how many of the next matching requests are forwarded and then lose their answer (deterministic)
   * @return this
   */
  public FaultInjectingProxy dropNextAnswers(int count) {
    dropNext.set(count);
    return this;
  }

  /**
   * @param millis delay before a matching request is forwarded (timer based, nothing blocks)
   * @return this
   */
  public FaultInjectingProxy delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /**
   * Capacity mode: at most {@code k} {@code _bulk} requests matching the filter are held (delayed or forwarded) at
   * once; one arriving while {@code k} are held is not forwarded and is answered 200 with {@code errors: true} and
   * every item rejected 429 {@code es_rejected_execution_exception} (a compressed body: the whole request 429).
   *
   * @param k the most {@code _bulk} requests held at once, 0 (the default) for no limit
   * @return this
   */
  public FaultInjectingProxy capacity(int k) {
    this.capacity = k;
    return this;
  }

  /**
   * Byte limit: a matching request whose body would take the bytes of the bodies held at once beyond {@code bytes}
   * is not forwarded and is answered 429 {@code es_rejected_execution_exception} as a whole, as Elasticsearch's
   * indexing pressure does (also a single body larger than the limit).
   *
   * @param bytes the most body bytes held at once, 0 (the default) for no limit
   * @return this
   */
  public FaultInjectingProxy maxForwardedBytes(long bytes) {
    this.maxForwardedBytes = bytes;
    return this;
  }

  /** Turns every fault, the delay, the capacity and the byte limit off. */
  public void heal() {
    resetRate = 0;
    status503Rate = 0;
    status429Rate = 0;
    itemRejectRate = 0;
    dropAnswerRate = 0;
    dropNext.set(0);
    delayMillis = 0;
    capacity = 0;
    maxForwardedBytes = 0;
  }

  /** @return requests received */
  public long requests() {
    return requests.get();
  }

  /** @return requests forwarded to the node */
  public long forwarded() {
    return forwarded.get();
  }

  /** @return connections reset */
  public long resets() {
    return resets.get();
  }

  /** @return synthesized whole-request 503 answers */
  public long injected503() {
    return injected503.get();
  }

  /** @return synthesized whole-request 429 answers */
  public long injected429() {
    return injected429.get();
  }

  /** @return bulk items rejected with a synthesized 429, at random or by the capacity mode */
  public long rejectedItems() {
    return rejectedItems.get();
  }

  /** @return answers dropped after the node applied the request */
  public long droppedAnswers() {
    return droppedAnswers.get();
  }

  /** @return bulk items forwarded to the node */
  public long forwardedItems() {
    return forwardedItems.get();
  }

  /** @return the most matching requests held at once (delayed or waiting for the node) */
  public long maxInFlight() {
    return maxInFlight.get();
  }

  /** @return {@code _bulk} requests rejected item by item because the capacity was reached */
  public long capacityRejections() {
    return capacityRejections.get();
  }

  /** @return requests answered 429 as a whole because of the byte limit */
  public long byteLimitRejections() {
    return byteLimitRejections.get();
  }

  /** @return the most matching {@code _bulk} requests held at once */
  public long maxBulkHeld() {
    return maxBulkHeld.get();
  }

  /** @return the most body bytes of matching requests held at once */
  public long maxBytesHeld() {
    return maxBytesHeld.get();
  }

  /**
   * @param endpoint the last path segment starting with {@code _}, e.g. {@code _bulk}, {@code _msearch},
   *     {@code _search}, {@code _pit}, {@code scroll}
   * @return requests received for it
   */
  public long count(String endpoint) {
    AtomicLong n = byEndpoint.get(endpoint);
    return n == null ? 0 : n.get();
  }

  /** @return a one-line summary of what was injected */
  public String report() {
    return "requests=" + requests + " forwarded=" + forwarded + " resets=" + resets + " injected503=" + injected503
      + " injected429=" + injected429 + " rejectedItems=" + rejectedItems + " forwardedItems=" + forwardedItems
      + " droppedAnswers=" + droppedAnswers + " capacityRejections=" + capacityRejections + " byteLimitRejections="
      + byteLimitRejections;
  }

  @Override
  public void close() {
    Await.result(server.close());
    Await.result(client.close());
  }

  private static String endpoint(String path) {
    String[] segments = path.split("/");
    for (int i = segments.length - 1; i >= 0; i--) {
      if (segments[i].startsWith("_")) {
        return segments[i];
      }
    }
    return segments.length == 0 ? "/" : segments[segments.length - 1];
  }

  private synchronized double nextDouble() {
    return random.nextDouble();
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      requests.incrementAndGet();
      byEndpoint.computeIfAbsent(endpoint(req.path()), k -> new AtomicLong()).incrementAndGet();
      if (!faultPaths.test(req.path())) {
        forward(req, body).onComplete(ar -> respond(req, ar));
        return;
      }
      double r = nextDouble();
      if (r < resetRate) {
        resets.incrementAndGet();
        req.connection().close();
        return;
      }
      r -= resetRate;
      if (r < status503Rate) {
        injected503.incrementAndGet();
        error(req, 503, "unavailable_shards_exception");
        return;
      }
      r -= status503Rate;
      if (r < status429Rate) {
        injected429.incrementAndGet();
        error(req, 429, "es_rejected_execution_exception");
        return;
      }
      r -= status429Rate;
      boolean isBulk = req.path().endsWith("/_bulk");
      boolean plain = req.getHeader(HttpHeaders.CONTENT_ENCODING) == null;
      if (isBulk && !acquire(bulkHeld, capacity, 1, maxBulkHeld)) {
        capacityRejections.incrementAndGet();
        if (plain) {
          BulkItems items = new BulkItems(body, req.path());
          rejectedItems.addAndGet(items.size());
          json(req, 200, items.allRejected("rejected by FaultInjectingProxy: " + capacity + " bulk requests in flight"));
        } else {
          error(req, 429, "es_rejected_execution_exception");
        }
        return;
      }
      if (!acquire(bytesHeld, maxForwardedBytes, body.length(), maxBytesHeld)) {
        if (isBulk) {
          bulkHeld.decrementAndGet();
        }
        byteLimitRejections.incrementAndGet();
        error(req, 429, "es_rejected_execution_exception");
        return;
      }
      boolean dropAnswer = r < dropAnswerRate || dropNext.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
      long n = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(n, Math::max);
      Runnable go = () -> {
        Future<Forwarded> answer = isBulk && plain ? forwardBulk(req, body) : forward(req, body);
        answer.onComplete(ar -> {
          inFlight.decrementAndGet();
          bytesHeld.addAndGet(-body.length());
          if (isBulk) {
            bulkHeld.decrementAndGet();
          }
          if (dropAnswer && ar.succeeded()) {
            droppedAnswers.incrementAndGet();
            req.connection().close();
          } else {
            respond(req, ar);
          }
        });
      };
      long delay = delayMillis;
      if (delay > 0) {
        vertx.setTimer(delay, id -> go.run());
      } else {
        go.run();
      }
    });
  }

  /**
   * Takes {@code amount} of a counted resource unless that would pass {@code limit} (0 = no limit).
   *
   * @return whether it was taken
   */
  private static boolean acquire(AtomicInteger held, int limit, int amount, AtomicLong peak) {
    int now = held.getAndUpdate(v -> limit > 0 && v + amount > limit ? v : v + amount);
    if (limit > 0 && now + amount > limit) {
      return false;
    }
    peak.accumulateAndGet(now + amount, Math::max);
    return true;
  }

  private static boolean acquire(AtomicLong held, long limit, long amount, AtomicLong peak) {
    long now = held.getAndUpdate(v -> limit > 0 && v + amount > limit ? v : v + amount);
    if (limit > 0 && now + amount > limit) {
      return false;
    }
    peak.accumulateAndGet(now + amount, Math::max);
    return true;
  }

  private record Forwarded(int status, MultiMap headers, Buffer body) {
  }

  private Future<Forwarded> forward(HttpServerRequest req, Buffer body) {
    forwarded.incrementAndGet();
    RequestOptions options = new RequestOptions().setMethod(req.method()).setHost(targetHost).setPort(targetPort)
      .setURI(req.uri());
    return client.request(options).compose(out -> {
      req.headers().forEach((name, value) -> {
        String n = name.toLowerCase();
        if (!n.equals("host") && !n.equals("content-length") && !n.equals("connection")
          && !n.equals("accept-encoding") && !n.equals("transfer-encoding")) {
          out.headers().add(name, value);
        }
      });
      return out.send(body).compose(resp -> resp.body().map(b -> new Forwarded(resp.statusCode(),
        MultiMap.caseInsensitiveMultiMap().addAll(resp.headers()), b)));
    });
  }

  private void respond(HttpServerRequest req, io.vertx.core.AsyncResult<Forwarded> ar) {
    if (ar.failed()) {
      if (!req.response().ended()) {
        req.response().setStatusCode(502).end();
      }
      return;
    }
    Forwarded f = ar.result();
    req.response().setStatusCode(f.status());
    f.headers().forEach((name, value) -> {
      String n = name.toLowerCase();
      if (!n.equals("content-length") && !n.equals("transfer-encoding") && !n.equals("connection")) {
        req.response().headers().add(name, value);
      }
    });
    if (req.method() == HttpMethod.HEAD) {
      req.response().end();
    } else {
      req.response().end(f.body());
    }
  }

  private void error(HttpServerRequest req, int status, String type) {
    json(req, status, new JsonObject().put("error", new JsonObject().put("type", type)
      .put("reason", "injected by proxy")).put("status", status));
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("X-Elastic-Product", "Elasticsearch")
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(body.encode());
  }

  private Future<Forwarded> forwardBulk(HttpServerRequest req, Buffer body) {
    BulkItems ops = new BulkItems(body, req.path());
    boolean[] rejected = new boolean[ops.size()];
    int keptCount = 0;
    for (int i = 0; i < ops.size(); i++) {
      rejected[i] = itemRejectRate > 0 && nextDouble() < itemRejectRate;
      if (rejected[i]) {
        rejectedItems.incrementAndGet();
      } else {
        keptCount++;
      }
    }
    forwardedItems.addAndGet(keptCount);
    boolean anyRejected = keptCount < ops.size();
    Future<Forwarded> real = keptCount == 0
      ? Future.succeededFuture(new Forwarded(200, MultiMap.caseInsensitiveMultiMap()
        .add("X-Elastic-Product", "Elasticsearch").add(HttpHeaders.CONTENT_TYPE, "application/json"),
        new JsonObject().put("took", 0).put("errors", false).put("items", new JsonArray()).toBuffer()))
      : forward(req, anyRejected ? ops.kept(rejected) : body);
    if (!anyRejected) {
      return real;
    }
    return real.map(f -> {
      if (f.status() != 200) {
        return f;
      }
      JsonObject answer = new JsonObject(f.body());
      answer.put("items", ops.merge(answer.getJsonArray("items"), rejected, "rejected by FaultInjectingProxy"));
      answer.put("errors", true);
      return new Forwarded(f.status(), f.headers(), answer.toBuffer());
    });
  }
}
