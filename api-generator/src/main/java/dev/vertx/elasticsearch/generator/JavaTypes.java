package dev.vertx.elasticsearch.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps spec types of parts and query parameters to the Java parameter types of their setters. */
public final class JavaTypes {

  private JavaTypes() {
  }

  /**
   * The parameter types of the setters of one field, one setter each. A list gives {@code List<String>} and
   * {@code String...}; an enum gives its generated enum and {@code String} (for values newer than the spec); a
   * union such as {@code boolean|long} gives one setter per member.
   *
   * @param field the part or parameter
   * @param enumName the name of the generated enum for an enum field
   * @return the Java types, e.g. {@code [Boolean, Long]}
   */
  public static List<String> setterTypes(Spec.Field field, String enumName) {
    Set<String> types = new LinkedHashSet<>();
    for (String t : field.type().split("\\|")) {
      switch (t.strip()) {
        case "boolean" -> types.add("Boolean");
        case "int" -> types.add("Integer");
        case "long" -> types.add("Long");
        case "double" -> types.add("Double");
        case "number", "float" -> types.add("Number");
        case "list" -> {
          types.add("List<String>");
          types.add("String...");
        }
        case "enum" -> {
          if (hasEnum(field)) {
            types.add(enumName);
          }
          types.add("String");
        }
        default -> types.add("String"); // string, time ("1m"), date, and anything newer
      }
    }
    return new ArrayList<>(types);
  }

  /** @return whether the field gets a generated enum: an {@code enum} with options */
  public static boolean hasEnum(Spec.Field field) {
    return field.type().equals("enum") && !field.options().isEmpty();
  }

  /**
   * @param options the wire values in spec order
   * @return Java constant names by wire value, made unique ({@code _all} and {@code all} give {@code ALL} and
   *     {@code ALL_})
   */
  public static Map<String, String> enumConstants(List<String> options) {
    Map<String, String> constants = new LinkedHashMap<>();
    Set<String> used = new LinkedHashSet<>();
    for (String option : new LinkedHashSet<>(options)) {
      String name = Naming.constant(option);
      while (!used.add(name)) {
        name = name + "_";
      }
      constants.put(option, name);
    }
    return constants;
  }
}
