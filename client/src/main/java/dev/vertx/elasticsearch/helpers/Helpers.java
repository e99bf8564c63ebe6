package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The helpers of one client, from {@code client.helpers()}: the same entry points as {@link ElasticsearchHelpers}
 * without passing the {@code Vertx} instance and the client again. Cheap to create; holds no state.
 */
public final class Helpers {

  private final Vertx vertx;
  private final ElasticsearchClient client;

  /**
   * @param vertx the client's Vert.x instance
   * @param client the client
   */
  public Helpers(Vertx vertx, ElasticsearchClient client) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * @param options the bulk settings
   * @return an ingester to write operations to or pipe a stream into; see {@link BulkIngester}
   */
  public BulkIngester bulkIngester(BulkOptions options) {
    return ElasticsearchHelpers.bulkIngester(vertx, client, options);
  }

  /**
   * @param source the operations, pulled as the buffer has room
   * @param options the bulk settings
   * @return the summary once every operation is accounted for
   */
  public Future<BulkSummary> bulk(Iterable<BulkOperation> source, BulkOptions options) {
    return ElasticsearchHelpers.bulk(vertx, client, source, options);
  }

  /**
   * @param source the operations; paused while the buffer is full
   * @param options the bulk settings
   * @return the summary once every operation is accounted for
   */
  public Future<BulkSummary> bulk(ReadStream<BulkOperation> source, BulkOptions options) {
    return ElasticsearchHelpers.bulk(vertx, client, source, options);
  }

  /**
   * @param source the operations
   * @param options the bulk settings
   * @return the outcome of every operation, as a back-pressured stream
   */
  public ReadStream<BulkItemResult> streamingBulk(ReadStream<BulkOperation> source, BulkOptions options) {
    return ElasticsearchHelpers.streamingBulk(vertx, client, source, options);
  }

  /**
   * @param options the scan settings (index required)
   * @return the hits as JSON objects
   */
  public ScanStream<JsonObject> scan(ScanOptions options) {
    return ElasticsearchHelpers.scan(vertx, client, options);
  }

  /**
   * @param options the scan settings (index required)
   * @param type the class of the documents
   * @param <T> the class of the documents
   * @return the documents
   */
  public <T> ScanStream<T> scan(ScanOptions options, Class<T> type) {
    return ElasticsearchHelpers.scan(vertx, client, options, type);
  }

  /**
   * @param options the scan settings (index required)
   * @param slices the number of slices, at least 1
   * @return one stream per slice
   */
  public List<ScanStream<JsonObject>> slicedScan(ScanOptions options, int slices) {
    return ElasticsearchHelpers.slicedScan(vertx, client, options, slices);
  }

  /**
   * @param options the reindex settings
   * @return the summary
   */
  public Future<ReindexSummary> reindex(ReindexOptions options) {
    return ElasticsearchHelpers.reindex(vertx, client, options);
  }

  /**
   * @param options the reindex settings
   * @param transform the per-hit transform ({@code null} to drop a hit)
   * @return the summary
   */
  public Future<ReindexSummary> reindex(ReindexOptions options, Function<JsonObject, JsonObject> transform) {
    return ElasticsearchHelpers.reindex(vertx, client, options, transform);
  }

  /**
   * @param options the batching settings
   * @return a multi-search batcher
   */
  public MsearchHelper msearch(MsearchOptions options) {
    return ElasticsearchHelpers.msearch(vertx, client, options);
  }
}
