package dev.vertx.elasticsearch.impl;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The project's one cache of values derived from keys that form a small set in practice (node URLs, path part names,
 * helper names, media types, attribute sets of kinds of calls): thread-safe and bounded. Past its bound it stops
 * caching and derives every time, so that an unexpected key set (thousands of daily indices, say) costs a derivation
 * per call but never memory without limit. Internal: not API.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class BoundedCache<K, V> {

  private final Map<K, V> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final Function<? super K, ? extends V> derive;

  /**
   * @param maxEntries how many keys are cached at most
   * @param derive makes the value of a key; must not return {@code null}; may be called more than once for a key
   */
  public BoundedCache(int maxEntries, Function<? super K, ? extends V> derive) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.derive = Objects.requireNonNull(derive, "derive");
  }

  /**
   * @param key the key, not {@code null}
   * @return the value of the key: the cached one, else derived now (and cached while the cache has room)
   */
  public V get(K key) {
    V value = entries.get(key);
    if (value == null) {
      value = derive.apply(key);
      if (entries.size() < maxEntries) {
        V raced = entries.putIfAbsent(key, value);
        if (raced != null) {
          value = raced;
        }
      }
    }
    return value;
  }

  /** @return how many keys are cached */
  public int size() {
    return entries.size();
  }
}
