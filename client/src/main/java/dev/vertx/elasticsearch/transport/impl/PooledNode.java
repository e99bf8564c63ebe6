package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.transport.Node;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * A node of the {@link NodePool}: its address and its liveness state. State changes are made by the pool under its
 * lock; reads are lock-free.
 */
final class PooledNode implements Node {

  final String url;
  final String host;
  final int port;
  final boolean ssl;
  final String pathPrefix;
  private final String id;
  private final String name;
  private final Set<String> roles;
  private final Map<String, String> attributes;

  /** Consecutive failures; written under the pool lock. */
  volatile int failures;
  /** {@link System#nanoTime()} until which the node is dead; {@code 0} while alive. Written under the pool lock. */
  volatile long deadUntil;

  PooledNode(String scheme, String host, int port, String pathPrefix, String id, String name, Set<String> roles,
             Map<String, String> attributes) {
    this.ssl = "https".equals(scheme);
    this.host = host;
    this.port = port;
    this.pathPrefix = pathPrefix;
    this.id = id;
    this.name = name;
    this.roles = Set.copyOf(roles);
    this.attributes = Map.copyOf(attributes);
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    this.url = scheme + "://" + h + ":" + port + pathPrefix;
  }

  /** A node configured by URL, with its user info split off. */
  static final class Configured {
    final PooledNode node;
    final String userInfo;

    Configured(PooledNode node, String userInfo) {
      this.node = node;
      this.userInfo = userInfo;
    }
  }

  /**
   * Parses a configured host URL such as {@code https://user:pass@es:9200/prefix}.
   *
   * @throws IllegalArgumentException with a message that hides the user info
   */
  static Configured parse(String hostUrl) {
    URI uri;
    try {
      uri = new URI(hostUrl.contains("://") ? hostUrl : "http://" + hostUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid host URL '" + redact(hostUrl) + "': " + e.getReason());
    }
    String scheme = uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("Host URL '" + redact(hostUrl) + "' must use http or https");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("Host URL '" + redact(hostUrl) + "' has no host name");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String prefix = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("Host URL '" + redact(hostUrl) + "' must not have a query or fragment");
    }
    String userInfo = uri.getRawUserInfo();
    return new Configured(new PooledNode(scheme, host, port, prefix, null, null, Set.of(), Map.of()),
      userInfo == null ? null : URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8));
  }

  /** @return the URL with any user info replaced by {@code ***} */
  static String redact(String url) {
    return url.replaceAll("//[^/@]*@", "//***@");
  }

  PooledNode withScheme(String scheme, String prefix) {
    return new PooledNode(scheme, host, port, prefix, id, name, roles, attributes);
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> roles() {
    return roles;
  }

  @Override
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public boolean isAlive() {
    return deadUntil == 0;
  }

  @Override
  public int failures() {
    return failures;
  }

  @Override
  public String toString() {
    return "Node[" + url + (name == null ? "" : " " + name) + (isAlive() ? "" : " dead") + "]";
  }
}
