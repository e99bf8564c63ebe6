package dev.vertx.elasticsearch.example;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * Guards the write endpoints. With keys configured, a write needs {@code Authorization: ApiKey <key>} with one of
 * them (401 otherwise), wherever it comes from. With no key configured, writes are accepted from this machine's
 * loopback interface only (403 otherwise, with how to enable writes), as told by {@link CallerAddress}. Reads are
 * never guarded.
 */
final class WriteAccess implements Handler<RoutingContext> {

  /** What the guard decided for one request. */
  enum Decision {
    /** A configured key was presented. */
    KEY_ACCEPTED,
    /** No key is configured and the caller is on the loopback interface. */
    LOCAL_WITHOUT_KEYS,
    /** Keys are configured and the request has none (or another scheme than {@code ApiKey}). */
    KEY_MISSING,
    /** Keys are configured and the request's key is not one of them (wrong, or revoked). */
    KEY_REFUSED,
    /** No key is configured and the caller is not on the loopback interface (or cannot be told). */
    REMOTE_WITHOUT_KEYS;

    /** @return whether the request may go on */
    boolean allowed() {
      return this == KEY_ACCEPTED || this == LOCAL_WITHOUT_KEYS;
    }
  }

  static final String SCHEME = "ApiKey ";

  private final boolean keysRequired;
  private final ApiKeys keys;
  private final CallerAddress callers;
  private final Function<HttpServerRequest, SocketAddress> peers;

  /**
   * @param keysRequired whether keys are configured ({@link ServiceConfig#keysRequired()})
   * @param keys the accepted keys
   * @param callers tells where a caller is
   * @param peers the connection's remote address of a request (tests simulate callers elsewhere with it)
   */
  WriteAccess(boolean keysRequired, ApiKeys keys, CallerAddress callers,
              Function<HttpServerRequest, SocketAddress> peers) {
    this.keysRequired = keysRequired;
    this.keys = keys;
    this.callers = callers;
    this.peers = peers;
  }

  /** @return the connection's peer: never a forwarded address, whatever the router's forwarding settings */
  static SocketAddress connectionPeer(HttpServerRequest request) {
    return request.connection().remoteAddress();
  }

  /**
   * @param peer the connection's remote address
   * @param headers the request's headers
   * @return whether and why the request may write
   */
  Decision decide(SocketAddress peer, MultiMap headers) {
    if (!keysRequired) {
      return callers.origin(peer, headers) == CallerAddress.Origin.LOOPBACK ? Decision.LOCAL_WITHOUT_KEYS
        : Decision.REMOTE_WITHOUT_KEYS;
    }
    String header = headers.get(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.startsWith(SCHEME)) {
      return Decision.KEY_MISSING;
    }
    return keys.accepts(header.substring(SCHEME.length())) ? Decision.KEY_ACCEPTED : Decision.KEY_REFUSED;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Decision decision = decide(peers.apply(ctx.request()), ctx.request().headers());
    switch (decision) {
      case KEY_ACCEPTED, LOCAL_WITHOUT_KEYS -> ctx.next();
      case KEY_MISSING -> {
        ctx.response().putHeader("WWW-Authenticate", "ApiKey");
        ErrorResponses.send(ctx, 401, "unauthorized", "This endpoint needs 'Authorization: ApiKey <key>'");
      }
      case KEY_REFUSED -> {
        ctx.response().putHeader("WWW-Authenticate", "ApiKey");
        ErrorResponses.send(ctx, 401, "unauthorized", "The API key is not accepted (wrong or revoked)");
      }
      case REMOTE_WITHOUT_KEYS -> ErrorResponses.send(ctx, 403, "writes_local_only", "No API key is configured, so"
        + " this service accepts writes only from its own machine (loopback). To write from elsewhere, start it with"
        + " SERVICE_API_KEY=<key> (or SERVICE_API_KEYS_FILE=<file with one key a line>) and send"
        + " 'Authorization: ApiKey <key>'");
    }
  }
}
