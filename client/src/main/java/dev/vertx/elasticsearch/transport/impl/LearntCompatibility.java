package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.util.Collection;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * The REST compatibility version a cluster accepted, remembered per set of configured hosts in one Vert.x instance, so
 * that the clients created after the first one (one per verticle instance, say) send the accepted version from their
 * first request instead of paying a refused request each. Kept in a local map of the instance's shared data: it goes
 * with the Vert.x instance and is never seen by another one. At most {@value #MAX_HOST_SETS} host sets are kept.
 */
final class LearntCompatibility {

  /** How many host sets one Vert.x instance remembers; past that an arbitrary one is forgotten. */
  static final int MAX_HOST_SETS = 64;
  /** The name of the local map, in the Vert.x instance's shared data. */
  static final String MAP_NAME = "dev.vertx.elasticsearch.compatibility-versions";

  private final LocalMap<String, Integer> versions;
  private final String hostSet;

  /**
   * @param vertx the Vert.x instance whose clients share what is learnt
   * @param hostUrls the configured node URLs (without credentials); their order does not matter
   */
  LearntCompatibility(Vertx vertx, Collection<String> hostUrls) {
    this.versions = vertx.sharedData().getLocalMap(MAP_NAME);
    this.hostSet = String.join(",", new TreeSet<>(hostUrls));
  }

  /** @return the version learnt for these hosts by a client of this Vert.x instance, or {@code orElse} */
  int versionOr(int orElse) {
    Integer version = versions.get(hostSet);
    return version == null ? orElse : version;
  }

  /**
   * Remembers the version the cluster accepted.
   *
   * @param version the accepted version
   * @return whether it is news for this Vert.x instance: only then is the refusal worth logging
   */
  boolean remember(int version) {
    if (versions.size() >= MAX_HOST_SETS && !versions.containsKey(hostSet)) {
      Iterator<String> known = versions.keySet().iterator();
      if (known.hasNext()) {
        versions.remove(known.next());
      }
    }
    Integer previous = versions.put(hostSet, version);
    return previous == null || previous != version;
  }

  /** @return the host set as it is keyed: the sorted URLs, comma-separated */
  String hostSet() {
    return hostSet;
  }
}
