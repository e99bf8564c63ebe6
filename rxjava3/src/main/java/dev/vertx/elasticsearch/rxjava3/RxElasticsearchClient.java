package dev.vertx.elasticsearch.rxjava3;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.SearchResponse;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.error.NotFoundException;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.helpers.ScanStream;
import dev.vertx.elasticsearch.rxjava3.api.RxElasticsearchApi;
import dev.vertx.elasticsearch.rxjava3.impl.RxCalls;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import org.reactivestreams.FlowAdapters;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.rxjava3.FlowableHelper;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Elasticsearch client as RxJava 3 types: every endpoint of the core {@link ElasticsearchClient} as a method
 * returning a {@code Single} (of {@code Boolean} for the {@code HEAD} checks), namespaces as in the core client
 * ({@code client.indices().create(...)}), a document as a {@code Maybe}, {@code close} as a {@code Completable}, scans
 * as a {@code Flowable} and a bulk that consumes a {@code Flowable} of operations.
 * <p>
 * Everything is lazy: the request is sent on each subscription, from the subscriber's thread, and items are delivered
 * on the subscriber's Vert.x context, as the core futures are (on a new event-loop context when subscribed off
 * Vert.x). Errors are the core client's: {@code ApiException}s by status, {@code TransportException}s,
 * {@code IllegalArgumentException} for an incomplete request.
 * <p>
 * A thin, thread-safe view: it shares the core client's transport and is closed with it.
 */
public final class RxElasticsearchClient implements RxElasticsearchApi {

  private final ElasticsearchClient delegate;

  private RxElasticsearchClient(ElasticsearchClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Wraps a core client; with vertx-rx-java3's {@code io.vertx.rxjava3.core.Vertx}, create the core client on
   * {@code vertx.getDelegate()}.
   *
   * @param client the core client, made with a Vert.x instance
   * @return the RxJava view of it
   */
  public static RxElasticsearchClient create(ElasticsearchClient client) {
    return new RxElasticsearchClient(client);
  }

  /**
   * Creates a core client, as {@link ElasticsearchClient#create(Vertx, ElasticsearchClientOptions)} does, and wraps it.
   *
   * @param vertx the Vert.x instance
   * @param options the settings, copied
   * @return the client
   * @throws IllegalArgumentException for invalid hosts, conflicting credentials or TLS settings
   */
  public static RxElasticsearchClient create(Vertx vertx, ElasticsearchClientOptions options) {
    return new RxElasticsearchClient(ElasticsearchClient.create(vertx, options));
  }

  /**
   * Creates a core client on the Vert.x instance of vertx-rx-java3 and wraps it.
   *
   * @param vertx the RxJava Vert.x instance
   * @param options the settings, copied
   * @return the client
   */
  public static RxElasticsearchClient create(io.vertx.rxjava3.core.Vertx vertx, ElasticsearchClientOptions options) {
    return create(vertx.getDelegate(), options);
  }

  @Override
  public ElasticsearchClient getDelegate() {
    return delegate;
  }

  /**
   * A view with per-call settings that shares connections and node pool, as
   * {@link ElasticsearchClient#withOptions(dev.vertx.elasticsearch.transport.CallOptions)}.
   *
   * @param options the per-call settings
   * @return the view
   */
  public RxElasticsearchClient withOptions(dev.vertx.elasticsearch.transport.CallOptions options) {
    return new RxElasticsearchClient(delegate.withOptions(options));
  }

  /**
   * Searches and reads the hits as a type, as {@link ElasticsearchClient#search(SearchRequest, Class)}.
   *
   * @param request the search
   * @param type the document type
   * @param <T> the document type
   * @return a lazy {@code Single} of the typed hits, the total and the aggregations
   */
  public <T> Single<SearchResponse<T>> search(SearchRequest request, Class<T> type) {
    return RxCalls.single(delegate, c -> c.search(request, type));
  }

  /**
   * Searches, building the request in a lambda, and reads the hits as a type.
   *
   * @param request fills a new request, on each subscription
   * @param type the document type
   * @param <T> the document type
   * @return as {@link #search(SearchRequest, Class)}
   */
  public <T> Single<SearchResponse<T>> search(Consumer<SearchRequest> request, Class<T> type) {
    return RxCalls.single(delegate, c -> c.search(request, type));
  }

  /**
   * Reads one document's {@code _source} as a type ({@code GET /<index>/_source/<id>}).
   *
   * @param index the index
   * @param id the document id
   * @param type the document type
   * @param <T> the document type
   * @return a lazy {@code Maybe}: the document, empty when the document (or the index) does not exist; other errors
   *     as the core client's, a {@code SerializationException} when the source does not map to the type
   */
  public <T> Maybe<T> document(String index, String id, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return RxCalls.single(delegate, c -> c.getSource(r -> r.index(index).id(id)))
      .toMaybe()
      .onErrorComplete(err -> err instanceof NotFoundException)
      .map(response -> response.as(type));
  }

  /** @return a lazy {@code Single} of the cluster's basic information ({@code GET /}) */
  public Single<ElasticsearchResponse> info() {
    return RxCalls.single(delegate, ElasticsearchClient::info);
  }

  /** @return a lazy {@code Single} of {@code true} when the cluster answers {@code HEAD /} with 2xx */
  public Single<Boolean> ping() {
    return RxCalls.single(delegate, ElasticsearchClient::ping);
  }

  /**
   * Any request, as {@link ElasticsearchClient#perform(HttpMethod, String, Map, Object)}.
   *
   * @param method the HTTP method
   * @param path the path, e.g. {@code /_cluster/health}
   * @param query the query parameters, may be {@code null}
   * @param body the body ({@code JsonObject}, {@code Buffer}, {@code String} or a POJO), may be {@code null}
   * @return a lazy {@code Single} of the response
   */
  public Single<ElasticsearchResponse> perform(HttpMethod method, String path, Map<String, ?> query, Object body) {
    return RxCalls.single(delegate, c -> c.perform(method, path, query, body));
  }

  /**
   * Scans every hit of a query (point in time + {@code search_after} by default, or scroll), with back-pressure: a
   * page is read only as the subscriber requests hits. Cancelling the subscription frees the point in time or scroll.
   * Each subscription runs its own scan.
   *
   * @param options the scan settings
   * @return a lazy {@code Flowable} of the hits as JSON; fails as {@code ScanStream} does
   */
  public Flowable<JsonObject> scan(ScanOptions options) {
    Objects.requireNonNull(options, "options");
    return scanFlowable(() -> ElasticsearchHelpers.scan(delegate.vertx(), delegate, options));
  }

  /**
   * Scans every hit of a query, reading each {@code _source} as a type; otherwise as {@link #scan(ScanOptions)}.
   *
   * @param options the scan settings
   * @param type the document type
   * @param <T> the document type
   * @return a lazy {@code Flowable} of the documents
   */
  public <T> Flowable<T> scan(ScanOptions options, Class<T> type) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(type, "type");
    return scanFlowable(() -> ElasticsearchHelpers.scan(delegate.vertx(), delegate, options, type));
  }

  private static <T> Flowable<T> scanFlowable(Supplier<ScanStream<T>> scan) {
    return Flowable.defer(() -> {
      ScanStream<T> stream = scan.get();
      // request(n) becomes fetch(n); a cancel also frees the point in time or scroll
      return FlowableHelper.toFlowable(stream).doOnCancel(stream::cancel);
    });
  }

  /**
   * Indexes every operation of a {@code Flowable} with the bulk helper, requesting operations only as its buffer has
   * room, as {@code ElasticsearchHelpers.bulk(vertx, client, ReadStream, BulkOptions)} does.
   *
   * @param operations the operations, subscribed once per subscription to the returned {@code Single}
   * @param options the bulk settings
   * @return a lazy {@code Single} of the summary once every operation is accounted for (failed operations are in
   *     it); fails with the {@code Flowable}'s error, after what it delivered was accounted for
   */
  public Single<BulkSummary> bulk(Flowable<BulkOperation> operations, BulkOptions options) {
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(options, "options");
    return RxCalls.single(delegate, c -> ElasticsearchHelpers.bulk(c.vertx(), c,
      ElasticsearchHelpers.stream(c.vertx().getOrCreateContext(), FlowAdapters.toFlowPublisher(operations)), options));
  }

  /**
   * Closes the core client (and so every view of it): pending requests fail with {@code ClientClosedException}.
   *
   * @return a lazy {@code Completable} completing when closed
   */
  public Completable close() {
    return Completable.create(emitter -> delegate.close().onComplete(v -> emitter.onComplete(), emitter::tryOnError));
  }
}
