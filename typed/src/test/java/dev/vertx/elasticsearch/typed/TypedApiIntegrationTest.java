package dev.vertx.elasticsearch.typed;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.Result;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.cluster.state.ClusterStateMetric;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.vertx.elasticsearch.typed.TypedTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * elasticsearch-java's typed API through {@link TypedElasticsearchClient} against the embedded node (8.x and 9.x):
 * more than 40 endpoints across the core, indices, cluster, cat, nodes and tasks namespaces. The endpoints called
 * are counted from the client's spans.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedApiIntegrationTest {

  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  private static final Map<String, Book> BOOKS = Map.of(
    "1", new Book("Dune", "sci-fi", 1965, 4.5),
    "2", new Book("Neuromancer", "sci-fi", 1984, 4.1),
    "3", new Book("The Hobbit", "fantasy", 1937, 4.7),
    "4", new Book("Vert.x in Action", "tech", 2020, 4.3),
    "5", new Book("Elasticsearch: The Definitive Guide", "tech", 2015, 4.0));

  private final EmbeddedElasticsearch es;
  private TypedFixture fixture;
  private TypedElasticsearchClient typed;
  private String index;

  TypedApiIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeAll
  void setUp() {
    fixture = new TypedFixture(es, "typed");
    typed = fixture.typed;
    index = fixture.index;
    createBooksIndex(index);
    BulkResponse bulk = await(typed.bulk(b -> {
      b.index(index).refresh(Refresh.True);
      BOOKS.forEach((id, book) -> b.operations(op -> op.index(i -> i.id(id).document(book))));
      return b;
    }));
    assertThat(bulk.errors()).isFalse();
    assertThat(bulk.items()).hasSize(BOOKS.size());
  }

  private void createBooksIndex(String name) {
    assertThat(await(typed.indices().create(c -> c.index(name)
      .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
      .mappings(m -> m
        .properties("title", p -> p.text(t -> t))
        .properties("genre", p -> p.keyword(k -> k))
        .properties("year", p -> p.integer(i -> i))
        .properties("rating", p -> p.double_(d -> d))))).acknowledged()).isTrue();
  }

  @AfterAll
  void tearDown() {
    try (TypedFixture f = fixture) {
      Set<String> endpoints = f.spans.getFinishedSpanItems().stream().map(s -> s.getAttributes().get(OPERATION))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
      assertThat(endpoints).as("typed endpoints called").hasSizeGreaterThanOrEqualTo(40);
    }
  }

  /**
   * elasticsearch-java 9.5 sends {@code POST} for {@code cat.count} and {@code indices.resolve_index}, which 8.x
   * refuses (405), and its {@code cluster.stats} model requires properties 8.x does not send: those three run on 9.x
   * only. The transport and the compatibility headers are the same for both.
   */
  private boolean sinceNine() {
    return es.majorVersion() >= 9;
  }

  private static Query genre(String genre) {
    return Query.of(q -> q.term(t -> t.field("genre").value(genre)));
  }

  @Test
  void searchWithQueryDslAndTypedAggregations() {
    SearchResponse<Book> response = await(typed.search(s -> s.index(index)
      .query(q -> q.bool(b -> b
        .filter(genre("sci-fi"))
        .must(m -> m.range(r -> r.number(n -> n.field("year").gte(1970.0))))))
      .aggregations("genres", a -> a.terms(t -> t.field("genre"))
        .aggregations("avg_rating", avg -> avg.avg(v -> v.field("rating"))))
      .postFilter(p -> p.matchAll(m -> m)), Book.class));

    assertThat(response.hits().total().value()).isEqualTo(1);
    Hit<Book> hit = response.hits().hits().get(0);
    assertThat(hit.id()).isEqualTo("2");
    assertThat(hit.source()).isEqualTo(BOOKS.get("2"));
    Aggregate genres = response.aggregations().get("genres");
    List<StringTermsBucket> buckets = genres.sterms().buckets().array();
    assertThat(buckets).extracting(b -> b.key().stringValue()).containsExactly("sci-fi");
    assertThat(buckets.get(0).aggregations().get("avg_rating").avg().value()).isEqualTo(4.1);
  }

  @Test
  void aggregationsOverTheWholeIndex() {
    SearchResponse<Void> response = await(typed.search(s -> s.index(index).size(0)
      .aggregations("genres", a -> a.terms(t -> t.field("genre"))
        .aggregations("best", best -> best.max(m -> m.field("rating"))))
      .aggregations("years", a -> a.stats(st -> st.field("year"))), Void.class));

    Map<String, Long> counts = response.aggregations().get("genres").sterms().buckets().array().stream()
      .collect(Collectors.toMap(b -> b.key().stringValue(), StringTermsBucket::docCount));
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("sci-fi", 2L, "tech", 2L, "fantasy", 1L));
    assertThat(response.aggregations().get("years").stats().min()).isEqualTo(1937.0);
    assertThat(response.aggregations().get("years").stats().max()).isEqualTo(2020.0);
  }

  @Test
  void documentReads() {
    GetResponse<Book> get = await(typed.get(g -> g.index(index).id("3"), Book.class));
    assertThat(get.found()).isTrue();
    assertThat(get.source()).isEqualTo(BOOKS.get("3"));
    assertThat(await(typed.getSource(g -> g.index(index).id("3"), Book.class)).source()).isEqualTo(BOOKS.get("3"));
    assertThat(await(typed.exists(e -> e.index(index).id("3"))).value()).isTrue();
    assertThat(await(typed.exists(e -> e.index(index).id("nope"))).value()).isFalse();
    assertThat(await(typed.existsSource(e -> e.index(index).id("3"))).value()).isTrue();
    assertThat(await(typed.get(g -> g.index(index).id("nope"), Book.class)).found()).isFalse();

    var mget = await(typed.mget(m -> m.index(index).ids("1", "4", "nope"), Book.class));
    assertThat(mget.docs()).hasSize(3);
    assertThat(mget.docs().get(0).result().source()).isEqualTo(BOOKS.get("1"));
    assertThat(mget.docs().get(1).result().source()).isEqualTo(BOOKS.get("4"));
    assertThat(mget.docs().get(2).result().found()).isFalse();
  }

  @Test
  void countMsearchAndExplain() {
    assertThat(await(typed.count(c -> c.index(index).query(genre("tech")))).count()).isEqualTo(2);

    MsearchResponse<Book> msearch = await(typed.msearch(m -> m
      .searches(s -> s.header(h -> h.index(index)).body(b -> b.query(genre("tech"))))
      .searches(s -> s.header(h -> h.index(index)).body(b -> b.query(genre("fantasy")))), Book.class));
    assertThat(msearch.responses()).hasSize(2);
    assertThat(msearch.responses().get(0).result().hits().total().value()).isEqualTo(2);
    assertThat(msearch.responses().get(1).result().hits().hits().get(0).source()).isEqualTo(BOOKS.get("3"));

    assertThat(await(typed.explain(e -> e.index(index).id("1").query(genre("sci-fi")), Book.class)).matched())
      .isTrue();
    assertThat(await(typed.explain(e -> e.index(index).id("1").query(genre("tech")), Book.class)).matched())
      .isFalse();
    assertThat(await(typed.indices().validateQuery(v -> v.index(index).query(genre("tech")))).valid()).isTrue();
  }

  @Test
  void scrollThroughEveryHit() {
    SearchResponse<Book> first = await(typed.search(s -> s.index(index).size(2).scroll(t -> t.time("1m"))
      .sort(so -> so.field(f -> f.field("year").order(SortOrder.Asc))), Book.class));
    List<Integer> years = new java.util.ArrayList<>();
    first.hits().hits().forEach(h -> years.add(h.source().year()));
    String scrollId = first.scrollId();
    while (true) {
      String id = scrollId;
      var page = await(typed.scroll(s -> s.scrollId(id).scroll(t -> t.time("1m")), Book.class));
      if (page.hits().hits().isEmpty()) {
        break;
      }
      page.hits().hits().forEach(h -> years.add(h.source().year()));
      scrollId = page.scrollId();
      assertThat(years.size()).isLessThanOrEqualTo(BOOKS.size());
    }
    assertThat(years).containsExactly(1937, 1965, 1984, 2015, 2020);
    String id = scrollId;
    assertThat(await(typed.clearScroll(c -> c.scrollId(id))).succeeded()).isTrue();
  }

  @Test
  void pointInTimeWithSearchAfter() {
    String pit = await(typed.openPointInTime(p -> p.index(index).keepAlive(t -> t.time("1m")))).id();
    SearchResponse<Book> page = await(typed.search(s -> s.size(3).pit(p -> p.id(pit).keepAlive(t -> t.time("1m")))
      .sort(so -> so.field(f -> f.field("year").order(SortOrder.Desc))), Book.class));
    assertThat(page.hits().hits()).extracting(h -> h.source().year()).containsExactly(2020, 2015, 1984);
    var after = page.hits().hits().get(2).sort();
    SearchResponse<Book> next = await(typed.search(s -> s.size(3).pit(p -> p.id(pit))
      .sort(so -> so.field(f -> f.field("year").order(SortOrder.Desc))).searchAfter(after), Book.class));
    assertThat(next.hits().hits()).extracting(h -> h.source().year()).containsExactly(1965, 1937);
    assertThat(await(typed.closePointInTime(c -> c.id(pit))).succeeded()).isTrue();
  }

  @Test
  void termVectorsFieldCapsAndShards() {
    var vectors = await(typed.termvectors(t -> t.index(index).id("1").fields("title")));
    assertThat(vectors.termVectors().get("title").terms()).containsKey("dune");
    var multi = await(typed.mtermvectors(m -> m.index(index).ids("1", "2").fields("title")));
    assertThat(multi.docs()).hasSize(2);
    var caps = await(typed.fieldCaps(f -> f.index(index).fields("title", "genre")));
    assertThat(caps.fields().get("genre")).containsKey("keyword");
    assertThat(caps.fields().get("title")).containsKey("text");
    assertThat(await(typed.searchShards(s -> s.index(index))).shards()).hasSize(1);
  }

  @Test
  void infoAndPing() {
    assertThat(await(typed.info()).version().number()).isEqualTo(es.version());
    assertThat(await(typed.ping()).value()).isTrue();
  }

  @Test
  void documentWrites() {
    String writes = index + "-w";
    createBooksIndex(writes);
    Book book = new Book("Snow Crash", "sci-fi", 1992, 4.0);
    assertThat(await(typed.index(i -> i.index(writes).id("w1").document(book))).result()).isEqualTo(Result.Created);
    assertThat(await(typed.create(c -> c.index(writes).id("w2").document(book))).result()).isEqualTo(Result.Created);
    assertThat(await(typed.update(u -> u.index(writes).id("w1").doc(Map.of("rating", 5.0)), Book.class)).result())
      .isEqualTo(Result.Updated);
    assertThat(await(typed.get(g -> g.index(writes).id("w1"), Book.class)).source().rating()).isEqualTo(5.0);
    assertThat(await(typed.delete(d -> d.index(writes).id("w2"))).result()).isEqualTo(Result.Deleted);

    BulkResponse bulk = await(typed.bulk(b -> b.index(writes).refresh(Refresh.True)
      .operations(op -> op.index(i -> i.id("w3").document(book)))
      .operations(op -> op.create(c -> c.id("w4").document(book)))
      .operations(op -> op.update(u -> u.id("w1").action(a -> a.doc(Map.of("year", 1993)))))
      .operations(op -> op.delete(d -> d.id("w1")))));
    assertThat(bulk.errors()).isFalse();
    assertThat(bulk.items()).extracting(i -> i.result()).containsExactly("created", "created", "updated", "deleted");
    assertThat(await(typed.count(c -> c.index(writes))).count()).isEqualTo(2);
    assertThat(await(typed.indices().delete(d -> d.index(writes))).acknowledged()).isTrue();
  }

  @Test
  void indexLifecycle() {
    String name = index + "-life";
    String alias = name + "-alias";
    createBooksIndex(name);
    var indices = typed.indices();
    assertThat(await(indices.exists(e -> e.index(name))).value()).isTrue();
    assertThat(await(indices.get(g -> g.index(name))).indices()).containsKey(name);
    assertThat(await(indices.getMapping(g -> g.index(name))).get(name).mappings().properties())
      .containsKeys("title", "genre");
    assertThat(await(indices.putMapping(p -> p.index(name).properties("pages", x -> x.integer(i -> i))))
      .acknowledged()).isTrue();
    assertThat(await(indices.getSettings(g -> g.index(name))).get(name).settings().index()
      .numberOfShards()).isEqualTo("1");
    assertThat(await(indices.putSettings(p -> p.index(name).settings(s -> s.refreshInterval(t -> t.time("2s")))))
      .acknowledged()).isTrue();
    assertThat(await(indices.refresh(r -> r.index(name))).shards().failed().intValue()).isZero();
    assertThat(await(indices.flush(f -> f.index(name))).shards().failed().intValue()).isZero();
    assertThat(await(indices.forcemerge(f -> f.index(name).maxNumSegments(1L))).shards().failed().intValue())
      .isZero();
    assertThat(await(indices.stats(s -> s.index(name))).indices()).containsKey(name);
    assertThat(await(indices.segments(s -> s.index(name))).indices()).containsKey(name);
    assertThat(await(indices.recovery(r -> r.index(name))).statuses()).containsKey(name);
    assertThat(await(indices.clearCache(c -> c.index(name))).shards().failed().intValue()).isZero();

    assertThat(await(indices.putAlias(a -> a.index(name).name(alias))).acknowledged()).isTrue();
    assertThat(await(indices.existsAlias(a -> a.name(alias))).value()).isTrue();
    assertThat(await(indices.getAlias(a -> a.name(alias))).aliases()).containsKey(name);
    assertThat(await(indices.updateAliases(u -> u.actions(a -> a.add(x -> x.index(name).alias(alias + "2")))))
      .acknowledged()).isTrue();
    assertThat(await(indices.deleteAlias(d -> d.index(name).name(alias))).acknowledged()).isTrue();
    assertThat(await(indices.existsAlias(a -> a.name(alias))).value()).isFalse();
    assertThat(await(indices.existsAlias(a -> a.name(alias + "2"))).value()).isTrue();

    assertThat(await(indices.analyze(a -> a.analyzer("standard").text("Vert.x event loops"))).tokens())
      .extracting(t -> t.token()).containsExactly("vert.x", "event", "loops");
    if (sinceNine()) {
      assertThat(await(indices.resolveIndex(r -> r.name(name))).indices()).extracting(i -> i.name())
        .containsExactly(name);
    }
    assertThat(await(indices.close(c -> c.index(name))).acknowledged()).isTrue();
    assertThat(await(indices.open(o -> o.index(name))).acknowledged()).isTrue();
    assertThat(await(indices.delete(d -> d.index(name))).acknowledged()).isTrue();
    assertThat(await(indices.exists(e -> e.index(name))).value()).isFalse();
  }

  @Test
  void indexTemplates() {
    String name = index + "-template";
    var indices = typed.indices();
    assertThat(await(indices.putIndexTemplate(t -> t.name(name).indexPatterns(name + "-*")
      .template(tm -> tm.settings(s -> s.numberOfShards("1"))))).acknowledged()).isTrue();
    assertThat(await(indices.existsIndexTemplate(e -> e.name(name))).value()).isTrue();
    assertThat(await(indices.getIndexTemplate(g -> g.name(name))).indexTemplates()).extracting(t -> t.name())
      .containsExactly(name);
    assertThat(await(indices.deleteIndexTemplate(d -> d.name(name))).acknowledged()).isTrue();
    assertThat(await(indices.existsIndexTemplate(e -> e.name(name))).value()).isFalse();
  }

  @Test
  void clusterApis() {
    var cluster = typed.cluster();
    assertThat(await(cluster.health(h -> h.index(index).waitForStatus(HealthStatus.Green)
      .timeout(t -> t.time("20s")))).status()).isEqualTo(HealthStatus.Green);
    JsonData state = await(cluster.state(s -> s.metric(ClusterStateMetric.Metadata).index(index))).state();
    assertThat(state.toJson().asJsonObject().getJsonObject("metadata").getJsonObject("indices").containsKey(index))
      .isTrue();
    if (sinceNine()) {
      assertThat(await(cluster.stats()).nodes().count().total()).isGreaterThanOrEqualTo(1);
    }
    assertThat(await(cluster.putSettings(p -> p.persistent("cluster.routing.allocation.enable",
      JsonData.of("all")))).acknowledged()).isTrue();
    assertThat(await(cluster.getSettings(g -> g.flatSettings(true))).persistent())
      .containsKey("cluster.routing.allocation.enable");
    assertThat(await(cluster.putSettings(p -> p.persistent("cluster.routing.allocation.enable",
      JsonData.fromJson("null")))).acknowledged()).isTrue();
    assertThat(await(cluster.pendingTasks()).tasks()).isNotNull();
  }

  @Test
  void catApis() {
    var cat = typed.cat();
    assertThat(await(cat.indices(c -> c.index(index))).indices()).extracting(r -> r.index()).containsExactly(index);
    if (sinceNine()) {
      assertThat(await(cat.count(c -> c.index(index))).countRecords().get(0).count()).isEqualTo("5");
    }
    assertThat(await(cat.health()).healthRecords()).hasSize(1);
    assertThat(await(cat.nodes()).nodes()).isNotEmpty();
    assertThat(await(cat.shards(c -> c.index(index))).shards()).extracting(s -> s.index()).containsOnly(index);
    assertThat(await(cat.aliases()).aliases()).isNotNull();
  }

  @Test
  void nodesAndTasks() {
    // Not nodes.info: the embedded node's answer lacks properties elasticsearch-java requires (NodeInfo.attributes).
    assertThat(await(typed.nodes().usage()).nodes()).isNotEmpty();
    assertThat(await(typed.nodes().stats()).nodes()).isNotEmpty();
    assertThat(await(typed.tasks().list()).nodes()).isNotEmpty();
  }
}
