package dev.vertx.elasticsearch.transport;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the node for the next request among the live ones. Implementations must be thread-safe and fast: they run
 * for every request, on the event loop.
 */
@FunctionalInterface
public interface NodeSelector {

  /**
   * @param nodes the candidates, never empty
   * @return one of them
   */
  Node select(List<Node> nodes);

  /** @return a selector that takes the nodes in turn (the default) */
  static NodeSelector roundRobin() {
    AtomicInteger next = new AtomicInteger();
    return nodes -> nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
  }

  /** @return a selector that takes a random node */
  static NodeSelector random() {
    return nodes -> nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
  }

  /**
   * @param name {@code round_robin} or {@code random}
   * @return the named selector
   * @throws IllegalArgumentException for another name
   */
  static NodeSelector named(String name) {
    switch (name) {
      case "round_robin": return roundRobin();
      case "random": return random();
      default: throw new IllegalArgumentException("Unknown node selector '" + name + "': use round_robin or random");
    }
  }
}
