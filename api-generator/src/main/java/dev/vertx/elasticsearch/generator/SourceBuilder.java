package dev.vertx.elasticsearch.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds Java source text: indented lines, Javadoc made safe from spec text, string literals. */
final class SourceBuilder {

  private static final int WIDTH = 110;
  private static final Pattern BACKTICKS = Pattern.compile("`([^`]+)`");

  private final StringBuilder out = new StringBuilder();
  private int indent;

  SourceBuilder line(String text) {
    if (!text.isEmpty()) {
      out.append("  ".repeat(indent)).append(text);
    }
    out.append('\n');
    return this;
  }

  SourceBuilder blank() {
    return line("");
  }

  /** Writes {@code text} and indents the lines after it. */
  SourceBuilder open(String text) {
    line(text);
    indent++;
    return this;
  }

  /** Unindents, then writes {@code text}. */
  SourceBuilder close(String text) {
    indent--;
    return line(text);
  }

  /** Writes a Javadoc comment; each entry is one paragraph or tag line, already escaped where it holds spec text. */
  SourceBuilder javadoc(List<String> lines) {
    if (lines.size() == 1 && lines.get(0).length() + 7 + 2 * indent <= WIDTH) {
      return line("/** " + lines.get(0) + " */");
    }
    line("/**");
    for (String l : lines) {
      for (String wrapped : l.startsWith("@see ") ? List.of(l) : wrap(l, WIDTH - 2 * indent - 3)) {
        line(wrapped.isEmpty() ? " *" : " * " + wrapped);
      }
    }
    return line(" */");
  }

  SourceBuilder javadoc(String... lines) {
    return javadoc(List.of(lines));
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /**
   * Makes spec text safe and readable in Javadoc: HTML characters, {@code @}, {@code *}{@code /} and backslashes
   * (which could start a unicode escape) are escaped; {@code `code`} becomes {@code <code>code</code>}.
   *
   * @param text spec text, may be {@code null}
   * @return the escaped text, empty for {@code null}
   */
  static String doc(String text) {
    if (text == null) {
      return "";
    }
    String s = text.strip()
      .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
      .replace("@", "&#64;").replace("\\", "&#92;").replace("*/", "*&#47;")
      .replace("{", "&#123;").replace("}", "&#125;")
      .replaceAll("\\s+", " ");
    Matcher m = BACKTICKS.matcher(s);
    return m.replaceAll(r -> Matcher.quoteReplacement("<code>" + r.group(1) + "</code>"));
  }

  /** @return a Java string literal of {@code value}, quotes included */
  static String literal(String value) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** Wraps on spaces; a word longer than the width (e.g. a URL) stays whole. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.split(" ")) {
      if (current.length() > 0 && current.length() + 1 + word.length() > width) {
        lines.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(word);
    }
    lines.add(current.toString());
    return lines;
  }
}
