package dev.vertx.elasticsearch.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte-level TCP relay in front of any HTTP server that counts what the client does on the wire: connections open
 * now, connections accepted, and bytes received from the client. It never changes a byte, so it can sit in front of a
 * {@link FaultInjectingProxy} or a real node to check for leaked connections and for requests that were (or were
 * not) sent.
 */
public final class CountingTcpProxy implements AutoCloseable {

  private final NetServer server;
  private final NetClient client;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicLong bytesIn = new AtomicLong();

  private CountingTcpProxy(Vertx vertx, String targetUrl) {
    URI uri = URI.create(targetUrl);
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      open.incrementAndGet();
      accepted.incrementAndGet();
      in.pause();
      in.closeHandler(v -> open.decrementAndGet());
      client.connect(uri.getPort(), uri.getHost()).onComplete(ar -> {
        if (ar.failed()) {
          in.close();
          return;
        }
        NetSocket out = ar.result();
        in.handler(b -> {
          bytesIn.addAndGet(b.length());
          out.write(b);
        });
        out.handler(in::write);
        in.closeHandler(v -> {
          open.decrementAndGet();
          out.close();
        });
        out.closeHandler(v -> in.close());
        in.exceptionHandler(e -> out.close());
        out.exceptionHandler(e -> in.close());
        in.resume();
      });
    });
  }

  /**
   * Starts a relay on a free loopback port; call from a test thread.
   *
   * @param vertx the Vert.x instance
   * @param targetUrl where to relay to, e.g. {@code http://127.0.0.1:9200}
   * @return the running relay
   */
  public static CountingTcpProxy start(Vertx vertx, String targetUrl) {
    CountingTcpProxy proxy = new CountingTcpProxy(vertx, targetUrl);
    Await.result(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  /** @return {@code http://127.0.0.1:<port>} */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** @return client connections open now */
  public int openConnections() {
    return open.get();
  }

  /** @return client connections accepted so far */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** @return bytes received from clients so far */
  public long bytesReceived() {
    return bytesIn.get();
  }

  @Override
  public void close() {
    Await.result(server.close());
    Await.result(client.close());
  }
}
