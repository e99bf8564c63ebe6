package dev.vertx.elasticsearch.mutiny;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.SearchResponse;
import dev.vertx.elasticsearch.client.api.core.SearchRequest;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ScanOptions;
import dev.vertx.elasticsearch.mutiny.api.MutinyElasticsearchApi;
import dev.vertx.elasticsearch.mutiny.impl.MutinyCalls;
import dev.vertx.elasticsearch.mutiny.impl.ScanMulti;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Elasticsearch client as SmallRye Mutiny types, for Quarkus and smallrye-mutiny-vertx-bindings users: every
 * endpoint of the core {@link ElasticsearchClient} as a method returning a {@code Uni}, with the {@code ...AndAwait}
 * and {@code ...AndForget} forms, namespaces as in the core client ({@code client.indices().create(...)}), scans as a
 * {@code Multi} and a bulk that consumes a {@code Multi} of operations.
 * <p>
 * Every {@code Uni} and {@code Multi} is lazy: the request is sent on each subscription, from the subscriber's thread,
 * and items are delivered on the subscriber's Vert.x context, as the core futures are (on a new event-loop context
 * when subscribed off Vert.x). Failures are the core client's: {@code ApiException}s by status,
 * {@code TransportException}s, {@code IllegalArgumentException} for an incomplete request.
 * <p>
 * A thin, thread-safe view: it shares the core client's transport and is closed with it.
 */
public final class MutinyElasticsearchClient implements MutinyElasticsearchApi {

  private final ElasticsearchClient delegate;

  private MutinyElasticsearchClient(ElasticsearchClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Wraps a core client; with Quarkus, or smallrye-mutiny-vertx-bindings' {@code io.vertx.mutiny.core.Vertx},
   * create the core client on {@code vertx.getDelegate()}.
   *
   * @param client the core client, made with a Vert.x instance
   * @return the Mutiny view of it
   */
  public static MutinyElasticsearchClient create(ElasticsearchClient client) {
    return new MutinyElasticsearchClient(client);
  }

  /**
   * Creates a core client, as {@link ElasticsearchClient#create(Vertx, ElasticsearchClientOptions)} does, and wraps it.
   *
   * @param vertx the Vert.x instance ({@code getDelegate()} of a Mutiny {@code Vertx})
   * @param options the settings, copied
   * @return the client
   * @throws IllegalArgumentException for invalid hosts, conflicting credentials or TLS settings
   */
  public static MutinyElasticsearchClient create(Vertx vertx, ElasticsearchClientOptions options) {
    return new MutinyElasticsearchClient(ElasticsearchClient.create(vertx, options));
  }

  @Override
  public ElasticsearchClient getDelegate() {
    return delegate;
  }

  /**
   * A view with per-call settings that shares connections and node pool, as
   * {@link ElasticsearchClient#withOptions(CallOptions)}.
   *
   * @param options the per-call settings
   * @return the view
   */
  public MutinyElasticsearchClient withOptions(CallOptions options) {
    return new MutinyElasticsearchClient(delegate.withOptions(options));
  }

  /**
   * Searches and reads the hits as a type, as {@link ElasticsearchClient#search(SearchRequest, Class)}.
   *
   * @param request the search
   * @param type the document type
   * @param <T> the document type
   * @return a lazy {@code Uni} of the typed hits, the total and the aggregations
   */
  public <T> Uni<SearchResponse<T>> search(SearchRequest request, Class<T> type) {
    return MutinyCalls.uni(delegate, c -> c.search(request, type));
  }

  /**
   * Searches, building the request in a lambda, and reads the hits as a type.
   *
   * @param request fills a new request, on each subscription
   * @param type the document type
   * @param <T> the document type
   * @return as {@link #search(SearchRequest, Class)}
   */
  public <T> Uni<SearchResponse<T>> search(Consumer<SearchRequest> request, Class<T> type) {
    return MutinyCalls.uni(delegate, c -> c.search(request, type));
  }

  /**
   * Blocking form of {@link #search(SearchRequest, Class)}: not on an event loop or worker thread (fails with an
   * {@code IllegalStateException}); suspends on a virtual thread.
   *
   * @param request the search
   * @param type the document type
   * @param <T> the document type
   * @return the typed hits
   */
  public <T> SearchResponse<T> searchAndAwait(SearchRequest request, Class<T> type) {
    return MutinyCalls.await(search(request, type));
  }

  /** @return a lazy {@code Uni} of the cluster's basic information ({@code GET /}) */
  public Uni<ElasticsearchResponse> info() {
    return MutinyCalls.uni(delegate, ElasticsearchClient::info);
  }

  /** @return a lazy {@code Uni} of {@code true} when the cluster answers {@code HEAD /} with 2xx */
  public Uni<Boolean> ping() {
    return MutinyCalls.uni(delegate, ElasticsearchClient::ping);
  }

  /**
   * Any request, as {@link ElasticsearchClient#perform(HttpMethod, String, Map, Object)}.
   *
   * @param method the HTTP method
   * @param path the path, e.g. {@code /_cluster/health}
   * @param query the query parameters, may be {@code null}
   * @param body the body ({@code JsonObject}, {@code Buffer}, {@code String} or a POJO), may be {@code null}
   * @return a lazy {@code Uni} of the response
   */
  public Uni<ElasticsearchResponse> perform(HttpMethod method, String path, Map<String, ?> query, Object body) {
    return MutinyCalls.uni(delegate, c -> c.perform(method, path, query, body));
  }

  /**
   * Scans every hit of a query (point in time + {@code search_after} by default, or scroll), with back-pressure: a
   * page is read only as the subscriber requests hits. Cancelling the subscription frees the point in time or
   * scroll. Each subscription runs its own scan.
   *
   * @param options the scan settings
   * @return a lazy {@code Multi} of the hits as JSON; fails as {@code ScanStream} does
   */
  public Multi<JsonObject> scan(ScanOptions options) {
    Objects.requireNonNull(options, "options");
    return ScanMulti.of(() -> ElasticsearchHelpers.scan(delegate.vertx(), delegate, options));
  }

  /**
   * Scans every hit of a query, reading each {@code _source} as a type; otherwise as {@link #scan(ScanOptions)}.
   *
   * @param options the scan settings
   * @param type the document type
   * @param <T> the document type
   * @return a lazy {@code Multi} of the documents
   */
  public <T> Multi<T> scan(ScanOptions options, Class<T> type) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(type, "type");
    return ScanMulti.of(() -> ElasticsearchHelpers.scan(delegate.vertx(), delegate, options, type));
  }

  /**
   * Indexes every operation of a {@code Multi} with the bulk helper, requesting operations only as its buffer has
   * room, as {@code ElasticsearchHelpers.bulk(vertx, client, ReadStream, BulkOptions)} does.
   *
   * @param operations the operations, subscribed once per subscription to the returned {@code Uni}
   * @param options the bulk settings
   * @return a lazy {@code Uni} of the summary once every operation is accounted for (failed operations are in it);
   *     fails with the {@code Multi}'s failure, after what it delivered was accounted for
   */
  public Uni<BulkSummary> bulk(Multi<BulkOperation> operations, BulkOptions options) {
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(options, "options");
    return MutinyCalls.uni(delegate, c -> ElasticsearchHelpers.bulk(c.vertx(), c,
      ElasticsearchHelpers.stream(c.vertx().getOrCreateContext(), operations), options));
  }

  /**
   * Closes the core client (and so every view of it): pending requests fail with {@code ClientClosedException}.
   *
   * @return a lazy {@code Uni} completing when closed
   */
  public Uni<Void> close() {
    return Uni.createFrom().emitter(emitter -> delegate.close().onComplete(emitter::complete, emitter::fail));
  }
}
