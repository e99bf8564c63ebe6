package dev.vertx.elasticsearch.typed.impl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe cache of values derived from a small set of keys (node URLs, media types); past its bound it stops
 * caching and derives every time, so that unexpected key sets cannot grow it without limit.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class SmallCache<K, V> {

  private static final int MAX_ENTRIES = 1024;

  private final Map<K, V> entries = new ConcurrentHashMap<>();
  private final Function<K, V> derive;

  /** @param derive makes the value of a key; must not return {@code null} */
  SmallCache(Function<K, V> derive) {
    this.derive = derive;
  }

  /** @return the value of the key, derived once while the cache has room */
  V get(K key) {
    V value = entries.get(key);
    if (value == null) {
      value = derive.apply(key);
      if (entries.size() < MAX_ENTRIES) {
        entries.putIfAbsent(key, value);
      }
    }
    return value;
  }
}
