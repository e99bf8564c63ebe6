package dev.vertx.elasticsearch.example;

import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a request comes from, for the rule "without keys, only this machine writes". The caller is the connection's
 * peer, unless the peer is a trusted reverse proxy ({@code TRUST_PROXY}): then it is the rightmost address of
 * {@code X-Forwarded-For} that is not itself a trusted proxy (addresses further left were written by the caller and
 * prove nothing). A request that carries forwarding headers ({@code X-Forwarded-For}, {@code Forwarded},
 * {@code X-Real-IP}) from a peer that is not trusted was relayed by a proxy the service does not know: its origin is
 * unknown, so it is not local, even when that proxy runs on this machine.
 */
final class CallerAddress {

  /** Where a caller is, as far as the service can tell. */
  enum Origin {
    /** On the loopback interface of this machine. */
    LOOPBACK,
    /** Elsewhere, or unknown. */
    REMOTE
  }

  private static final List<String> FORWARDING_HEADERS = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");

  private final Set<InetAddress> trustedProxies = new HashSet<>();

  /**
   * @param trustedProxies IP addresses (literals, no host names) of the reverse proxies whose
   *     {@code X-Forwarded-For} is believed
   * @throws IllegalArgumentException when one is not an IP address
   */
  CallerAddress(List<String> trustedProxies) {
    for (String proxy : trustedProxies) {
      InetAddress address = parse(proxy);
      if (address == null) {
        throw new IllegalArgumentException("TRUST_PROXY must list IP addresses, got '" + proxy + "'");
      }
      this.trustedProxies.add(address);
    }
  }

  /**
   * @param peer the connection's remote address
   * @param headers the request's headers
   * @return where the caller is
   */
  Origin origin(SocketAddress peer, MultiMap headers) {
    InetAddress caller = caller(peer, headers);
    return caller != null && caller.isLoopbackAddress() ? Origin.LOOPBACK : Origin.REMOTE;
  }

  /** @return the caller's address, or {@code null} when it cannot be told */
  InetAddress caller(SocketAddress peer, MultiMap headers) {
    InetAddress address = peer == null || !peer.isInetSocket() ? null : parse(peer.hostAddress());
    if (address == null) {
      return null;
    }
    if (!trustedProxies.contains(address)) {
      boolean forwarded = FORWARDING_HEADERS.stream().anyMatch(headers::contains);
      return forwarded ? null : address;
    }
    List<String> hops = new ArrayList<>();
    for (String header : headers.getAll("X-Forwarded-For")) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = parse(stripPort(hops.get(i)));
      if (hop == null) {
        return null;
      }
      address = hop;
      if (!trustedProxies.contains(hop)) {
        break;
      }
    }
    return address;
  }

  /** @return the address of an IP literal (IPv4-mapped IPv6 as IPv4, zone dropped), {@code null} for anything else */
  static InetAddress parse(String literal) {
    if (literal == null) {
      return null;
    }
    String text = literal.trim();
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    int zone = text.indexOf('%');
    if (zone >= 0) {
      text = text.substring(0, zone);
    }
    if (!NetUtil.isValidIpV4Address(text) && !NetUtil.isValidIpV6Address(text)) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    if (bytes == null) {
      return null;
    }
    if (bytes.length == 16 && isIpv4Mapped(bytes)) {
      bytes = new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /** {@code 203.0.113.7:51234} and {@code [2001:db8::1]:443} without their port. */
  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(0, end + 1);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }
}
