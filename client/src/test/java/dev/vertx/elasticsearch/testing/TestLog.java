package dev.vertx.elasticsearch.testing;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * Where tests write the figures they measure: a logger (surefire keeps its output in the per-test output file), never
 * standard output.
 */
public final class TestLog {

  private static final Logger LOG = Logger.getLogger("dev.vertx.elasticsearch.tests");

  private TestLog() {
  }

  /**
   * @param format a {@link String#format} pattern
   * @param args its arguments
   */
  public static void info(String format, Object... args) {
    LOG.info(String.format(Locale.ROOT, format, args).stripTrailing());
  }
}
