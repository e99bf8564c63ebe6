package dev.vertx.elasticsearch.testing;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A scripted HTTP server on loopback for what a real node cannot do on demand: resets, stalls, 429/503 storms,
 * truncated or non-JSON bodies, a missing product header, huge bodies and gzip bombs. Each request takes the next
 * queued behaviour, or the default one (200 with a small JSON body and the product header). It records requests and
 * counts open connections, so tests can check that nothing leaks.
 */
public final class FaultyServer implements AutoCloseable {

  /** What the server does with one request. */
  @FunctionalInterface
  public interface Behaviour extends Handler<Recorded> {
  }

  /** A received request with its whole body. */
  public record Recorded(HttpServerRequest request, MultiMap headers, Buffer body) {

    /** @return the server response */
    public HttpServerResponse response() {
      return request.response();
    }
  }

  private final HttpServer server;
  private final Queue<Behaviour> script = new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger totalConnections = new AtomicInteger();
  private String scheme = "http";
  private volatile Behaviour fallback = ok("{\"ok\":true}");

  private FaultyServer(Vertx vertx, HttpServerOptions options) {
    server = vertx.createHttpServer(options).connectionHandler(conn -> {
      openConnections.incrementAndGet();
      totalConnections.incrementAndGet();
      conn.closeHandler(v -> openConnections.decrementAndGet());
      conn.exceptionHandler(err -> { });
    }).exceptionHandler(err -> { }).requestHandler(req -> req.body().onSuccess(body -> {
      Recorded recorded = new Recorded(req, MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body);
      requests.add(recorded);
      Behaviour next = script.poll();
      (next != null ? next : fallback).handle(recorded);
    }));
  }

  /**
   * Starts a server on a free loopback port; call from a test thread, not an event loop.
   *
   * @param vertx the Vert.x instance
   * @return the running server
   */
  public static FaultyServer start(Vertx vertx) {
    return start(vertx, new HttpServerOptions());
  }

  /**
   * Starts a server with the given options (e.g. TLS) on a free loopback port.
   *
   * @param vertx the Vert.x instance
   * @param options server options; host and port are chosen here
   * @return the running server
   */
  public static FaultyServer start(Vertx vertx, HttpServerOptions options) {
    FaultyServer s = new FaultyServer(vertx, options);
    Await.result(s.server.listen(0, "127.0.0.1"));
    s.scheme = options.isSsl() ? "https" : "http";
    return s;
  }

  /** @return {@code http://127.0.0.1:<port>} */
  public String url() {
    return scheme + "://127.0.0.1:" + server.actualPort();
  }

  /** @return the port */
  public int port() {
    return server.actualPort();
  }

  /**
   * Queues behaviours for the next requests, in order.
   *
   * @param behaviours what to do
   * @return this
   */
  public FaultyServer then(Behaviour... behaviours) {
    script.addAll(List.of(behaviours));
    return this;
  }

  /**
   * @param behaviour what to do once the queue is empty
   * @return this
   */
  public FaultyServer otherwise(Behaviour behaviour) {
    fallback = behaviour;
    return this;
  }

  /** @return the requests received so far */
  public List<Recorded> requests() {
    return requests;
  }

  /** @return connections open right now */
  public int openConnections() {
    return openConnections.get();
  }

  /** @return connections accepted so far */
  public int totalConnections() {
    return totalConnections.get();
  }

  @Override
  public void close() {
    Await.result(server.close());
  }

  /** @return 200 with the body and the product header */
  public static Behaviour ok(String json) {
    return status(200, json);
  }

  /** @return the status with the body and the product header */
  public static Behaviour status(int status, String json) {
    return r -> r.response().setStatusCode(status)
      .putHeader("X-Elastic-Product", "Elasticsearch")
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(json);
  }

  /** @return an Elasticsearch-style error answer */
  public static Behaviour error(int status, String type) {
    return status(status, "{\"error\":{\"type\":\"" + type + "\",\"reason\":\"injected " + status + "\"},\"status\":"
      + status + "}");
  }

  /** @return a 200 without the {@code X-Elastic-Product} header */
  public static Behaviour withoutProductHeader() {
    return r -> r.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end("{\"ok\":true}");
  }

  /** @return a 200 whose body is not JSON */
  public static Behaviour notJson() {
    return r -> r.response().putHeader("X-Elastic-Product", "Elasticsearch")
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/html").end("<html>gateway says hello</html>");
  }

  /**
   * @param millis how long to wait before behaving (timer based, nothing blocks)
   * @param behaviour what to do then
   * @return the behaviour, delayed
   */
  public static Behaviour after(long millis, Behaviour behaviour) {
    return r -> Vertx.currentContext().owner().setTimer(millis, id -> behaviour.handle(r));
  }

  /** @return no answer at all */
  public static Behaviour stall() {
    return r -> { };
  }

  /** @return the connection is closed before any answer */
  public static Behaviour reset() {
    return r -> r.request().connection().close();
  }

  /** @return headers and the first bytes of a longer body, then the connection is closed */
  public static Behaviour truncated() {
    return r -> {
      HttpServerResponse resp = r.response().putHeader("X-Elastic-Product", "Elasticsearch")
        .putHeader(HttpHeaders.CONTENT_LENGTH, "100");
      resp.write("{\"took\":1,\"hi").onComplete(v -> r.request().connection().close());
    };
  }

  /** @return a chunked body of the given size, without content length */
  public static Behaviour hugeChunked(int bytes) {
    return r -> {
      HttpServerResponse resp = r.response().setChunked(true).putHeader("X-Elastic-Product", "Elasticsearch");
      Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
      for (int sent = 0; sent < bytes && !resp.closed(); sent += chunk.length()) {
        resp.write(chunk);
      }
      if (!resp.closed()) {
        resp.end();
      }
    };
  }

  /** @return a small gzip body that inflates to {@code inflated} bytes */
  public static Behaviour gzipBomb(int inflated) {
    Buffer bomb = gzip(new byte[inflated]);
    return r -> r.response().putHeader("X-Elastic-Product", "Elasticsearch")
      .putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(bomb);
  }

  /** @return the gzip form of the bytes */
  public static Buffer gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** @return the URL of a loopback port that nothing listens on (connections are refused) */
  public static String refusedUrl() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
