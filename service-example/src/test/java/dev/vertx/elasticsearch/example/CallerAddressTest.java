package dev.vertx.elasticsearch.example;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.vertx.elasticsearch.example.CallerAddress.Origin.LOOPBACK;
import static dev.vertx.elasticsearch.example.CallerAddress.Origin.REMOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a caller is: the connection's peer, X-Forwarded-For only through a trusted proxy. */
class CallerAddressTest {

  private static final SocketAddress LOCAL4 = SocketAddress.inetSocketAddress(50000, "127.0.0.1");
  private static final SocketAddress LOCAL6 = SocketAddress.inetSocketAddress(50000, "0:0:0:0:0:0:0:1");
  private static final SocketAddress MAPPED = SocketAddress.inetSocketAddress(50000, "::ffff:127.0.0.1");
  private static final SocketAddress REMOTE_PEER = SocketAddress.inetSocketAddress(50000, "203.0.113.9");
  private static final SocketAddress PROXY = SocketAddress.inetSocketAddress(50000, "10.0.0.2");

  private static MultiMap headers(String... nameValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      headers.add(nameValues[i], nameValues[i + 1]);
    }
    return headers;
  }

  @Test
  void theLoopbackInterfaceIsLocalAndNothingElse() {
    CallerAddress callers = new CallerAddress(List.of());
    assertThat(callers.origin(LOCAL4, headers())).isEqualTo(LOOPBACK);
    assertThat(callers.origin(SocketAddress.inetSocketAddress(1, "127.8.9.10"), headers())).isEqualTo(LOOPBACK);
    assertThat(callers.origin(LOCAL6, headers())).isEqualTo(LOOPBACK);
    assertThat(callers.origin(MAPPED, headers())).isEqualTo(LOOPBACK);
    assertThat(callers.origin(REMOTE_PEER, headers())).isEqualTo(REMOTE);
    assertThat(callers.origin(SocketAddress.inetSocketAddress(1, "192.0.2.2"), headers())).isEqualTo(REMOTE);
    assertThat(callers.origin(SocketAddress.inetSocketAddress(1, "::ffff:198.51.100.1"), headers())).isEqualTo(REMOTE);
    assertThat(callers.origin(SocketAddress.inetSocketAddress(1, "0.0.0.0"), headers())).isEqualTo(REMOTE);
    assertThat(callers.origin(null, headers())).as("unknown peer").isEqualTo(REMOTE);
    assertThat(callers.origin(SocketAddress.domainSocketAddress("/tmp/s"), headers())).isEqualTo(REMOTE);
  }

  @Test
  void forwardingHeadersDoNotMakeARemoteCallerLocalWithoutATrustedProxy() {
    CallerAddress callers = new CallerAddress(List.of());
    assertThat(callers.origin(REMOTE_PEER, headers("X-Forwarded-For", "127.0.0.1"))).isEqualTo(REMOTE);
    assertThat(callers.origin(REMOTE_PEER, headers("Forwarded", "for=127.0.0.1"))).isEqualTo(REMOTE);
    assertThat(callers.origin(REMOTE_PEER, headers("X-Real-IP", "127.0.0.1"))).isEqualTo(REMOTE);
    // A proxy on this machine that the service was not told about relays other people's requests: not local.
    assertThat(callers.origin(LOCAL4, headers("X-Forwarded-For", "203.0.113.9"))).isEqualTo(REMOTE);
    assertThat(callers.origin(LOCAL4, headers("X-Forwarded-For", "127.0.0.1"))).isEqualTo(REMOTE);
  }

  @Test
  void aTrustedProxysForwardedAddressNamesTheCaller() {
    CallerAddress callers = new CallerAddress(List.of("10.0.0.2", "10.0.0.3"));
    assertThat(callers.origin(PROXY, headers("X-Forwarded-For", "127.0.0.1"))).isEqualTo(LOOPBACK);
    assertThat(callers.origin(PROXY, headers("X-Forwarded-For", "203.0.113.9"))).isEqualTo(REMOTE);
    // The caller wrote the leftmost entries itself: only the rightmost untrusted hop counts.
    assertThat(callers.origin(PROXY, headers("X-Forwarded-For", "127.0.0.1, 203.0.113.9"))).isEqualTo(REMOTE);
    assertThat(callers.origin(PROXY, headers("X-Forwarded-For", "127.0.0.1", "X-Forwarded-For", "203.0.113.9")))
      .isEqualTo(REMOTE);
    // Through two trusted proxies.
    assertThat(callers.caller(PROXY, headers("X-Forwarded-For", "198.51.100.4, 10.0.0.3")).getHostAddress())
      .isEqualTo("198.51.100.4");
    assertThat(callers.caller(PROXY, headers("X-Forwarded-For", "198.51.100.4:5555")).getHostAddress())
      .isEqualTo("198.51.100.4");
    assertThat(callers.origin(PROXY, headers("X-Forwarded-For", "[::1]:443"))).isEqualTo(LOOPBACK);
    assertThat(callers.origin(PROXY, headers("X-Forwarded-For", "unknown"))).as("garbage").isEqualTo(REMOTE);
    assertThat(callers.origin(PROXY, headers("X-Forwarded-For", "localhost"))).as("names").isEqualTo(REMOTE);
    // A trusted proxy without the header is itself the caller; it is not on loopback.
    assertThat(callers.origin(PROXY, headers())).isEqualTo(REMOTE);
    // A peer that is not the trusted proxy gets no benefit from the header.
    assertThat(callers.origin(REMOTE_PEER, headers("X-Forwarded-For", "127.0.0.1"))).isEqualTo(REMOTE);
  }

  @Test
  void trustedProxiesMustBeIpAddresses() {
    assertThatThrownBy(() -> new CallerAddress(List.of("proxy.example.com"))).hasMessageContaining("TRUST_PROXY");
    assertThat(new CallerAddress(List.of("::1")).origin(LOCAL6, headers("X-Forwarded-For", "203.0.113.9")))
      .isEqualTo(REMOTE);
  }
}
