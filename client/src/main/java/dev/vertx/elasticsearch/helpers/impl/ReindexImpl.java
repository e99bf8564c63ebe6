package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.ReindexOptions;
import dev.vertx.elasticsearch.helpers.ReindexSummary;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.client.api.indices.IndicesGetDataStreamRequest;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** Client-side reindex: a scan piped into a bulk ingester. */
public final class ReindexImpl {

  private ReindexImpl() {
  }

  /**
   * @param vertx the Vert.x instance
   * @param source the client to read with
   * @param target the client to write with
   * @param options the settings
   * @param transform the per-hit transform, or {@code null}
   * @return the summary
   */
  public static Future<ReindexSummary> reindex(Vertx vertx, ElasticsearchClient source, ElasticsearchClient target,
                                               ReindexOptions options, Function<JsonObject, JsonObject> transform) {
    if (options.getSourceIndex() == null || options.getTargetIndex() == null) {
      return Future.failedFuture(new IllegalArgumentException("sourceIndex and targetIndex are required"));
    }
    HelperSpan span = HelperSpan.start(source, "helpers.reindex");
    return Contexts.onCaller(vertx, span.call(() -> isDataStream(target, options.getTargetIndex())).compose(dataStream -> {
      BulkOperation.Type type = options.getOpType() == null ? BulkOperation.Type.INDEX : options.getOpType();
      if (dataStream) {
        if (options.getOpType() != null && options.getOpType() != BulkOperation.Type.CREATE) {
          return Future.failedFuture(new IllegalArgumentException("The target " + options.getTargetIndex()
            + " is a data stream: opType must be CREATE or unset, got " + options.getOpType()));
        }
        type = BulkOperation.Type.CREATE;
      }
      BulkOperation.Type opType = type;
      // The scan and bulk helpers open their spans under this one.
      return span.call(() -> run(vertx, source, target, options, transform, opType, dataStream));
    }).andThen(ar -> {
      if (ar.succeeded()) {
        span.count("elasticsearch.reindex.scanned", ar.result().scanned())
          .count("elasticsearch.reindex.dropped", ar.result().dropped())
          .count("elasticsearch.reindex.indexed", ar.result().bulk().successes());
      }
      span.end(ar.cause());
    }));
  }

  private static Future<ReindexSummary> run(Vertx vertx, ElasticsearchClient source, ElasticsearchClient target,
                                            ReindexOptions options, Function<JsonObject, JsonObject> transform,
                                            BulkOperation.Type type, boolean dataStream) {
    ScanOptions scanOptions = new ScanOptions(options.getScan()).setIndex(options.getSourceIndex())
      .setQuery(options.getQuery()).setBody(options.getBody());
    BulkOptions bulkOptions = new BulkOptions(options.getBulk());
    if (options.getRetry() != null) {
      scanOptions.setRetry(options.getRetry());
      bulkOptions.setRetry(options.getRetry());
    }
    ScanStreamImpl<JsonObject> scan = new ScanStreamImpl<>(vertx, source, scanOptions, Function.identity());
    AtomicLong scanned = new AtomicLong();
    AtomicLong dropped = new AtomicLong();
    String targetIndex = options.getTargetIndex();
    MappedReadStream<JsonObject, BulkOperation> operations = new MappedReadStream<>(scan, hit -> {
      scanned.incrementAndGet();
      JsonObject doc = transform == null ? hit : transform.apply(hit);
      if (doc == null || doc.getJsonObject("_source") == null) {
        dropped.incrementAndGet();
        return null;
      }
      BulkOperation op = type == BulkOperation.Type.CREATE
        ? BulkOperation.create(targetIndex, doc.getJsonObject("_source"))
        : BulkOperation.index(targetIndex, doc.getJsonObject("_source"));
      return op.id(doc.getString("_id")).routing(doc.getString("_routing"));
    });
    BulkIngesterImpl ingester = new BulkIngesterImpl(vertx, target, bulkOptions);
    Future<Void> piped = operations.pipe().to(ingester);
    return piped.transform(pipe -> ingester.summary().compose(summary -> {
      if (pipe.failed()) {
        scan.cancel();
        return Future.failedFuture(pipe.cause());
      }
      return Future.succeededFuture(new ReindexSummary(scanned.get(), dropped.get(), dataStream, summary));
    }));
  }

  private static Future<Boolean> isDataStream(ElasticsearchClient target, String name) {
    return target.withOptions(new CallOptions().setIgnoreStatus(Set.of(400, 404))).indices()
      .getDataStream(new IndicesGetDataStreamRequest().name(name).expandWildcards("all"))
      .map(response -> {
        if (response.status() >= 300) {
          return false;
        }
        JsonArray streams = response.body().getJsonArray("data_streams");
        return streams != null && !streams.isEmpty();
      })
      .otherwise(false);
  }
}
