package dev.vertx.elasticsearch.impl;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedCacheTest {

  @Test
  void derivesOnceWhileThereIsRoomThenEveryTime() {
    AtomicInteger derived = new AtomicInteger();
    BoundedCache<String, String> cache = new BoundedCache<>(2, k -> {
      derived.incrementAndGet();
      return k.toUpperCase();
    });
    assertThat(cache.get("a")).isEqualTo("A");
    String first = cache.get("b");
    assertThat(cache.get("b")).isSameAs(first);
    assertThat(derived).hasValue(2);

    // full: a third key is derived on every call and never cached
    assertThat(cache.get("c")).isEqualTo("C");
    assertThat(cache.get("c")).isEqualTo("C");
    assertThat(derived).hasValue(4);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void refusesAnEmptyBound() {
    assertThatThrownBy(() -> new BoundedCache<String, String>(0, k -> k))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
