package dev.vertx.elasticsearch.tracing.impl;

import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.impl.BoundedCache;
import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.TransportCall;
import dev.vertx.elasticsearch.transport.TransportRequest;
import dev.vertx.elasticsearch.transport.TransportResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.vertx.core.http.HttpMethod;

import java.net.URI;

/**
 * The OpenTelemetry database semantic conventions for Elasticsearch, shared by the spans and the metrics of API
 * calls: attribute keys and how a call's values are derived.
 */
public final class DbConventions {

  /** {@code db.system.name}, always {@value #SYSTEM}. */
  public static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
  /** The value of {@code db.system.name}. */
  public static final String SYSTEM = "elasticsearch";
  /** {@code db.operation.name}: the endpoint id, e.g. {@code search}. */
  public static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
  /** {@code db.collection.name}: the {@code index} path part. */
  public static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
  /** {@code db.namespace}: the cluster name, when the answer says it. */
  public static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
  /** {@code db.response.status_code}: the HTTP status of the answer. */
  public static final AttributeKey<String> DB_STATUS = AttributeKey.stringKey("db.response.status_code");
  /** {@code server.address}: the host of the node that answered (or failed). */
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  /** {@code server.port}: its port. */
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  /** {@code error.type}: the status of an error answer, or the exception class. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** The path part that names the collection. */
  private static final String INDEX = "index";
  /** Elastic Cloud names the cluster and the instance that handled a request in these headers. */
  private static final String CLUSTER_HEADER = "X-Found-Handling-Cluster";
  private static final String[] STATUS = new String[500];
  /** Node URLs (the cluster's nodes) seen so far; bounded all the same. */
  private static final BoundedCache<String, URI> NODE_URIS = new BoundedCache<>(1024, URI::create);

  static {
    for (int i = 0; i < STATUS.length; i++) {
      STATUS[i] = Integer.toString(100 + i);
    }
  }

  private DbConventions() {
  }

  /**
   * @param request a request
   * @return the collection of a request (its {@code index} path part), or {@code null}
   */
  public static String collection(TransportRequest request) {
    return request.pathParts().get(INDEX);
  }

  /**
   * @param status an HTTP status
   * @return the status as a string, without allocating for the usual ones
   */
  public static String status(int status) {
    return status >= 100 && status < 600 ? STATUS[status - 100] : Integer.toString(status);
  }

  /** {@code true} on the span of a call the caller cancelled (its request reset, or never sent). */
  public static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("elasticsearch.cancelled");

  /**
   * @param failure the failure of a call
   * @return the {@code error.type} of a failed call: the status of an error answer, else the exception class
   */
  public static String errorType(Throwable failure) {
    return failure instanceof ApiException ? status(((ApiException) failure).status()) : failure.getClass().getName();
  }

  /**
   * @param response an answer
   * @return the cluster name the answer carries (Elastic Cloud does), or {@code null}
   */
  public static String namespace(TransportResponse response) {
    return response.headers().get(CLUSTER_HEADER);
  }

  /**
   * @param url a node URL
   * @return the parsed node URL, cached
   */
  public static URI nodeUri(String url) {
    return NODE_URIS.get(url);
  }

  /**
   * The failure a call ended with as its caller sees it: the transport's, or the {@code ApiException} of an error
   * answer (not a HEAD's 404, nor a status the call's options ignore).
   *
   * @param call the call
   * @param response its final answer, or {@code null}
   * @param failure what failed it, or {@code null}
   * @return the failure, or {@code null} for a successful call
   */
  public static Throwable failureOf(TransportCall call, TransportResponse response, Throwable failure) {
    if (failure != null || response == null || response.status() < 300) {
      return failure;
    }
    int status = response.status();
    boolean head = call.request().method() == HttpMethod.HEAD;
    CallOptions options = call.options();
    if ((head && status == 404) || (options != null && options.getIgnoreStatus() != null
      && options.getIgnoreStatus().contains(status))) {
      return null;
    }
    return ApiException.of(status, response.body().toString(), response.node());
  }
}
