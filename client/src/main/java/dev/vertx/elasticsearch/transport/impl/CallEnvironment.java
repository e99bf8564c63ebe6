package dev.vertx.elasticsearch.transport.impl;

import dev.vertx.elasticsearch.transport.CallOptions;
import dev.vertx.elasticsearch.transport.Credentials;
import dev.vertx.elasticsearch.transport.Instrumentation;
import dev.vertx.elasticsearch.transport.TransportOptions;
import dev.vertx.elasticsearch.transport.TransportRequest;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every {@link Call} of one transport shares: the nodes and their connections, the request headers at the
 * compatibility version in use, the transport's own instrumentation, the calls in flight and whether the transport
 * is closed. Thread-safe. Calls use it; it never calls into a call but to close it.
 */
final class CallEnvironment {

  /** The transport's logger, under the name users configure. */
  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

  private final TransportOptions options;
  private final NodePool pool;
  private final NodeConnector connector;
  private final Instrumentation instrumentation;
  private final Credentials credentials;
  /** What the clients of this Vert.x instance learnt about these hosts, or {@code null} when the version is set. */
  private final LearntCompatibility learnt;
  /** The headers at the compatibility version in use; replaced once when the cluster's version is learnt. */
  private volatile RequestHeaders headers;
  private final Set<Call> pending = ConcurrentHashMap.newKeySet();
  private volatile Runnable onNodeFailure = () -> { };
  private volatile boolean closed;

  /**
   * @param options the settings (not copied: the transport's own copy)
   * @param learnt the learnt compatibility version of these hosts, or {@code null} when it is set
   * @param instrumentation the transport's own instrumentation
   */
  CallEnvironment(TransportOptions options, NodePool pool, NodeConnector connector, Credentials credentials,
                  LearntCompatibility learnt, Instrumentation instrumentation) {
    this.options = options;
    this.pool = pool;
    this.connector = connector;
    this.credentials = credentials;
    this.learnt = learnt;
    this.instrumentation = instrumentation;
    int version = learnt == null ? options.getCompatibilityVersion()
      : learnt.versionOr(TransportOptions.DEFAULT_COMPATIBILITY_VERSION);
    this.headers = new RequestHeaders(options, credentials, version);
  }

  NodePool pool() {
    return pool;
  }

  NodeConnector connector() {
    return connector;
  }

  Instrumentation instrumentation() {
    return instrumentation;
  }

  boolean productCheck() {
    return options.isProductCheck();
  }

  /** @param action run after a node failed and was marked dead (sniff on failure) */
  void onNodeFailure(Runnable action) {
    this.onNodeFailure = action;
  }

  /**
   * @param request the request
   * @param callOptions the per-call settings, or {@code null}
   * @return its headers at the current compatibility version (a shared set when it adds nothing: do not modify)
   * @throws IllegalArgumentException when credentials and an {@code Authorization} header are both set
   */
  MultiMap headers(TransportRequest request, CallOptions callOptions) {
    return headers.of(request, callOptions, request.hasBody() && options.isCompressRequests());
  }

  /** @return the headers of a request without body or extra header (shared: do not modify) */
  MultiMap defaultHeaders() {
    return headers.defaults();
  }

  /** @return the compatibility version the headers carry now */
  int compatibilityVersion() {
    return headers.version();
  }

  /**
   * Learns the cluster's major version from an answer refusing the compatibility media types this client sent first
   * (a 9.x client against an 8.x cluster gets {@code 400 media_type_header_exception}), when the version is not set
   * explicitly: later requests, and a re-send of this one, carry the version the cluster accepts. The version is
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

  /** A node failed: take it out of rotation, and sniff when configured to. */
  void nodeFailed(PooledNode node) {
    pool.markDead(node);
    if (!closed) {
      onNodeFailure.run();
    }
  }

  void warnings(List<String> warnings) {
    Handler<List<String>> handler = options.getWarningHandler();
    if (handler != null) {
      try {
        handler.handle(warnings);
      } catch (RuntimeException e) {
        log.warn("The warning handler failed", e);
      }
    }
  }

  /** @return {@code false} when the transport is closed (the call must then not start) */
  boolean register(Call call) {
    pending.add(call);
    return !closed;
  }

  void finished(Call call) {
    pending.remove(call);
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Refuses new calls and fails those in flight.
   *
   * @return the calls that were in flight
   */
  List<Call> close() {
    closed = true;
    List<Call> inFlight = List.copyOf(pending);
    inFlight.forEach(Call::close);
    return inFlight;
  }
}
