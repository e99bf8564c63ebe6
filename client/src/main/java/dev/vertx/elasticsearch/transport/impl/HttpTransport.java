package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.RequestTooLargeException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Credentials;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.NodeSelector;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@link Transport} over the Vert.x {@code HttpClient}: a {@link NodeConnector} with a connection pool per node,
 * a {@link NodePool} for selection and dead-node backoff, a {@link Sniffer}, and a {@link Call} per request for its
 * attempts, timeouts and retries. It prepares calls and owns their shared {@link CallEnvironment} and its life.
 */
public final class HttpTransport implements Transport {

  private final VertxInternal vertx;
  private final TransportOptions options;
  /** A context of the transport's own, on no verticle: its HTTP client and sniff timer must outlive any caller. */
  private final ContextInternal ownContext;
  private final NodeConnector connector;
  private final CallEnvironment env;
  private final Sniffer sniffer;
  private final RetryPolicy defaultRetry;
  private final Instrumentation ownInstrumentation;
  private Future<Void> closeFuture;

  /**
   * @param vertx the Vert.x instance
   * @param options the settings, copied
   * @throws IllegalArgumentException for invalid hosts, conflicting credentials or TLS settings
   */
  public HttpTransport(Vertx vertx, TransportOptions options) {
    this(vertx, options, null);
  }

  /**
   * @param vertx the Vert.x instance
   * @param options the settings, copied
   * @param connector the nodes' connections, or {@code null} for the Vert.x {@code HttpClient}
   * @throws IllegalArgumentException for invalid hosts, conflicting credentials or TLS settings
   */
  HttpTransport(Vertx vertx, TransportOptions options, NodeConnector connector) {
    this.vertx = (VertxInternal) vertx;
    this.options = new TransportOptions(options);
    Hosts hosts = Hosts.parse(this.options);
    NodeSelector selector = this.options.getNodeSelector() != null ? this.options.getNodeSelector()
      : NodeSelector.named(this.options.getNodeSelectorName());
    NodePool pool = new NodePool(hosts.nodes(), selector, this.options.getDeadNodeBackoffBase(),
      this.options.getDeadNodeBackoffMax());
    LearntCompatibility learnt = this.options.getCompatibilityVersion() != TransportOptions.COMPATIBILITY_AUTO ? null
      : new LearntCompatibility(vertx, hosts.nodes().stream().map(n -> n.url).toList());
    this.ownContext = this.vertx.createEventLoopContext();
    this.connector = connector != null ? connector : new HttpNodeConnector(this.vertx, ownContext, this.options);
    this.ownInstrumentation = ClientMetricsInstrumentation.create(this.vertx.metrics());
    this.env = new CallEnvironment(this.options, pool, this.connector, hosts.credentials(), learnt,
      ownInstrumentation);
    this.defaultRetry = RetryPolicy.of(this.options.getRetry());
    this.sniffer = new Sniffer(this, this.options);
    env.onNodeFailure(sniffer::onNodeFailure);
  }

  @Override
  public Future<TransportResponse> perform(TransportRequest request, CallOptions callOptions,
                                           Instrumentation instrumentation) {
    return execute(request, callOptions, instrumentation, false, Call::future);
  }

  @Override
  public Future<TransportStream> performStream(TransportRequest request, CallOptions callOptions,
                                               Instrumentation instrumentation) {
    return execute(request, callOptions, instrumentation, true, Call::streamFuture);
  }

  @Override
  public Future<TransportResponse> perform(TransportRequest request, CallOptions callOptions) {
    return perform(request, callOptions, null);
  }

  @Override
  public Future<TransportStream> performStream(TransportRequest request, CallOptions callOptions) {
    return performStream(request, callOptions, null);
  }

  private <T> Future<T> execute(TransportRequest request, CallOptions callOptions, Instrumentation instrumentation,
                                boolean streamResponse, Function<Call, Future<T>> result) {
    ContextInternal context = vertx.getOrCreateContext();
    if (env.isClosed()) {
      return context.failedFuture(new ClientClosedException("The client is closed; " + request + " was not sent",
        null, null));
    }
    request.freeze();
    Buffer body = request.body();
    if (body != null && body.length() > options.getMaxRequestSize()) {
      return context.failedFuture(new RequestTooLargeException("The body of " + request + " has " + body.length()
        + " bytes, over the maximum request size of " + options.getMaxRequestSize() + " bytes"));
    }
    int version = env.compatibilityVersion(); // read first: a version learnt meanwhile makes the call redo them
    MultiMap headers;
    try {
      headers = env.headers(request, callOptions); // refuses conflicting credentials before anything is sent
      if (body != null && options.isCompressRequests()) {
        body = GzipEncoder.gzip(body);
      }
    } catch (IllegalArgumentException | SerializationException e) {
      return context.failedFuture(e);
    }
    StreamedBody streamBody = request.bodyStream() == null ? null
      : new StreamedBody(request.bodyStream(), options.getMaxRequestSize(), options.isCompressRequests());
    RetryPolicy retry = callOptions == null ? defaultRetry : defaultRetry.with(callOptions);
    long timeout = callOptions == null || callOptions.getRequestTimeout() == null
      ? options.getRequestTimeout() : callOptions.getRequestTimeout();
    long totalTimeout = callOptions == null || callOptions.getTotalTimeout() == null
      ? options.getTotalTimeout() : callOptions.getTotalTimeout();
    AttemptPlan plan = new AttemptPlan(request.method(), request.uri(), headers, body, streamBody, timeout,
      options.getMaxResponseSize(), streamResponse);
    Call call = new Call(env, context, request, callOptions, plan, version, retry, totalTimeout, null,
      instrumentation);
    if (callOptions != null && !callOptions.getCancellations().isEmpty()) {
      callOptions.getCancellations().forEach(call::cancelledBy);
    }
    return start(context, call, result);
  }

  private <T> Future<T> start(ContextInternal context, Call call, Function<Call, Future<T>> result) {
    Future<T> future = result.apply(call);
    if (!env.register(call)) {
      call.close();
      return future;
    }
    Future<Void> ready = sniffer.ready();
    if (ready == null || ready.isComplete()) {
      // Every step of a request runs on its context, as the current one (the HTTP client's callbacks come on it),
      // also when the caller is not on a Vert.x thread.
      context.emit(call, Call::start);
    } else {
      ready.onComplete(ar -> context.runOnContext(v -> call.start()));
    }
    return future;
  }

  /** Runs one attempt against a given node, without retries: used by the sniffer. */
  Future<TransportResponse> performOn(PooledNode node, HttpMethod method, String path, long timeout) {
    ContextInternal context = vertx.getOrCreateContext();
    TransportRequest request = TransportRequest.of(method, path).freeze();
    int version = env.compatibilityVersion();
    AttemptPlan plan = new AttemptPlan(method, path, env.headers(request, null), null, null, timeout,
      options.getMaxResponseSize(), false);
    Call call = new Call(env, context, request, null, plan, version, RetryPolicy.none(), 0, node, null);
    if (!env.register(call)) {
      call.close();
    } else {
      context.emit(call, Call::start);
    }
    return call.future();
  }

  @Override
  public List<Node> nodes() {
    return env.pool().nodes();
  }

  @Override
  public Future<List<Node>> sniff() {
    ContextInternal context = vertx.getOrCreateContext();
    if (env.isClosed()) {
      return context.failedFuture(new ClientClosedException("The client is closed", null, null));
    }
    // The sniff may be shared with a running one started elsewhere: complete on this caller's context.
    PromiseInternal<List<Node>> promise = context.promise();
    sniffer.sniff().onComplete(promise);
    return promise.future();
  }

  @Override
  public synchronized Future<Void> close() {
    if (closeFuture != null) {
      return closeFuture;
    }
    sniffer.close();
    List<Future<?>> failed = new ArrayList<>();
    for (Call call : env.close()) {
      failed.add(call.future());
    }
    closeFuture = Future.join(failed).transform(ar -> connector.close()).andThen(ar -> {
      if (ownInstrumentation instanceof ClientMetricsInstrumentation metrics) {
        metrics.close();
      }
    });
    return closeFuture;
  }

  NodePool pool() {
    return env.pool();
  }

  VertxInternal vertx() {
    return vertx;
  }

  ContextInternal ownContext() {
    return ownContext;
  }

  boolean isClosed() {
    return env.isClosed();
  }
}
