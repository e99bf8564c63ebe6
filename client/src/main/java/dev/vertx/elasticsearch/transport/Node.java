package dev.vertx.elasticsearch.transport;

import java.util.Map;
import java.util.Set;

/**
 * A node of the pool as the transport sees it: where it is, what sniffing learnt of it, and whether it is alive.
 */
public interface Node {

  /** @return the base URL, without credentials, e.g. {@code https://10.0.0.1:9200/prefix} */
  String url();

  /** @return the node id learnt by sniffing, or {@code null} for a configured node not yet sniffed */
  String id();

  /** @return the node name learnt by sniffing, or {@code null} */
  String name();

  /** @return the node roles learnt by sniffing (e.g. {@code master}, {@code data}), empty when unknown */
  Set<String> roles();

  /** @return the node attributes learnt by sniffing, empty when unknown */
  Map<String, String> attributes();

  /** @return {@code false} while the node is marked dead after a failure */
  boolean isAlive();

  /** @return consecutive failures since the node last answered; {@code 0} when healthy */
  int failures();
}
