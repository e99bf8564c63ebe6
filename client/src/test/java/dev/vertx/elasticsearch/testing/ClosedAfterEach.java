package dev.vertx.elasticsearch.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test fixture that closes itself after each test: a test holds it in an instance field annotated
 * {@code @RegisterExtension}. The test's own {@code @AfterEach} methods run before.
 */
public interface ClosedAfterEach extends AfterEachCallback, AutoCloseable {

  /**
   * Closes the fixture.
   *
   * @param context the test's
   */
  @Override
  default void afterEach(ExtensionContext context) {
    close();
  }

  /** Releases what the fixture holds; it must not throw a checked exception. */
  @Override
  void close();
}
