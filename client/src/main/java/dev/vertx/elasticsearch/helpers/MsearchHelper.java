package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.helpers.impl.MsearchHelperImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Batches single searches into {@code _msearch} requests: a batch is sent when it holds {@code maxOperations}
 * searches or {@code flushInterval} ms after its first search, with up to {@code concurrency} requests in flight.
 * Each caller gets its own future; sub-responses with a status of {@code retryOnStatus} (default 429) are retried
 * with backoff, alone. Thread-safe; futures complete on the helper's context.
 */
public interface MsearchHelper {

  /**
   * Creates a helper.
   *
   * @param vertx the Vert.x instance, for timers
   * @param client the client; a view without transport retries is used
   * @param options the settings, copied
   * @return the helper
   */
  static MsearchHelper create(Vertx vertx, ElasticsearchClient client, MsearchOptions options) {
    return new MsearchHelperImpl(vertx, client, options);
  }

  /**
   * Queues a search.
   *
   * @param index the index, list or pattern to search, or {@code null} for all
   * @param body the search body
   * @return the answer; fails with the typed {@code ApiException} of the sub-response (e.g.
   *     {@code NotFoundException}, {@code BadRequestException}, {@code TooManyRequestsException} once retries are
   *     exhausted), the request's failure when the whole {@code _msearch} failed, or {@code IllegalStateException}
   *     after {@link #close()}
   */
  Future<SearchResult> search(String index, JsonObject body);

  /**
   * Queues a search with a full {@code _msearch} header ({@code index}, {@code routing}, {@code preference}...).
   *
   * @param header the header line
   * @param body the search body
   * @return the answer, failing as {@link #search(String, JsonObject)} does
   */
  Future<SearchResult> search(JsonObject header, JsonObject body);

  /**
   * Sends what is queued at once instead of waiting for the flush interval.
   *
   * @return this
   */
  MsearchHelper flush();

  /** @return {@code _msearch} requests sent so far, retries included */
  long requests();

  /**
   * Stops accepting searches, sends the queued ones and completes when all are answered. Idempotent.
   *
   * @return completes when every search is answered
   */
  Future<Void> close();
}
