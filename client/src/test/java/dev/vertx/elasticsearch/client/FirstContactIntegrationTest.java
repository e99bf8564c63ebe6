package dev.vertx.elasticsearch.client;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.core.IndexRequest;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesCreateRequest;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.BadRequestException;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.helpers.MsearchHelper;
import dev.vertx.elasticsearch.helpers.MsearchOptions;
import dev.vertx.elasticsearch.helpers.ReindexOptions;
import dev.vertx.elasticsearch.helpers.SearchResult;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Java developer meets first, on 8.x and 9.x: a client made from a URL and nothing else, documents with more
 * fields than their Java type, typed searches with aggregations, lambda requests, the helpers of a client, and a
 * mapper of one's own. Runs on both engines.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class FirstContactIntegrationTest {

  /** A document type that knows only some of the fields of the index. */
  public record Book(String title, int year) {
  }

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private ElasticsearchClient client;
  private String index;

  FirstContactIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    // nothing but the URL: the compatibility version is detected (8.x refuses the 9 the client sends first)
    client = ElasticsearchClient.create(vertx, ElasticsearchClientOptions.forHosts(es.httpUrl()));
    index = "first-contact-" + UUID.randomUUID().toString().substring(0, 8);
    result(client.indices().create(r -> r.index(index).body(new JsonObject().put("mappings", new JsonObject()
      .put("properties", new JsonObject().put("genre", new JsonObject().put("type", "keyword")))))));
    List<BulkOperation> books = IntStream.range(0, 20).mapToObj(i -> BulkOperation.index(index, new JsonObject()
      .put("title", "Dragon " + i).put("year", 2000 + i).put("genre", i % 2 == 0 ? "fantasy" : "history")
      .put("isbn", "isbn-" + i).put("pages", 100 + i)).id("b" + i)).toList();
    assertThat(result(ElasticsearchHelpers.bulk(vertx, client, books, new BulkOptions().setRefreshOnCompletion(true)))
      .successes())
      .isEqualTo(20);
  }

  @AfterEach
  void tearDown() {
    result(client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404))).perform(HttpMethod.DELETE,
      "/" + index + "," + index + "-copy," + index + "-reviews", Map.of("ignore_unavailable", true), null));
    result(client.close());
    result(vertx.close());
  }

  @Test
  void defaultOptionsWorkOnThisEngine() {
    assertThat(result(client.info()).body().getJsonObject("version").getString("number"))
      .startsWith(String.valueOf(es.majorVersion()));
    assertThat(result(client.count(r -> r.index(index))).body().getLong("count")).isEqualTo(20);
    // a second client made the same way starts with the version the first learnt (same hosts, same Vert.x)
    ElasticsearchClient other = ElasticsearchClient.create(vertx, ElasticsearchClientOptions.forHosts(es.httpUrl()));
    assertThat(result(other.index(new IndexRequest().index(index).id("x").body(new JsonObject().put("title", "X"))))
      .status()).isEqualTo(201);
    result(other.close());
  }

  @Test
  void aCompatibilityVersionTheClusterRefusesSaysWhatToSet() {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(es.httpUrl());
    options.getTransport().setCompatibilityVersion(es.majorVersion() >= 9 ? 7 : 9);
    ElasticsearchClient wrong = ElasticsearchClient.create(vertx, options);
    assertThat(failure(wrong.count(r -> r.index(index)))).isInstanceOf(BadRequestException.class)
      .hasMessageContaining("media_type_header_exception").hasMessageContaining("setCompatibilityVersion");
    result(wrong.close());
  }

  @Test
  void hitsReadDocumentsThatHaveMoreFieldsThanTheType() {
    ElasticsearchResponse response = result(client.search(r -> r.index(index).q("title:dragon").size(5)));
    assertThat(response.hits(Book.class).sources()).hasSize(5)
      .allSatisfy(book -> assertThat(book.title()).startsWith("Dragon"));
    assertThat(result(client.get(r -> r.index(index).id("b3"))).as(JsonObject.class).getString("_id"))
      .isEqualTo("b3");
  }

  @Test
  void aTypedSearchGivesHitsTotalAndAggregations() {
    JsonObject body = new JsonObject()
      .put("query", new JsonObject().put("range", new JsonObject().put("year", new JsonObject().put("gte", 2010))))
      .put("aggs", new JsonObject().put("genres", new JsonObject().put("terms", new JsonObject()
        .put("field", "genre"))));
    SearchResponse<Book> books = result(client.search(new SearchRequest().index(index).body(body), Book.class));

    assertThat(books.total()).isEqualTo(10);
    assertThat(books.documents()).hasSize(10).allSatisfy(b -> assertThat(b.year()).isGreaterThanOrEqualTo(2010));
    assertThat(books.aggregations().getJsonObject("genres").getJsonArray("buckets")).hasSize(2);
    assertThat(books.response().aggregations()).isEqualTo(books.aggregations());

    SearchResponse<Book> viaLambda = result(client.search(r -> r.index(index).q("genre:fantasy"), Book.class));
    assertThat(viaLambda.total()).isEqualTo(10);
  }

  @Test
  void msearchResultsReadTypedHits() {
    MsearchHelper msearch = ElasticsearchHelpers.msearch(vertx, client, new MsearchOptions());
    SearchResult result = result(msearch.search(index, new JsonObject().put("query", new JsonObject()
      .put("term", new JsonObject().put("genre", "history")))));
    assertThat(result.hits(Book.class).sources()).hasSize(10).allSatisfy(b -> assertThat(b.year() % 2).isEqualTo(1));
    result(msearch.close());
  }

  @Test
  void reindexNeedsNoTransform() {
    assertThat(result(ElasticsearchHelpers.reindex(vertx, client, new ReindexOptions().setSourceIndex(index)
      .setTargetIndex(index + "-copy")
      .setQuery(new JsonObject().put("term", new JsonObject().put("genre", "fantasy")))
      .setBulk(new BulkOptions().setRefreshOnCompletion(true)))).bulk().successes()).isEqualTo(10);
    assertThat(result(client.count(r -> r.index(index + "-copy"))).body().getLong("count")).isEqualTo(10);
  }

  @Test
  void theClientsOwnMapperWritesAndReadsDocuments() {
    record Review(String bookTitle, int starCount) {
    }
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(es.httpUrl())
      .setObjectMapper(ElasticsearchClientOptions.defaultObjectMapper().copy()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    ElasticsearchClient snake = ElasticsearchClient.create(vertx, options);
    String reviews = index + "-reviews";
    result(snake.indices().create(new IndicesCreateRequest().index(reviews)));
    result(snake.index(r -> r.index(reviews).id("1").refresh("true").body(new Review("Dragon 1", 4))));
    result(ElasticsearchHelpers.bulk(vertx, snake,
      List.of(BulkOperation.index(reviews, new Review("Dragon 2", 5)).id("2")),
      new BulkOptions().setRefreshOnCompletion(true)));

    // written in snake case by the client's mapper, through the API and through the bulk helper
    JsonObject stored = result(snake.get(r -> r.index(reviews).id("2"))).body().getJsonObject("_source");
    assertThat(stored.fieldNames()).containsExactlyInAnyOrder("book_title", "star_count");
    // and read back with it
    assertThat(result(snake.search(r -> r.index(reviews).q("star_count:4"), Review.class)).documents())
      .containsExactly(new Review("Dragon 1", 4));
    result(snake.close());
  }
}
