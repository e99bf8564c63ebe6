package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.NodeSelector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The nodes requests can go to. A failing node is marked dead for {@code min(base * 2^(failures-1), max)} and comes
 * back once that time is over; when every node is dead, the one that comes back first is used anyway. A single-node
 * pool never takes its node out of rotation. Selection is lock-free; state changes take the pool's lock.
 */
final class NodePool {

  private final NodeSelector selector;
  private final long deadBaseNanos;
  private final long deadMaxNanos;

  private volatile List<PooledNode> all;
  private volatile List<Node> alive;
  private volatile long nextResurrection = Long.MAX_VALUE;

  NodePool(List<PooledNode> nodes, NodeSelector selector, long deadBaseMillis, long deadMaxMillis) {
    this.selector = selector;
    this.deadBaseNanos = TimeUnit.MILLISECONDS.toNanos(deadBaseMillis);
    this.deadMaxNanos = TimeUnit.MILLISECONDS.toNanos(deadMaxMillis);
    this.all = List.copyOf(nodes);
    recompute();
  }

  /**
   * Picks a node for an attempt.
   *
   * @param tried nodes this request already tried, or {@code null}; avoided while another live node exists
   */
  PooledNode select(Collection<PooledNode> tried) {
    if (System.nanoTime() - nextResurrection >= 0) {
      resurrectExpired();
    }
    List<Node> live = alive;
    if (live.isEmpty()) {
      return forceResurrect();
    }
    if (tried != null && !tried.isEmpty() && live.size() > 1) {
      List<Node> untried = new ArrayList<>(live.size());
      for (Node n : live) {
        if (!tried.contains(n)) {
          untried.add(n);
        }
      }
      if (!untried.isEmpty()) {
        live = untried;
      }
    }
    return (PooledNode) (live.size() == 1 ? live.get(0) : selector.select(live));
  }

  /**
   * @param tried the nodes a call tried, or {@code null}
   * @param node the node it tries now
   * @return the nodes tried with this one: a set of one for most calls, a set of the call's own from the second node
   */
  static Set<PooledNode> with(Set<PooledNode> tried, PooledNode node) {
    if (tried == null) {
      return Set.of(node);
    }
    if (tried.contains(node)) {
      return tried;
    }
    Set<PooledNode> more = tried instanceof HashSet ? tried : new HashSet<>(tried);
    more.add(node);
    return more;
  }

  /** @return whether a live node exists that is not in {@code tried} */
  boolean hasUntried(Collection<PooledNode> tried) {
    for (Node n : alive) {
      if (!tried.contains(n)) {
        return true;
      }
    }
    return false;
  }

  /** Records a failure; takes the node out of rotation unless it is the only node. */
  synchronized void markDead(PooledNode node) {
    int failures = node.failures + 1;
    node.failures = failures;
    if (all.size() == 1 || !all.contains(node)) {
      return;
    }
    long timeout = deadBaseNanos << Math.min(failures - 1, 30);
    if (timeout <= 0 || timeout > deadMaxNanos) {
      timeout = deadMaxNanos;
    }
    long until = System.nanoTime() + timeout;
    node.deadUntil = until == 0 ? 1 : until;
    recompute();
  }

  /** Records a success: the node is healthy again. */
  void markLive(PooledNode node) {
    if (node.failures == 0 && node.deadUntil == 0) {
      return;
    }
    synchronized (this) {
      node.failures = 0;
      node.deadUntil = 0;
      recompute();
    }
  }

  /**
   * Makes the pool match a sniffed node list: known nodes (by URL) keep their state, new ones are added, absent ones
   * removed. An empty list leaves the pool unchanged.
   */
  synchronized List<Node> update(List<PooledNode> discovered) {
    if (!discovered.isEmpty()) {
      Map<String, PooledNode> known = all.stream().collect(Collectors.toMap(n -> n.url, Function.identity()));
      List<PooledNode> next = new ArrayList<>();
      for (PooledNode n : discovered) {
        PooledNode previous = known.get(n.url);
        if (previous != null && previous.id() != null && previous.id().equals(n.id())) {
          next.add(previous);
        } else {
          if (previous != null) {
            n.failures = previous.failures;
            n.deadUntil = previous.deadUntil;
          }
          next.add(n);
        }
      }
      all = List.copyOf(next);
      recompute();
    }
    return nodes();
  }

  /** @return every node, alive or dead */
  List<Node> nodes() {
    return List.copyOf(all);
  }

  List<PooledNode> pooled() {
    return all;
  }

  private synchronized void resurrectExpired() {
    long now = System.nanoTime();
    boolean changed = false;
    for (PooledNode n : all) {
      if (n.deadUntil != 0 && now - n.deadUntil >= 0) {
        n.deadUntil = 0;
        changed = true;
      }
    }
    if (changed) {
      recompute();
    }
  }

  private synchronized PooledNode forceResurrect() {
    PooledNode best = null;
    for (PooledNode n : all) {
      if (n.deadUntil == 0) {
        return n;
      }
      if (best == null || n.deadUntil - best.deadUntil < 0) {
        best = n;
      }
    }
    return best;
  }

  private void recompute() {
    List<Node> live = new ArrayList<>(all.size());
    long next = Long.MAX_VALUE;
    boolean anyDead = false;
    for (PooledNode n : all) {
      if (n.deadUntil == 0) {
        live.add(n);
      } else if (!anyDead || n.deadUntil - next < 0) {
        next = n.deadUntil;
        anyDead = true;
      }
    }
    alive = List.copyOf(live);
    nextResurrection = anyDead ? next : System.nanoTime() + TimeUnit.DAYS.toNanos(365);
  }
}
