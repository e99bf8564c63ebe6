package dev.vertx.elasticsearch.generator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorTypeMappingTest {

  private static Spec.Field field(String type, String... options) {
    return new Spec.Field("x", type, null, List.of(options), null, false, null);
  }

  @Test
  void scalarTypes() {
    assertThat(JavaTypes.setterTypes(field("string"), "X")).containsExactly("String");
    assertThat(JavaTypes.setterTypes(field("time"), "X")).containsExactly("String");
    assertThat(JavaTypes.setterTypes(field("date"), "X")).containsExactly("String");
    assertThat(JavaTypes.setterTypes(field("boolean"), "X")).containsExactly("Boolean");
    assertThat(JavaTypes.setterTypes(field("int"), "X")).containsExactly("Integer");
    assertThat(JavaTypes.setterTypes(field("long"), "X")).containsExactly("Long");
    assertThat(JavaTypes.setterTypes(field("number"), "X")).containsExactly("Number");
    assertThat(JavaTypes.setterTypes(field("double"), "X")).containsExactly("Double");
    assertThat(JavaTypes.setterTypes(field("something_new"), "X")).containsExactly("String");
  }

  @Test
  void listsTakeAListOrVarargs() {
    assertThat(JavaTypes.setterTypes(field("list"), "X")).containsExactly("List<String>", "String...");
    assertThat(JavaTypes.setterTypes(field("list", "a", "b"), "X")).containsExactly("List<String>", "String...");
  }

  @Test
  void enumsTakeTheirEnumOrTheWireValue() {
    assertThat(JavaTypes.setterTypes(field("enum", "and", "or"), "DefaultOperator"))
      .containsExactly("DefaultOperator", "String");
    assertThat(JavaTypes.setterTypes(field("enum"), "Empty")).containsExactly("String");
  }

  @Test
  void unionsGiveOneSetterPerMember() {
    assertThat(JavaTypes.setterTypes(field("boolean|long"), "X")).containsExactly("Boolean", "Long");
    assertThat(JavaTypes.setterTypes(field("number|string"), "X")).containsExactly("Number", "String");
  }

  @Test
  void enumConstantsAreUnique() {
    assertThat(JavaTypes.enumConstants(List.of("_all", "all", "open", "open")))
      .containsExactly(
        org.assertj.core.api.Assertions.entry("_all", "ALL"),
        org.assertj.core.api.Assertions.entry("all", "ALL_"),
        org.assertj.core.api.Assertions.entry("open", "OPEN"));
  }
}
