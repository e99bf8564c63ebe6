package dev.vertx.elasticsearch.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Java names for spec names: {@code close_job} to {@code closeJob}, {@code ClosedJob}, {@code CLOSE_JOB}. */
public final class Naming {

  /** Java keywords and literals, plus the contextual words that are awkward as identifiers. */
  static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
    "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
    "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
    "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
    "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false",
    "null", "var", "record", "yield", "sealed", "permits", "_");

  private Naming() {
  }

  /** @return the words of a spec name: split on anything but letters and digits, and on lower-to-upper changes */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char previous = 0;
    for (char c : name.toCharArray()) {
      if (!Character.isLetterOrDigit(c)) {
        flush(words, word);
      } else {
        if (Character.isUpperCase(c) && Character.isLowerCase(previous)) {
          flush(words, word);
        }
        word.append(Character.toLowerCase(c));
      }
      previous = c;
    }
    flush(words, word);
    return words;
  }

  private static void flush(List<String> words, StringBuilder word) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  /** @return {@code closeJob} for {@code close_job}; {@code _source_includes} gives {@code sourceIncludes} */
  public static String camel(String name) {
    String pascal = pascal(name);
    String camel = pascal.isEmpty() ? pascal : Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
    return identifier(camel);
  }

  /** @return {@code CloseJob} for {@code close_job} */
  public static String pascal(String name) {
    StringBuilder out = new StringBuilder();
    for (String w : words(name)) {
      out.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
    }
    return out.toString();
  }

  /** @return {@code BUCKETS_TIME_EXP_AVG} for {@code buckets.time.exp_avg}, {@code INSERT_ORDER} for {@code insertOrder} */
  public static String constant(String value) {
    String c = String.join("_", words(value)).toUpperCase(Locale.ROOT);
    if (c.isEmpty()) {
      return "EMPTY";
    }
    return Character.isDigit(c.charAt(0)) ? "V" + c : c;
  }

  /** @return {@code indices} for {@code indices}, {@code internal} for {@code _internal}: a package name */
  public static String packageName(String namespace) {
    String p = namespace.replaceAll("^_+", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return RESERVED.contains(p) ? p + "_" : p;
  }

  /** @return the name, with a trailing {@code _} when it is a Java keyword */
  public static String identifier(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return "_" + name;
    }
    return RESERVED.contains(name) ? name + "_" : name;
  }
}
