package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.helpers.BulkIngester;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkProgress;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The bundled sample dataset ({@code sample-data/books.ndjson}, synthetic, see its README), streamed into the
 * index through the bulk helper, one document per line, with back-pressure and without holding the file in memory.
 */
final class SampleData {

  static final String DATA = "sample-data/books.ndjson";

  private final Vertx vertx;
  private final ElasticsearchClient client;
  private final String index;
  private final Supplier<Future<ReadStream<Buffer>>> source;

  /**
   * @param source opens the NDJSON documents for each load; {@code null} for the bundled file
   */
  SampleData(Vertx vertx, ElasticsearchClient client, String index, Supplier<Future<ReadStream<Buffer>>> source) {
    this.vertx = vertx;
    this.client = client;
    this.index = index;
    this.source = source != null ? source
      : () -> vertx.fileSystem().open(DATA, new OpenOptions().setRead(true)).map(file -> file);
  }

  /**
   * Loads every document into the index through its alias ({@code require_alias}: a missing alias fails the
   * documents instead of creating an index).
   *
   * @param progress sees the ingester's progress every second
   * @param cancelled polled before each document: once it says {@code true} the load stops and fails
   * @return the summary once every document read is accounted for
   */
  Future<BulkSummary> load(Handler<BulkProgress> progress, BooleanSupplier cancelled) {
    return source.get().compose(documents -> {
      // The loader retries whole loads itself: a batch gives up after a few retries instead of retrying for minutes.
      BulkIngester ingester = ElasticsearchHelpers.bulkIngester(vertx, client, BooksIndex.bulkOptions()
        .setRefreshOnCompletion(true)
        .setRetry(BulkOptions.DEFAULT_RETRY.withMaxRetries(3).withMaxBackoff(5_000)));
      ingester.progressHandler(progress);
      RecordParser lines = RecordParser.newDelimited("\n", documents);
      Future<Void> pipe = ElasticsearchHelpers.map(lines, line -> {
        if (cancelled.getAsBoolean()) {
          throw new IllegalStateException("The load was cancelled");
        }
        JsonObject doc = new JsonObject(line);
        return BulkOperation.index(index, doc).id(String.valueOf(doc.getValue("id")));
      }).pipeTo(ingester);
      return pipe.compose(v -> ingester.summary(),
        err -> ingester.summary().compose(partial -> Future.failedFuture(err)));
    });
  }
}
