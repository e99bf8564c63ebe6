package dev.vertx.elasticsearch.generator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorNamingTest {

  @Test
  void camelCaseFromSnakeCase() {
    assertThat(Naming.camel("close_job")).isEqualTo("closeJob");
    assertThat(Naming.camel("search")).isEqualTo("search");
    assertThat(Naming.camel("get_ip_location_database")).isEqualTo("getIpLocationDatabase");
    assertThat(Naming.camel("_source_includes")).isEqualTo("sourceIncludes");
    assertThat(Naming.camel("if_seq_no")).isEqualTo("ifSeqNo");
  }

  @Test
  void pascalCaseForClasses() {
    assertThat(Naming.pascal("search_application")).isEqualTo("SearchApplication");
    assertThat(Naming.pascal("_internal")).isEqualTo("Internal");
    assertThat(Naming.pascal("ml")).isEqualTo("Ml");
  }

  @Test
  void javaKeywordsAreEscaped() {
    assertThat(Naming.camel("default")).isEqualTo("default_");
    assertThat(Naming.camel("import")).isEqualTo("import_");
    assertThat(Naming.camel("for")).isEqualTo("for_");
    assertThat(Naming.camel("record")).isEqualTo("record_");
    assertThat(Naming.camel("1st")).isEqualTo("_1st");
    assertThat(Naming.packageName("package")).isEqualTo("package_");
  }

  @Test
  void enumConstants() {
    assertThat(Naming.constant("dfs_query_then_fetch")).isEqualTo("DFS_QUERY_THEN_FETCH");
    assertThat(Naming.constant("buckets.time.exp_avg")).isEqualTo("BUCKETS_TIME_EXP_AVG");
    assertThat(Naming.constant("insertOrder")).isEqualTo("INSERT_ORDER");
    assertThat(Naming.constant("_all")).isEqualTo("ALL");
    assertThat(Naming.constant("1m")).isEqualTo("V1M");
    assertThat(Naming.constant("true")).isEqualTo("TRUE");
  }

  @Test
  void packagesAndNamespaceNames() {
    assertThat(Naming.packageName("indices")).isEqualTo("indices");
    assertThat(Naming.packageName("_internal")).isEqualTo("internal");
    assertThat(Naming.packageName("search_application")).isEqualTo("search_application");
    assertThat(ApiGenerator.accessorName("search_application")).isEqualTo("searchApplication");
    assertThat(ApiGenerator.namespaceClass("async_search")).isEqualTo("AsyncSearchApi");
  }
}
