package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.RequestTooLargeException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Credentials;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.NodeSelector;
import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import dev.vertx.elasticsearch.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.TrustOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link Transport} over the Vert.x {@code HttpClient}: one client with a connection pool per node, a
 * {@link NodePool} for selection and dead-node backoff, a {@link Sniffer}, and a {@link RequestExecution} per
 * request for attempts, timeouts and retries.
 */
public final class HttpTransport implements Transport {

  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

  private final VertxInternal vertx;
  private final TransportOptions options;
  /** A context of the transport's own, on no verticle: its HTTP client and sniff timer must outlive any caller. */
  private final ContextInternal ownContext;
  private final HttpClientAgent http;
  private final NodePool pool;
  private final Sniffer sniffer;
  private final Credentials credentials;
  /** The headers at the compatibility version in use; replaced once when the cluster's version is learnt. */
  private volatile RequestHeaders headers;
  /** What the clients of this Vert.x instance learnt about these hosts, or {@code null} when the version is set. */
  private final LearntCompatibility learnt;
  private final RetryPolicy defaultRetry;
  private final Set<RequestExecution> pending = ConcurrentHashMap.newKeySet();
  /** Reports attempts to the Vert.x metrics SPI, or {@code null} when Vert.x has no metrics. */
  private final AttemptObserver attemptObserver;
  private volatile boolean closed;
  private volatile Future<Void> closeFuture;

  /**
   * @param vertx the Vert.x instance
   * @param options the settings, copied
   * @throws IllegalArgumentException for invalid hosts, conflicting credentials or TLS settings
   */
  public HttpTransport(Vertx vertx, TransportOptions options) {
    this.vertx = (VertxInternal) vertx;
    this.options = new TransportOptions(options);
    List<PooledNode> nodes = new ArrayList<>();
    String userInfo = null;
    for (String host : this.options.getHosts()) {
      PooledNode.Configured configured = PooledNode.parse(host);
      if (nodes.stream().anyMatch(n -> n.url.equals(configured.node.url))) {
        throw new IllegalArgumentException("Host '" + configured.node.url + "' is configured twice");
      }
      nodes.add(configured.node);
      if (configured.userInfo != null) {
        if (userInfo != null && !userInfo.equals(configured.userInfo)) {
          throw new IllegalArgumentException("The hosts carry different user info: use one set of credentials");
        }
        userInfo = configured.userInfo;
      }
    }
    Credentials credentials = this.options.getCredentials();
    if (userInfo != null) {
      if (credentials != null) {
        throw new IllegalArgumentException("Credentials are set both in a host URL and in the options: use one");
      }
      int colon = userInfo.indexOf(':');
      credentials = colon < 0 ? Credentials.basic(userInfo, "")
        : Credentials.basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }
    boolean authHeader = this.options.getHeaders().keySet().stream().anyMatch("authorization"::equalsIgnoreCase);
    if (credentials != null && authHeader) {
      throw new IllegalArgumentException("Credentials and an Authorization header are both set: use one");
    }
    NodeSelector selector = this.options.getNodeSelector() != null ? this.options.getNodeSelector()
      : NodeSelector.named(this.options.getNodeSelectorName());
    this.pool = new NodePool(nodes, selector, this.options.getDeadNodeBackoffBase(),
      this.options.getDeadNodeBackoffMax());
    this.credentials = credentials;
    int compatibility = this.options.getCompatibilityVersion();
    this.learnt = compatibility != TransportOptions.COMPATIBILITY_AUTO ? null
      : new LearntCompatibility(vertx, nodes.stream().map(n -> n.url).toList());
    this.headers = new RequestHeaders(this.options, credentials, learnt == null ? compatibility
      : learnt.versionOr(TransportOptions.DEFAULT_COMPATIBILITY_VERSION));
    this.defaultRetry = RetryPolicy.of(this.options.getRetry());
    this.ownContext = this.vertx.createEventLoopContext();
    this.http = buildHttpClient(this.vertx, ownContext, this.options);
    this.attemptObserver = ClientMetricsObserver.create(this.vertx.metrics(), null);
    this.sniffer = new Sniffer(this, this.options);
  }

  /**
   * Builds the HTTP client on a context of the transport's own: Vert.x ties a client to the close future of the
   * context it is built on, and the transport must not close behind its back when the verticle that happened to
   * create it undeploys (the client handles bound to that verticle release the transport instead).
   */
  private static HttpClientAgent buildHttpClient(VertxInternal vertx, ContextInternal own, TransportOptions options) {
    HttpClientOptions clientOptions = httpClientOptions(options);
    PoolOptions poolOptions = new PoolOptions().setHttp1MaxSize(options.getConnectionsPerNode())
      .setMaxWaitQueueSize(options.getMaxPoolWaitQueueSize());
    ContextInternal previous = own.beginDispatch();
    try {
      return vertx.httpClientBuilder().with(clientOptions).with(poolOptions).build();
    } finally {
      own.endDispatch(previous);
    }
  }

  private static HttpClientOptions httpClientOptions(TransportOptions o) {
    HttpClientOptions http = new HttpClientOptions()
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, o.getConnectTimeout()))
      .setKeepAlive(o.isKeepAlive())
      .setKeepAliveTimeout(o.getKeepAliveTimeout())
      .setDecompressionSupported(o.isAcceptCompressedResponses())
      .setTcpNoDelay(true)
      .setName("elasticsearch");
    ConnectionSettings.checkExclusive(o);
    if (o.getCertificateFingerprint() != null) {
      http.setTrustOptions(new FingerprintTrustManager(o.getCertificateFingerprint()).asTrustOptions());
      http.setVerifyHost(false);
    } else if (!o.isVerifyCertificates()) {
      http.setTrustAll(true);
      http.setVerifyHost(false);
    } else {
      http.setVerifyHost(true);
      TrustOptions trust = null;
      if (o.getCaCertificatePath() != null) {
        trust = new PemTrustOptions().addCertPath(o.getCaCertificatePath());
      }
      if (o.getTrustOptions() != null) {
        trust = o.getTrustOptions().copy();
      }
      // the same trust, with refusals that say whether the certificate is not trusted or for another host name
      http.setTrustOptions(new ExplainingTrustOptions(trust));
    }
    if (o.getClientCertificatePath() != null || o.getClientKeyPath() != null) {
      if (o.getClientCertificatePath() == null || o.getClientKeyPath() == null) {
        throw new IllegalArgumentException("A client certificate needs both clientCertificatePath and clientKeyPath");
      }
      http.setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(o.getClientCertificatePath())
        .setKeyPath(o.getClientKeyPath()));
    }
    if (o.getKeyCertOptions() != null) {
      http.setKeyCertOptions(o.getKeyCertOptions().copy());
    }
    if (o.getProxyOptions() != null) {
      http.setProxyOptions(new ProxyOptions(o.getProxyOptions()));
    }
    return http;
  }

  @Override
  public Future<TransportResponse> perform(TransportRequest request, CallOptions requestOptions) {
    return execute(request, requestOptions, false, RequestExecution::future);
  }

  @Override
  public Future<TransportStream> performStream(TransportRequest request, CallOptions requestOptions) {
    return execute(request, requestOptions, true, RequestExecution::streamFuture);
  }

  private <T> Future<T> execute(TransportRequest request, CallOptions requestOptions, boolean streamResponse,
                                Function<RequestExecution, Future<T>> result) {
    ContextInternal context = vertx.getOrCreateContext();
    if (closed) {
      return context.failedFuture(new ClientClosedException("The client is closed; " + request + " was not sent",
        null, null));
    }
    Buffer body = request.body();
    if (body != null && body.length() > options.getMaxRequestSize()) {
      return context.failedFuture(new RequestTooLargeException("The body of " + request + " has " + body.length()
        + " bytes, over the maximum request size of " + options.getMaxRequestSize() + " bytes"));
    }
    StreamedBody streamBody = request.bodyStream() == null ? null
      : new StreamedBody(request.bodyStream(), options.getMaxRequestSize(), options.isCompressRequests());
    boolean compress = request.hasBody() && options.isCompressRequests();
    Supplier<MultiMap> headers = () -> this.headers.of(request, requestOptions, compress);
    try {
      headers.get(); // refuses conflicting credentials before anything is sent
      if (compress && body != null) {
        body = GzipEncoder.gzip(body);
      }
    } catch (IllegalArgumentException | SerializationException e) {
      return context.failedFuture(e);
    }
    RetryPolicy retry = requestOptions == null ? defaultRetry : defaultRetry.with(requestOptions);
    long timeout = requestOptions == null || requestOptions.getRequestTimeout() == null
      ? options.getRequestTimeout() : requestOptions.getRequestTimeout();
    long totalTimeout = requestOptions == null || requestOptions.getTotalTimeout() == null
      ? options.getTotalTimeout() : requestOptions.getTotalTimeout();
    RequestExecution execution = new RequestExecution(this, context, request.method(), request.uri(), headers, body,
      request.idempotent(), retry, timeout, totalTimeout, null, request.attemptListener());
    if (streamBody != null) {
      execution.streamBody(streamBody);
    }
    if (streamResponse) {
      execution.streamResponse();
    }
    if (requestOptions != null && requestOptions.getCancellation() != null) {
      execution.cancelledBy(requestOptions.getCancellation());
    }
    if (request.cancellation() != null) {
      execution.cancelledBy(request.cancellation());
    }
    pending.add(execution);
    if (closed) {
      execution.close();
      return result.apply(execution);
    }
    Future<Void> ready = sniffer.ready();
    if (ready == null || ready.isComplete()) {
      // Every step of a request runs on its context, also when the caller is not on a Vert.x thread.
      context.execute(execution::start);
    } else {
      ready.onComplete(ar -> context.runOnContext(v -> execution.start()));
    }
    return result.apply(execution);
  }

  /** Runs one attempt against a given node, without retries: used by the sniffer. */
  Future<TransportResponse> performOn(PooledNode node, HttpMethod method, String uri, long timeout) {
    ContextInternal context = vertx.getOrCreateContext();
    RequestExecution execution = new RequestExecution(this, context, method, uri, () -> headers.defaults(), null,
      true, RetryPolicy.none(), timeout, 0, node, null);
    pending.add(execution);
    context.execute(execution::start);
    return execution.future();
  }

  /**
   * Learns the cluster's major version from an answer refusing the compatibility media types this client sent first
   * (a 9.x client against an 8.x cluster gets {@code 400 media_type_header_exception}), when the version is not set
   * explicitly: later requests, and a retry of this one, carry the version the cluster accepts. The version is
   * remembered for these hosts in this Vert.x instance, so that the clients created later start with it; the refusal
   * is logged once per host set and Vert.x instance.
   *
   * @param sent the version the refused request carried
   * @param status the answer's status
   * @param body the answer
   * @return whether the request should be sent again with the current headers
   */
  boolean learnCompatibility(int sent, int status, Buffer body) {
    if (learnt == null || status != 400 || !body.toString().contains("media_type_header_exception")) {
      return false;
    }
    synchronized (this) {
      if (headers.version() == sent) {
        int accepted = CompatibilityMediaTypes.acceptedVersion(body.toString(), sent);
        if (accepted == sent) {
          return false;
        }
        if (learnt.remember(accepted)) {
          log.info("The cluster at " + learnt.hostSet() + " refused compatible-with=" + sent
            + ": using compatible-with=" + accepted + " for these hosts in this Vert.x instance");
        }
        headers = new RequestHeaders(options, credentials, accepted);
      }
    }
    return true;
  }

  /** @return the compatibility version the headers carry now */
  int compatibilityVersion() {
    return headers.version();
  }

  @Override
  public List<Node> nodes() {
    return pool.nodes();
  }

  @Override
  public Future<List<Node>> sniff() {
    ContextInternal context = vertx.getOrCreateContext();
    if (closed) {
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
    closed = true;
    sniffer.close();
    List<Future<?>> failed = new ArrayList<>();
    for (RequestExecution execution : pending) {
      failed.add(execution.future());
      execution.close();
    }
    closeFuture = Future.join(failed).transform(ar -> http.close()).andThen(ar -> {
      if (attemptObserver != null) {
        attemptObserver.close();
      }
    });
    return closeFuture;
  }

  NodePool pool() {
    return pool;
  }

  HttpClientAgent httpClient() {
    return http;
  }

  /** @return what sees every attempt, or {@code null} */
  AttemptObserver attemptObserver() {
    return attemptObserver;
  }

  VertxInternal vertx() {
    return vertx;
  }

  ContextInternal ownContext() {
    return ownContext;
  }

  boolean isClosed() {
    return closed;
  }

  long poolWaitTimeout() {
    return options.getPoolWaitTimeout();
  }

  int maxPoolWaitQueueSize() {
    return options.getMaxPoolWaitQueueSize();
  }

  long maxResponseSize() {
    return options.getMaxResponseSize();
  }

  boolean productCheck() {
    return options.isProductCheck();
  }

  void finished(RequestExecution execution) {
    pending.remove(execution);
  }

  /** A node failed: take it out of rotation, and sniff when configured to. */
  void onNodeFailure(PooledNode node) {
    pool.markDead(node);
    if (!closed) {
      sniffer.onNodeFailure();
    }
  }

  void onWarnings(List<String> warnings) {
    Handler<List<String>> handler = options.getWarningHandler();
    if (handler != null) {
      try {
        handler.handle(warnings);
      } catch (RuntimeException e) {
        log.warn("The warning handler failed", e);
      }
    }
  }
}
