package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.transport.Credentials;
import dev.vertx.elasticsearch.transport.TransportOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The configured hosts as pooled nodes, and the credentials to send: those of the options, or the user info of the
 * host URLs (one set for all of them).
 *
 * @param nodes the nodes, in the configured order
 * @param credentials the credentials, or {@code null}
 */
record Hosts(List<PooledNode> nodes, Credentials credentials) {

  /**
   * @param options the settings
   * @return the hosts
   * @throws IllegalArgumentException for an invalid or repeated host, or conflicting credentials
   */
  static Hosts parse(TransportOptions options) {
    List<PooledNode> nodes = new ArrayList<>();
    String userInfo = null;
    for (String host : options.getHosts()) {
      PooledNode.Configured configured = PooledNode.parse(host);
      for (PooledNode n : nodes) {
        if (n.url.equals(configured.node.url)) {
          throw new IllegalArgumentException("Host '" + configured.node.url + "' is configured twice");
        }
      }
      nodes.add(configured.node);
      if (configured.userInfo != null) {
        if (userInfo != null && !userInfo.equals(configured.userInfo)) {
          throw new IllegalArgumentException("The hosts carry different user info: use one set of credentials");
        }
        userInfo = configured.userInfo;
      }
    }
    Credentials credentials = options.getCredentials();
    if (userInfo != null) {
      if (credentials != null) {
        throw new IllegalArgumentException("Credentials are set both in a host URL and in the options: use one");
      }
      int colon = userInfo.indexOf(':');
      credentials = colon < 0 ? Credentials.basic(userInfo, "")
        : Credentials.basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }
    boolean authHeader = false;
    for (String name : options.getHeaders().keySet()) {
      authHeader |= "authorization".equalsIgnoreCase(name);
    }
    if (credentials != null && authHeader) {
      throw new IllegalArgumentException("Credentials and an Authorization header are both set: use one");
    }
    return new Hosts(List.copyOf(nodes), credentials);
  }
}
