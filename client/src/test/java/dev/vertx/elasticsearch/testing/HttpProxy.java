package dev.vertx.elasticsearch.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy on loopback for tests: {@code CONNECT host:port} opens a tunnel (used for TLS), any other
 * request with an absolute URI is forwarded (plain HTTP). With credentials it answers 407 to requests without the
 * matching {@code Proxy-Authorization}. It records what it proxied, so that a test can tell its requests went through.
 */
public final class HttpProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authorization",
    "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length");

  private final HttpServer server;
  private final HttpClient client;
  private final NetClient net;
  private final String expectedAuthorization;
  private final AtomicInteger tunnels = new AtomicInteger();
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<String> targets = new CopyOnWriteArrayList<>();

  private HttpProxy(Vertx vertx, String username, String password) {
    expectedAuthorization = username == null ? null : "Basic " + Base64.getEncoder().encodeToString(
      (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    client = vertx.createHttpClient();
    net = vertx.createNetClient();
    server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /**
   * Starts a proxy on a free loopback port; call from a test thread.
   *
   * @param vertx the Vert.x instance
   * @param username the required user, or {@code null} for none
   * @param password the required password
   * @return the running proxy
   */
  public static HttpProxy start(Vertx vertx, String username, String password) {
    HttpProxy proxy = new HttpProxy(vertx, username, password);
    Await.result(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  private void handle(HttpServerRequest req) {
    if (expectedAuthorization != null && !expectedAuthorization.equals(req.getHeader("Proxy-Authorization"))) {
      refused.incrementAndGet();
      req.response().setStatusCode(407).putHeader("Proxy-Authenticate", "Basic realm=\"test\"").end();
      return;
    }
    if (req.method() == HttpMethod.CONNECT) {
      tunnel(req);
    } else {
      forward(req);
    }
  }

  private void tunnel(HttpServerRequest req) {
    String target = req.uri();
    int colon = target.lastIndexOf(':');
    req.pause();
    net.connect(Integer.parseInt(target.substring(colon + 1)), target.substring(0, colon)).onComplete(ar -> {
      if (ar.failed()) {
        req.response().setStatusCode(502).end();
        return;
      }
      NetSocket upstream = ar.result();
      req.toNetSocket().onSuccess(downstream -> {
        tunnels.incrementAndGet();
        targets.add(target);
        downstream.pipeTo(upstream);
        upstream.pipeTo(downstream);
      }).onFailure(err -> upstream.close());
    });
  }

  private void forward(HttpServerRequest req) {
    URI uri = URI.create(req.uri());
    if (uri.getHost() == null) {
      req.response().setStatusCode(400).end("not a proxy request: " + req.uri());
      return;
    }
    targets.add(uri.getHost() + ":" + uri.getPort());
    forwarded.incrementAndGet();
    RequestOptions options = new RequestOptions().setMethod(req.method()).setHost(uri.getHost())
      .setPort(uri.getPort()).setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    req.headers().forEach(h -> {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
        options.addHeader(h.getKey(), h.getValue());
      }
    });
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      options.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    }
    req.pause();
    client.request(options).compose(upstream -> upstream.send(req)).onComplete(ar -> {
      if (ar.failed()) {
        req.response().setStatusCode(502).end();
        return;
      }
      HttpClientResponse answer = ar.result();
      req.response().setStatusCode(answer.statusCode());
      answer.headers().forEach(h -> {
        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
          req.response().headers().add(h.getKey(), h.getValue());
        }
      });
      String answerLength = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (answerLength != null) {
        req.response().putHeader(HttpHeaders.CONTENT_LENGTH, answerLength);
      } else {
        req.response().setChunked(true);
      }
      answer.pipeTo(req.response());
    });
  }

  /** @return the proxy's port on 127.0.0.1 */
  public int port() {
    return server.actualPort();
  }

  /** @return {@code CONNECT} tunnels opened */
  public int tunnels() {
    return tunnels.get();
  }

  /** @return plain requests forwarded */
  public int forwarded() {
    return forwarded.get();
  }

  /** @return requests refused for missing or wrong credentials */
  public int refused() {
    return refused.get();
  }

  /** @return the {@code host:port} of every tunnel and forwarded request, in order */
  public List<String> targets() {
    return targets;
  }

  @Override
  public void close() {
    Await.result(server.close());
    Await.result(client.close());
    Await.result(net.close());
  }
}
