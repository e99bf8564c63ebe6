package dev.vertx.elasticsearch.typed.impl;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchResponse;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * elasticsearch-java's HTTP client SPI over the Vert.x {@link ElasticsearchClient}: node pool, retries, sniffing,
 * compatibility headers, product check, auth, TLS and the span of the call are the client's.
 * <ul>
 *   <li>Error statuses come back as responses, so that elasticsearch-java decodes its typed errors; failures to get
 *   an answer fail the future with the client's {@code TransportException}s.</li>
 *   <li>The future completes on the request's Vert.x context; an answer of at least {@code workerDecodeThreshold}
 *   bytes completes it on a worker thread instead, since elasticsearch-java decodes the response on the thread that
 *   completes it.</li>
 *   <li>Cancelling the future drops the answer; the request itself runs to its end (the client cannot abort one).</li>
 *   <li>The node argument is ignored: the client's node pool picks the node.</li>
 * </ul>
 */
public final class VertxTransportHttpClient implements TransportHttpClient {

  private final ElasticsearchClient client;
  private final int workerDecodeThreshold;

  /**
   * @param client the Vert.x client every request goes through
   * @param workerDecodeThreshold the body size in bytes from which answers are decoded on a worker thread, or
   *     {@code -1} to decode every answer where it arrives
   */
  public VertxTransportHttpClient(ElasticsearchClient client, int workerDecodeThreshold) {
    this.client = client;
    this.workerDecodeThreshold = workerDecodeThreshold;
  }

  /** @return the Vert.x client under this one */
  public ElasticsearchClient client() {
    return client;
  }

  /**
   * Sends the request and waits for the answer. For threads that may block only: it fails on an event loop.
   *
   * @throws IllegalStateException when called on a Vert.x event-loop thread
   */
  @Override
  public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
    throws IOException {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("The blocking elasticsearch-java API would block a Vert.x event loop ("
        + endpointId + "): use ElasticsearchAsyncClient or TypedElasticsearchClient there");
    }
    CompletableFuture<Response> future = send(endpointId, request, options, false);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for " + endpointId);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      } else if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      } else if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IOException(cause);
    }
  }

  @Override
  public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                         TransportOptions options) {
    return send(endpointId, request, options, true);
  }

  private CompletableFuture<Response> send(String endpointId, Request request, TransportOptions options,
                                           boolean mayDecodeOnWorker) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    TransportRequest transportRequest;
    try {
      transportRequest = TransportRequests.of(endpointId, request, options);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    transportRequest.idempotent(RetrySafety.retrySafe(transportRequest.method(), transportRequest.path()));
    client.perform(transportRequest).onComplete(ar -> complete(result, ar, endpointId, options, mayDecodeOnWorker));
    return result;
  }

  private void complete(CompletableFuture<Response> result, AsyncResult<ElasticsearchResponse> ar, String endpointId,
                        TransportOptions options, boolean mayDecodeOnWorker) {
    if (result.isDone()) {
      return; // cancelled: nobody waits for the answer
    }
    VertxHttpResponse response;
    if (ar.succeeded()) {
      response = VertxHttpResponse.of(ar.result());
    } else if (ar.cause() instanceof ApiException) {
      response = VertxHttpResponse.of((ApiException) ar.cause());
    } else {
      result.completeExceptionally(ar.cause());
      return;
    }
    Function<List<String>, Boolean> onWarnings = options == null ? null : options.onWarnings();
    if (onWarnings != null) {
      List<String> warnings = response.warnings();
      if (!warnings.isEmpty() && Boolean.TRUE.equals(onWarnings.apply(warnings))) {
        result.completeExceptionally(new co.elastic.clients.transport.TransportException(response,
          "The request was failed by the warnings handler: " + warnings, endpointId));
        return;
      }
    }
    Context context = Vertx.currentContext();
    if (mayDecodeOnWorker && workerDecodeThreshold >= 0 && response.bodySize() >= workerDecodeThreshold
      && context != null) {
      // elasticsearch-java decodes in the completion of this future: a big answer would hold the event loop.
      context.executeBlocking(() -> result.complete(response), false)
        .onFailure(err -> result.complete(response));
    } else {
      result.complete(response);
    }
  }

  @Override
  public Integer responseStatusCode(Throwable exception) {
    return exception instanceof ApiException ? ((ApiException) exception).status() : null;
  }

  /** Does nothing: the Vert.x client belongs to whoever created it, who closes it. */
  @Override
  public void close() {
  }
}
