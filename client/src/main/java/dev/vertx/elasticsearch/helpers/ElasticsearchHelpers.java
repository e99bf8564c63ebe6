package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.helpers.impl.BulkIngesterImpl;
import dev.vertx.elasticsearch.helpers.impl.BulkResultStream;
import dev.vertx.elasticsearch.helpers.impl.IterableReadStream;
import dev.vertx.elasticsearch.helpers.impl.MappedReadStream;
import dev.vertx.elasticsearch.helpers.impl.NdjsonOperationStream;
import dev.vertx.elasticsearch.helpers.impl.PublisherReadStream;
import dev.vertx.elasticsearch.helpers.impl.ReindexImpl;
import dev.vertx.elasticsearch.helpers.impl.ScanStreamImpl;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Entry points of the helpers: bulk indexing (write stream, one-shot, per-item result stream), scans (point in time
 * or scroll, sliced), client-side reindex and multi-search batching. None of them blocks; all return futures or
 * back-pressured streams. These static methods are the one way to create each helper: the helpers sit above the
 * client, which does not know them.
 */
public final class ElasticsearchHelpers {

  private ElasticsearchHelpers() {
  }

  /**
   * A bulk ingester to write operations to, or to {@code pipeTo} from a {@code ReadStream}.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the bulk settings
   * @return the ingester
   * @see BulkIngester
   */
  public static BulkIngester bulkIngester(Vertx vertx, ElasticsearchClient client, BulkOptions options) {
    return new BulkIngesterImpl(vertx, client, options);
  }

  /**
   * Indexes every operation of a stream, with back-pressure on the source.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param source the operations; it is paused while the ingester's buffer is full
   * @param options the bulk settings
   * @return the summary once every operation is accounted for (failed operations are in it, not a failure of the
   *     future); fails with the source's error, after what it delivered was accounted for, when the source fails
   */
  public static Future<BulkSummary> bulk(Vertx vertx, ElasticsearchClient client, ReadStream<BulkOperation> source,
                                         BulkOptions options) {
    BulkIngesterImpl ingester = new BulkIngesterImpl(vertx, client, options);
    return pipe(source, ingester);
  }

  /**
   * Indexes every operation of an iterable, pulled as the buffer has room (a few hundred per event-loop turn).
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param source the operations; iterated on the ingester's context, lazily
   * @param options the bulk settings
   * @return the summary, as {@link #bulk(Vertx, ElasticsearchClient, ReadStream, BulkOptions)}
   */
  public static Future<BulkSummary> bulk(Vertx vertx, ElasticsearchClient client, Iterable<BulkOperation> source,
                                         BulkOptions options) {
    BulkIngesterImpl ingester = new BulkIngesterImpl(vertx, client, options);
    return pipe(new IterableReadStream<>(ingester.context(), source), ingester);
  }

  private static Future<BulkSummary> pipe(ReadStream<BulkOperation> source, BulkIngesterImpl ingester) {
    // pipe() pauses the source first: a flowing source set up from another thread emits nothing before the pipe is
    // ready, so the ingester's bound holds from the first item
    return source.pipe().to(ingester).transform(piped -> ingester.summary().compose(summary ->
      piped.failed() && !summary.aborted() ? Future.failedFuture(piped.cause()) : Future.succeededFuture(summary)));
  }

  /**
   * Indexes a stream of operations and streams the outcome of each, in completion order. Ingestion starts when a
   * handler is set; pausing the result stream stops new bulk requests once a chunk's worth of results is waiting,
   * which in turn pauses the source. A source failure is reported to the exception handler once every operation it
   * delivered is accounted for, then the stream ends.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param source the operations
   * @param options the bulk settings
   * @return the results, exactly one per operation
   */
  public static ReadStream<BulkItemResult> streamingBulk(Vertx vertx, ElasticsearchClient client,
                                                         ReadStream<BulkOperation> source, BulkOptions options) {
    return new BulkResultStream(vertx, client, source, options);
  }

  /**
   * Reads bulk operations from NDJSON as the {@code _bulk} API takes it: an action line, then a source line but for
   * {@code delete}. A dead-letter file written by a bulk ingester ({@link BulkOptions#setDeadLetterStream}) reads as
   * it is: the {@code "_failure"} member of its action lines is dropped, so its operations can be sent again once
   * what failed them is fixed. Back-pressure reaches the source.
   *
   * @param ndjson the NDJSON, e.g. an {@code AsyncFile}, in chunks of any size
   * @return the operations; a line that is not JSON, an unknown action or metadata field, or an action line without
   *     its source line is reported to the exception handler as a {@code SerializationException} naming the line
   */
  public static ReadStream<BulkOperation> ndjsonOperations(ReadStream<Buffer> ndjson) {
    return new NdjsonOperationStream(ndjson);
  }

  /**
   * {@link #streamingBulk(Vertx, ElasticsearchClient, ReadStream, BulkOptions)} over an iterable.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param source the operations, iterated lazily
   * @param options the bulk settings
   * @return the results, exactly one per operation
   */
  public static ReadStream<BulkItemResult> streamingBulk(Vertx vertx, ElasticsearchClient client,
                                                         Iterable<BulkOperation> source, BulkOptions options) {
    return new BulkResultStream(vertx, client, new IterableReadStream<>(vertx.getOrCreateContext(), source), options);
  }

  /**
   * Scans the hits of a search, as JSON objects ({@code _index}, {@code _id}, {@code _source}, {@code sort}...).
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the scan settings (index required)
   * @return the hits; see {@link ScanStream}
   * @throws NullPointerException when no index is set
   */
  public static ScanStream<JsonObject> scan(Vertx vertx, ElasticsearchClient client, ScanOptions options) {
    return new ScanStreamImpl<>(vertx, client, options, Function.identity());
  }

  /**
   * Scans the hits of a search, mapping each {@code _source} to a class with Jackson.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the scan settings (index required)
   * @param type the class of the documents
   * @param <T> the class of the documents
   * @return the documents; a hit that cannot be mapped fails the stream with a {@code SerializationException}
   */
  public static <T> ScanStream<T> scan(Vertx vertx, ElasticsearchClient client, ScanOptions options, Class<T> type) {
    return new ScanStreamImpl<>(vertx, client, options, ScanStreamImpl.sourceAs(type, client.objectMapper()));
  }

  /**
   * Splits a scan into independent slices ({@code slice: {id, max}}) to consume in parallel; each slice has its own
   * point in time or scroll. Together they return every hit once.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the scan settings (index required; any slice set is replaced)
   * @param slices the number of slices, at least 1
   * @return one stream per slice
   */
  public static List<ScanStream<JsonObject>> slicedScan(Vertx vertx, ElasticsearchClient client, ScanOptions options,
                                                        int slices) {
    if (slices < 1) {
      throw new IllegalArgumentException("slices must be >= 1, got " + slices);
    }
    List<ScanStream<JsonObject>> streams = new ArrayList<>(slices);
    for (int i = 0; i < slices; i++) {
      ScanOptions slice = new ScanOptions(options);
      if (slices > 1) {
        slice.setSlice(i, slices);
      }
      streams.add(scan(vertx, client, slice));
    }
    return streams;
  }

  /**
   * Copies the documents matching a query from one index to another on the same cluster, as they are.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the reindex settings
   * @return the summary; see {@link #reindex(Vertx, ElasticsearchClient, ElasticsearchClient, ReindexOptions, Function)}
   */
  public static Future<ReindexSummary> reindex(Vertx vertx, ElasticsearchClient client, ReindexOptions options) {
    return reindex(vertx, client, client, options, null);
  }

  /**
   * Copies the documents matching a query from one index to another on the same cluster, transforming them.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the reindex settings
   * @param transform called with each hit ({@code _id}, {@code _routing}, {@code _source}...); returns the hit to
   *     write (it may change {@code _source}, {@code _id} or {@code _routing}, in place or as a new object) or
   *     {@code null} to drop it; {@code null} copies as is
   * @return the summary; see {@link #reindex(Vertx, ElasticsearchClient, ElasticsearchClient, ReindexOptions, Function)}
   */
  public static Future<ReindexSummary> reindex(Vertx vertx, ElasticsearchClient client, ReindexOptions options,
                                               Function<JsonObject, JsonObject> transform) {
    return reindex(vertx, client, client, options, transform);
  }

  /**
   * Client-side reindex: scans the source and bulk-writes into the target, possibly through another client (another
   * cluster). When the target is a data stream ({@code GET /_data_stream/{name}}; a 404 means it is not),
   * {@code create} is used. Mappings and settings are not copied. Prefer the server-side {@code _reindex} when the
   * cluster offers it.
   *
   * @param vertx the Vert.x instance
   * @param source the client to read with
   * @param target the client to write with
   * @param options the reindex settings
   * @param transform the per-hit transform, or {@code null}
   * @return the summary (write failures are in it); fails with {@code IllegalArgumentException} for a data stream
   *     target with {@code opType} {@code INDEX}, or with the scan's error (after what was read was written)
   */
  public static Future<ReindexSummary> reindex(Vertx vertx, ElasticsearchClient source, ElasticsearchClient target,
                                               ReindexOptions options, Function<JsonObject, JsonObject> transform) {
    return ReindexImpl.reindex(vertx, source, target, options, transform);
  }

  /**
   * A multi-search batcher.
   *
   * @param vertx the Vert.x instance
   * @param client the client
   * @param options the batching settings
   * @return the helper
   * @see MsearchHelper
   */
  public static MsearchHelper msearch(Vertx vertx, ElasticsearchClient client, MsearchOptions options) {
    return MsearchHelper.create(vertx, client, options);
  }

  /**
   * A view of a stream with each item mapped, e.g. scan hits to bulk operations; pausing, fetching and ending pass
   * through, so back-pressure holds end to end.
   *
   * @param source the stream to map
   * @param mapper the mapping, run on the source's context; an exception it throws goes to the exception handler
   * @param <A> the source type
   * @param <B> the mapped type
   * @return the mapped stream
   */
  public static <A, B> ReadStream<B> map(ReadStream<A> source, Function<A, B> mapper) {
    return new MappedReadStream<>(source, mapper);
  }

  /**
   * A back-pressured stream over an iterable, pulled only as fast as the consumer asks and a few hundred items per
   * event-loop turn; with a lazy iterable (e.g. {@code LongStream.range(..).mapToObj(..)::iterator}) nothing is held in
   * memory beyond what was asked for.
   *
   * @param context the context items are emitted on
   * @param items the items
   * @param <T> the item type
   * @return the stream
   */
  public static <T> ReadStream<T> stream(Context context, Iterable<T> items) {
    return new IterableReadStream<>(context, items);
  }

  /**
   * A {@link Flow.Publisher} (a Mutiny {@code Multi}, an RxJava {@code Flowable} adapted with
   * {@code FlowAdapters.toFlowPublisher}, any Reactive Streams source) as a back-pressured {@link ReadStream}: the
   * stream's demand becomes requests to the publisher, 64 items at a time at most, and its handlers run on the
   * context. The publisher is subscribed when a handler is set; clearing the handler cancels the subscription.
   *
   * @param context where the handlers are called
   * @param publisher the items
   * @param <T> the item type
   * @return the stream; the publisher's error goes to the exception handler, its completion to the end handler
   */
  public static <T> ReadStream<T> stream(Context context, Flow.Publisher<T> publisher) {
    return new PublisherReadStream<>(publisher, context);
  }
}
