package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.ClientClosedException;
import dev.vertx.elasticsearch.error.RequestTooLargeException;
import dev.vertx.elasticsearch.error.SerializationException;
import dev.vertx.elasticsearch.transport.Credentials;
import dev.vertx.elasticsearch.transport.Node;
import dev.vertx.elasticsearch.transport.NodeSelector;
import dev.vertx.elasticsearch.transport.CallOptions;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
  private final CompatibilityMediaTypes mediaTypes;
  private static final String JSON = "application/json";
  private static final String NDJSON = "application/x-ndjson";
  private static final CharSequence CLIENT_META = HttpHeaders.createOptimized("x-elastic-client-meta");

  private final MultiMap defaultHeaders;
  /** The default headers with the JSON / NDJSON content type: shared by every request that adds no header. */
  private final MultiMap jsonHeaders;
  private final MultiMap ndjsonHeaders;
  private final CharSequence jsonContentType;
  private final CharSequence ndjsonContentType;
  /** The meta header per helper name (a handful of names). */
  private final Map<String, CharSequence> helperMeta = new ConcurrentHashMap<>();
  private final String clientMeta;
  private final RetryPolicy defaultRetry;
  private final Set<RequestExecution> pending = ConcurrentHashMap.newKeySet();
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
    this.mediaTypes = new CompatibilityMediaTypes(this.options.getCompatibilityVersion());
    this.clientMeta = ClientMeta.header();
    // Pre-encoded (ASCII) names and values: copied into every request and written to every connection as they are.
    this.defaultHeaders = HttpHeaders.headers()
      .set(HttpHeaders.USER_AGENT, HttpHeaders.createOptimized(ClientMeta.userAgent()))
      .set(HttpHeaders.ACCEPT, HttpHeaders.createOptimized(mediaTypes.apply(JSON)));
    if (this.options.isClientMeta()) {
      defaultHeaders.set(CLIENT_META, HttpHeaders.createOptimized(clientMeta));
    }
    this.jsonContentType = HttpHeaders.createOptimized(mediaTypes.apply(JSON));
    this.ndjsonContentType = HttpHeaders.createOptimized(mediaTypes.apply(NDJSON));
    this.options.getHeaders().forEach(defaultHeaders::set);
    if (credentials != null) {
      defaultHeaders.set(HttpHeaders.AUTHORIZATION, credentials.authorizationHeader());
    }
    this.jsonHeaders = HttpHeaders.headers().addAll(defaultHeaders).set(HttpHeaders.CONTENT_TYPE, jsonContentType);
    this.ndjsonHeaders = HttpHeaders.headers().addAll(defaultHeaders).set(HttpHeaders.CONTENT_TYPE, ndjsonContentType);
    this.defaultRetry = RetryPolicy.of(this.options, null);
    this.ownContext = this.vertx.createEventLoopContext();
    this.http = buildHttpClient(this.vertx, ownContext, this.options);
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
      if (o.getCaCertificatePath() != null) {
        http.setTrustOptions(new PemTrustOptions().addCertPath(o.getCaCertificatePath()));
      }
      if (o.getTrustOptions() != null) {
        http.setTrustOptions(o.getTrustOptions().copy());
      }
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
    MultiMap headers;
    Buffer body = request.body();
    if (body != null && body.length() > options.getMaxRequestSize()) {
      return context.failedFuture(new RequestTooLargeException("The body of " + request + " has " + body.length()
        + " bytes, over the maximum request size of " + options.getMaxRequestSize() + " bytes"));
    }
    StreamedBody streamBody = request.bodyStream() == null ? null
      : new StreamedBody(request.bodyStream(), options.getMaxRequestSize(), options.isCompressRequests());
    try {
      boolean compress = request.hasBody() && options.isCompressRequests();
      headers = headers(request, requestOptions, compress);
      if (compress) {
        body = body == null ? null : GzipEncoder.gzip(body);
        headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
      }
    } catch (IllegalArgumentException | SerializationException e) {
      return context.failedFuture(e);
    }
    RetryPolicy retry = requestOptions == null ? defaultRetry : RetryPolicy.of(options, requestOptions);
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
    RequestExecution execution = new RequestExecution(this, context, method, uri, HttpHeaders.headers()
      .addAll(defaultHeaders), null, true, RetryPolicy.none(), timeout, 0, node, null);
    pending.add(execution);
    context.execute(execution::start);
    return execution.future();
  }

  private MultiMap headers(TransportRequest request, CallOptions requestOptions, boolean gzip) {
    if (requestOptions == null && !gzip && request.headers().isEmpty()) {
      // The common request: the shared, never modified header sets (Vert.x copies them into each request).
      String type = request.contentType();
      if (!request.hasBody()) {
        return defaultHeaders;
      } else if (type == null || JSON.equals(type)) {
        return jsonHeaders;
      } else if (NDJSON.equals(type)) {
        return ndjsonHeaders;
      }
    }
    MultiMap headers = HttpHeaders.headers().addAll(defaultHeaders);
    for (Map.Entry<String, String> h : request.headers()) {
      headers.set(h.getKey(), compatible(h.getKey(), h.getValue()));
    }
    if (request.hasBody()) {
      String type = request.contentType() == null ? JSON : request.contentType();
      headers.set(HttpHeaders.CONTENT_TYPE, JSON.equals(type) ? jsonContentType
        : NDJSON.equals(type) ? ndjsonContentType : mediaTypes.apply(type));
    }
    if (requestOptions != null) {
      requestOptions.getHeaders().forEach((k, v) -> headers.set(k, compatible(k, v)));
      if (requestOptions.getOpaqueId() != null) {
        headers.set("x-opaque-id", requestOptions.getOpaqueId());
      }
      if (requestOptions.getCredentials() != null) {
        if (requestOptions.getHeaders().keySet().stream().anyMatch("authorization"::equalsIgnoreCase)) {
          throw new IllegalArgumentException("Credentials and an Authorization header are both set: use one");
        }
        headers.set(HttpHeaders.AUTHORIZATION, requestOptions.getCredentials().authorizationHeader());
      }
      if (requestOptions.getHelper() != null && options.isClientMeta()) {
        headers.set(CLIENT_META, helperMeta.computeIfAbsent(requestOptions.getHelper(),
          h -> HttpHeaders.createOptimized(clientMeta + ",h=" + h)));
      }
    }
    return headers;
  }

  private String compatible(String name, String value) {
    return "accept".equalsIgnoreCase(name) || "content-type".equalsIgnoreCase(name) ? mediaTypes.apply(value) : value;
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
    closeFuture = Future.join(failed).transform(ar -> http.close());
    return closeFuture;
  }

  NodePool pool() {
    return pool;
  }

  HttpClientAgent httpClient() {
    return http;
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
