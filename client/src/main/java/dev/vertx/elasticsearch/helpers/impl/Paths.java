package dev.vertx.elasticsearch.helpers.impl;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of index names in paths; commas and wildcards are kept so that lists and patterns work. */
public final class Paths {

  private Paths() {
  }

  /**
   * @param name an index name, list or pattern
   * @return the path segment
   */
  public static String segment(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '~' || c == ',' || c == '*' || c == '+' || c == '!') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
          .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
