package dev.vertx.elasticsearch.client.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Percent-encodes path part values as URL path segments (RFC 3986): letters, digits, {@code - . _ ~} and the
 * wildcard {@code *} stay as they are, every other byte of the UTF-8 form is encoded ({@code /} as {@code %2F}, a
 * space as {@code %20}, never {@code +}). List values are encoded one by one and joined with literal commas. A whole
 * segment {@code .} or {@code ..} is encoded too, so that nothing on the way normalises it away.
 */
final class PathEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathEncoding() {
  }

  /**
   * @param value a {@code String} or a {@code List} of values
   * @return the encoded segment text
   */
  static String part(Object value) {
    if (value instanceof List<?> list && list.size() == 1) {
      return segment(String.valueOf(list.get(0)));
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder();
      for (Object v : list) {
        if (out.length() > 0) {
          out.append(',');
        }
        out.append(segment(String.valueOf(v)));
      }
      return out.toString();
    }
    return segment(String.valueOf(value));
  }

  /**
   * @param value a path segment, unencoded
   * @return it percent-encoded
   */
  static String segment(String value) {
    if (value.equals(".") || value.equals("..")) {
      return value.replace(".", "%2E");
    }
    int plain = 0;
    while (plain < value.length() && value.charAt(plain) < 0x80 && unreserved(value.charAt(plain))) {
      plain++;
    }
    if (plain == value.length()) {
      return value; // the common case: nothing to encode, no bytes to look at
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = null;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      if (unreserved(b)) {
        if (out != null) {
          out.append((char) b);
        }
      } else {
        if (out == null) {
          out = new StringBuilder(bytes.length + 16).append(value, 0, i); // bytes before i are ASCII
        }
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      }
    }
    return out == null ? value : out.toString();
  }

  private static boolean unreserved(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
      || b == '-' || b == '.' || b == '_' || b == '~' || b == '*';
  }
}
