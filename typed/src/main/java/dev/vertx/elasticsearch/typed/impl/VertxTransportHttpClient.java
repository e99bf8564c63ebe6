package dev.vertx.elasticsearch.typed.impl;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.EndpointCatalog;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Cancellation;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

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
 *   <li>Cancelling the future aborts the request: one not yet sent is never sent, one in flight is reset (its
 *   connection closed, never pooled half-read), and the call's span records the cancellation.</li>
 *   <li>The blocking form waits on a Vert.x virtual-thread context the way {@code Future.await()} does.</li>
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
   * Sends the request and waits for the answer, where waiting is allowed:
   * <ul>
   *   <li>on a Vert.x virtual-thread context ({@code ThreadingModel.VIRTUAL_THREAD}) it waits as
   *   {@link Future#await()} does, so that the context runs on while the thread waits (the answer completes on that
   *   context);</li>
   *   <li>on a Vert.x event loop, or running a task of a worker context (whose answer would queue behind the waiting
   *   task), it fails at once;</li>
   *   <li>on any other thread (plain threads, other virtual threads, {@code executeBlocking}) it blocks until the
   *   answer comes, bounded by the client's timeouts. Interrupting the thread cancels the request.</li>
   * </ul>
   *
   * @throws IllegalStateException when called where the thread must not wait
   */
  @Override
  public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
    throws IOException {
    Context context = Vertx.currentContext();
    if (context != null && context.threadingModel() == ThreadingModel.VIRTUAL_THREAD) {
      return awaitOnContext(endpointId, request, options);
    }
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("The blocking elasticsearch-java API would block a Vert.x event loop ("
        + endpointId + "): use ElasticsearchAsyncClient or TypedElasticsearchClient there, or deploy the verticle "
        + "with ThreadingModel.VIRTUAL_THREAD");
    }
    if (context != null && context.threadingModel() == ThreadingModel.WORKER && ((ContextInternal) context).inThread()) {
      throw new IllegalStateException("The blocking elasticsearch-java API cannot wait on the thread of a Vert.x "
        + "worker context (" + endpointId + "): its answer completes on that context, which the waiting thread holds. "
        + "Use ElasticsearchAsyncClient or TypedElasticsearchClient there, or deploy the verticle with "
        + "ThreadingModel.VIRTUAL_THREAD");
    }
    CompletableFuture<Response> future = send(endpointId, request, options, false);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for " + endpointId);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /**
   * Waits on a Vert.x virtual thread: the answer is a Vert.x future completed on the thread's context, which runs
   * other tasks while this one is suspended. Interrupting the thread cancels the request.
   */
  private Response awaitOnContext(String endpointId, Request request, TransportOptions options) throws IOException {
    Cancellation cancellation = Cancellation.create();
    Future<Response> answer = perform(endpointId, request, options, cancellation);
    try {
      return answer.await();
    } catch (Throwable e) {
      // await() rethrows the failure as it is, checked ones included (elasticsearch-java's TransportException)
      if (e instanceof InterruptedException) {
        cancellation.cancel();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while waiting for " + endpointId);
      }
      throw rethrow(e);
    }
  }

  private static RuntimeException rethrow(Throwable cause) throws IOException {
    if (cause instanceof IOException) {
      throw (IOException) cause;
    } else if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    } else if (cause instanceof Error) {
      throw (Error) cause;
    }
    throw new IOException(cause);
  }

  /**
   * Sends the request. Cancelling the returned future (either way: {@code cancel(true)} and {@code cancel(false)}
   * alike) aborts the request: one not yet sent is never sent, one in flight is reset, its span says it was
   * cancelled.
   */
  @Override
  public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                         TransportOptions options) {
    return send(endpointId, request, options, true);
  }

  private CompletableFuture<Response> send(String endpointId, Request request, TransportOptions options,
                                           boolean mayDecodeOnWorker) {
    Cancellation cancellation = Cancellation.create();
    CompletableFuture<Response> result = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
          cancellation.cancel();
        }
        return cancelled;
      }
    };
    Future<Response> answer;
    try {
      answer = perform(endpointId, request, options, cancellation);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    answer.onComplete(ar -> complete(result, ar, mayDecodeOnWorker));
    return result;
  }

  /**
   * Sends the request through the client.
   *
   * @return the answer, on the caller's context; error statuses as responses, failures to get an answer as the
   *     client's errors
   * @throws RuntimeException when the request cannot be built
   */
  private Future<Response> perform(String endpointId, Request request, TransportOptions options,
                                   Cancellation cancellation) {
    TransportRequest transportRequest = TransportRequests.of(endpointId, request, options);
    transportRequest.idempotent(EndpointCatalog.idempotent(transportRequest.method(), transportRequest.path()));
    // the cancellation belongs to this call: a view of the client with it, not the request
    ElasticsearchClient view = client.withOptions(new CallOptions().setCancellation(cancellation));
    return view.perform(transportRequest).transform(ar -> {
      VertxHttpResponse response;
      if (ar.succeeded()) {
        response = VertxHttpResponse.of(ar.result());
      } else if (ar.cause() instanceof ApiException) {
        response = VertxHttpResponse.of((ApiException) ar.cause());
      } else {
        return Future.failedFuture(ar.cause());
      }
      Function<List<String>, Boolean> onWarnings = options == null ? null : options.onWarnings();
      if (onWarnings != null) {
        List<String> warnings = response.warnings();
        if (!warnings.isEmpty() && Boolean.TRUE.equals(onWarnings.apply(warnings))) {
          return Future.failedFuture(new co.elastic.clients.transport.TransportException(response,
            "The request was failed by the warnings handler: " + warnings, endpointId));
        }
      }
      return Future.succeededFuture(response);
    });
  }

  private void complete(CompletableFuture<Response> result, AsyncResult<Response> ar, boolean mayDecodeOnWorker) {
    if (result.isDone()) {
      return; // cancelled: nobody waits for the answer
    }
    if (ar.failed()) {
      result.completeExceptionally(ar.cause());
      return;
    }
    Response response = ar.result();
    Context context = Vertx.currentContext();
    if (mayDecodeOnWorker && workerDecodeThreshold >= 0 && ((VertxHttpResponse) response).bodySize()
      >= workerDecodeThreshold && context != null) {
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
