package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.indices.IndicesCreateRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesDeleteRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesExistsRequest;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.util.Set;

/**
 * The bundled sample dataset ({@code sample-data/books.ndjson}, synthetic, see its README): (re)creates the index
 * with explicit mappings and streams the documents in through the bulk helper, logging progress.
 */
final class SampleData {

  static final String DATA = "sample-data/books.ndjson";
  static final String MAPPINGS = "sample-data/books-mappings.json";
  private static final Logger log = LoggerFactory.getLogger(SampleData.class);

  private final Vertx vertx;
  private final ElasticsearchClient client;
  private final String index;

  SampleData(Vertx vertx, ElasticsearchClient client, String index) {
    this.vertx = vertx;
    this.client = client;
    this.index = index;
  }

  /**
   * Loads the dataset unless the index exists already, so that a service pointed at a fresh cluster (the compose
   * demo) has something to search and one pointed at real data leaves it alone.
   *
   * @return whether the data was loaded
   */
  Future<Boolean> loadIfMissing() {
    return client.indices().exists(new IndicesExistsRequest().index(index))
      .compose(exists -> exists ? Future.succeededFuture(false) : reload().map(summary -> true));
  }

  /** @return the summary once the index is recreated and every document accounted for */
  Future<BulkSummary> reload() {
    ElasticsearchClient tolerant = client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404)));
    return tolerant.indices().delete(new IndicesDeleteRequest().index(index))
      .compose(v -> vertx.fileSystem().readFile(MAPPINGS))
      .compose(mappings -> client.indices().create(new IndicesCreateRequest().index(index)
        .body(new JsonObject(mappings))))
      .compose(v -> vertx.fileSystem().open(DATA, new OpenOptions().setRead(true)))
      .compose(file -> {
        BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, client,
          new BulkOptions().setRefreshOnCompletion(true));
        ingester.progressHandler(stats -> log.info("Sample data: " + stats.successes() + " documents indexed, "
          + stats.failures() + " failed"));
        RecordParser lines = RecordParser.newDelimited("\n", file);
        Future<Void> pipe = ElasticsearchHelpers.map(lines, line -> {
          JsonObject doc = new JsonObject(line);
          return BulkOperation.index(index, doc).id(String.valueOf(doc.getValue("id")));
        }).pipeTo(ingester);
        return pipe.compose(v -> ingester.summary(),
          err -> ingester.summary().compose(partial -> Future.failedFuture(err)));
      })
      .onSuccess(summary -> log.info("Sample data loaded into '" + index + "': " + summary.successes()
        + " documents in " + summary.stats().elapsedMillis() + " ms"));
  }
}
