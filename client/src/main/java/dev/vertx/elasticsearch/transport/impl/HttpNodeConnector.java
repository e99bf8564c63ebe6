package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.error.PoolExhaustedException;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

import java.util.concurrent.TimeoutException;

/** The nodes' connections over one Vert.x {@code HttpClient}, with a pool of connections per node. */
final class HttpNodeConnector implements NodeConnector {

  private final HttpClientAgent http;
  private final long poolWaitTimeout;
  private final int maxPoolWaitQueueSize;

  /**
   * Builds the HTTP client on a context of the transport's own: Vert.x ties a client to the close future of the
   * context it is built on, and the transport must not close behind its back when the verticle that happened to
   * create it undeploys.
   *
   * @param vertx the Vert.x instance
   * @param own the transport's own context
   * @param options the settings
   * @throws IllegalArgumentException for conflicting TLS settings or half a client certificate
   */
  HttpNodeConnector(VertxInternal vertx, ContextInternal own, TransportOptions options) {
    HttpClientOptions clientOptions = httpClientOptions(options);
    PoolOptions poolOptions = new PoolOptions().setHttp1MaxSize(options.getConnectionsPerNode())
      .setMaxWaitQueueSize(options.getMaxPoolWaitQueueSize());
    ContextInternal previous = own.beginDispatch();
    try {
      this.http = vertx.httpClientBuilder().with(clientOptions).with(poolOptions).build();
    } finally {
      own.endDispatch(previous);
    }
    this.poolWaitTimeout = options.getPoolWaitTimeout();
    this.maxPoolWaitQueueSize = options.getMaxPoolWaitQueueSize();
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
  public void open(PooledNode node, HttpMethod method, String uri, MultiMap headers, Completable<Exchange> opened) {
    RequestOptions options = new RequestOptions()
      .setMethod(method)
      .setHost(node.host)
      .setPort(node.port)
      .setSsl(node.ssl)
      .setURI(uri)
      .setHeaders(headers)
      .setConnectTimeout(poolWaitTimeout);
    http.request(options).onComplete(ar -> {
      if (ar.succeeded()) {
        opened.succeed(new HttpExchange(ar.result()));
      } else {
        opened.fail(congestionOr(ar.cause(), node));
      }
    });
  }

  /** @return local congestion, reported as such (the node is not to blame), or else the failure as it is */
  private Throwable congestionOr(Throwable cause, PooledNode node) {
    if (cause instanceof TimeoutException) {
      return new PoolExhaustedException("No pooled connection to the node within the pool wait timeout of "
        + poolWaitTimeout + " ms", node.url, cause);
    } else if (cause instanceof ConnectionPoolTooBusyException) {
      return new PoolExhaustedException("The node's connection pool has " + maxPoolWaitQueueSize
        + " requests waiting already (maxPoolWaitQueueSize)", node.url, cause);
    }
    return cause;
  }

  @Override
  public Future<Void> close() {
    return http.close();
  }

  /** One {@code HttpClientRequest}, and then its {@code HttpClientResponse}: the exchange is its own answer. */
  private static final class HttpExchange implements Exchange, Answer {

    private final HttpClientRequest request;
    private HttpClientResponse response;

    HttpExchange(HttpClientRequest request) {
      this.request = request;
    }

    @Override
    public Future<Void> end(Buffer body) {
      return body == null ? request.end() : request.end(body);
    }

    @Override
    public WriteStream<Buffer> bodyStream() {
      return request.setChunked(true);
    }

    @Override
    public void answer(Completable<Answer> answered) {
      request.response().onComplete(ar -> {
        if (ar.succeeded()) {
          response = ar.result();
          answered.succeed(this);
        } else {
          answered.fail(ar.cause());
        }
      });
    }

    @Override
    public void reset() {
      request.reset();
    }

    @Override
    public int status() {
      return response.statusCode();
    }

    @Override
    public MultiMap headers() {
      return response.headers();
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      response.exceptionHandler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      response.handler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      response.pause();
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      response.resume();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      response.fetch(amount);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      response.endHandler(endHandler);
      return this;
    }
  }
}
