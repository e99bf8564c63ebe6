package dev.vertx.elasticsearch.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SOCKS5 proxy (RFC 1928, {@code CONNECT} only; RFC 1929 username/password when configured) on loopback for
 * tests. It records the {@code host:port} of every tunnel, so that a test can tell its requests went through.
 */
public final class Socks5Proxy implements AutoCloseable {

  private final NetServer server;
  private final NetClient net;
  private final String username;
  private final String password;
  private final AtomicInteger tunnels = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<String> targets = new CopyOnWriteArrayList<>();

  private Socks5Proxy(Vertx vertx, String username, String password) {
    this.username = username;
    this.password = password;
    net = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(socket -> new Session(socket).start());
  }

  /**
   * Starts a proxy on a free loopback port; call from a test thread.
   *
   * @param vertx the Vert.x instance
   * @param username the required user, or {@code null} for none
   * @param password the required password
   * @return the running proxy
   */
  public static Socks5Proxy start(Vertx vertx, String username, String password) {
    Socks5Proxy proxy = new Socks5Proxy(vertx, username, password);
    Await.result(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  /** One client connection: greeting, optional authentication, the CONNECT request, then a byte relay. */
  private final class Session {
    private final NetSocket socket;
    private Buffer pending = Buffer.buffer();
    private int state; // 0 greeting, 1 authentication, 2 request, 3 connecting or relaying

    Session(NetSocket socket) {
      this.socket = socket;
    }

    void start() {
      socket.handler(chunk -> {
        pending.appendBuffer(chunk);
        step();
      });
    }

    private void step() {
      while (true) {
        int consumed = switch (state) {
          case 0 -> greeting();
          case 1 -> authentication();
          case 2 -> request();
          default -> 0;
        };
        if (consumed <= 0) {
          return;
        }
        pending = pending.getBuffer(consumed, pending.length());
      }
    }

    private int greeting() {
      if (pending.length() < 2 || pending.length() < 2 + pending.getUnsignedByte(1)) {
        return 0;
      }
      int methods = pending.getUnsignedByte(1);
      boolean noAuth = false;
      boolean userPass = false;
      for (int i = 0; i < methods; i++) {
        int m = pending.getUnsignedByte(2 + i);
        noAuth |= m == 0;
        userPass |= m == 2;
      }
      if (username != null ? userPass : noAuth) {
        socket.write(Buffer.buffer(new byte[] {5, (byte) (username != null ? 2 : 0)}));
        state = username != null ? 1 : 2;
      } else {
        refused.incrementAndGet();
        socket.write(Buffer.buffer(new byte[] {5, (byte) 0xFF})).onComplete(v -> socket.close());
        state = 3;
      }
      return 2 + methods;
    }

    private int authentication() {
      if (pending.length() < 2) {
        return 0;
      }
      int userLength = pending.getUnsignedByte(1);
      if (pending.length() < 3 + userLength) {
        return 0;
      }
      int passwordLength = pending.getUnsignedByte(2 + userLength);
      int total = 3 + userLength + passwordLength;
      if (pending.length() < total) {
        return 0;
      }
      String user = pending.getString(2, 2 + userLength, StandardCharsets.UTF_8.name());
      String pass = pending.getString(3 + userLength, total, StandardCharsets.UTF_8.name());
      if (username.equals(user) && password.equals(pass)) {
        socket.write(Buffer.buffer(new byte[] {1, 0}));
        state = 2;
      } else {
        refused.incrementAndGet();
        socket.write(Buffer.buffer(new byte[] {1, 1})).onComplete(v -> socket.close());
        state = 3;
      }
      return total;
    }

    private int request() {
      if (pending.length() < 5) {
        return 0;
      }
      int type = pending.getUnsignedByte(3);
      int addressEnd;
      String host;
      if (type == 1) {
        addressEnd = 8;
        if (pending.length() < addressEnd + 2) {
          return 0;
        }
        host = pending.getUnsignedByte(4) + "." + pending.getUnsignedByte(5) + "." + pending.getUnsignedByte(6) + "."
          + pending.getUnsignedByte(7);
      } else if (type == 3) {
        addressEnd = 5 + pending.getUnsignedByte(4);
        if (pending.length() < addressEnd + 2) {
          return 0;
        }
        host = pending.getString(5, addressEnd, StandardCharsets.US_ASCII.name());
      } else {
        socket.write(Buffer.buffer(new byte[] {5, 8, 0, 1, 0, 0, 0, 0, 0, 0})).onComplete(v -> socket.close());
        state = 3;
        return pending.length();
      }
      int port = pending.getUnsignedShort(addressEnd);
      int total = addressEnd + 2;
      state = 3;
      socket.pause();
      net.connect(port, host).onComplete(ar -> {
        if (ar.failed()) {
          socket.write(Buffer.buffer(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0})).onComplete(v -> socket.close());
          return;
        }
        NetSocket upstream = ar.result();
        tunnels.incrementAndGet();
        targets.add(host + ":" + port);
        socket.write(Buffer.buffer(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
        Buffer early = pending.getBuffer(total, pending.length());
        pending = Buffer.buffer();
        if (early.length() > 0) {
          upstream.write(early);
        }
        socket.handler(null);
        socket.pipeTo(upstream);
        upstream.pipeTo(socket);
      });
      return 0;
    }
  }

  /** @return tunnels opened */
  public int tunnels() {
    return tunnels.get();
  }

  /** @return connections refused for missing or wrong credentials */
  public int refused() {
    return refused.get();
  }

  /** @return the {@code host:port} of every tunnel, in order */
  public List<String> targets() {
    return targets;
  }

  /** @return the proxy's port on 127.0.0.1 */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    Await.result(server.close());
    Await.result(net.close());
  }
}
