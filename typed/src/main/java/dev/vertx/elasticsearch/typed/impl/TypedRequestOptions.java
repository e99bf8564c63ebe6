package dev.vertx.elasticsearch.typed.impl;

import co.elastic.clients.transport.RetryConfig;
import co.elastic.clients.transport.TransportOptions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * elasticsearch-java's {@link TransportOptions} of one typed request: the call's options (the client's or the
 * transport's) plus what elasticsearch-java does not hand to its HTTP client, the request's path parts (for the
 * span). elasticsearch-java's retries are always disabled here: the Vert.x client retries. Not to be confused with
 * the core client's per-request settings, {@code dev.vertx.elasticsearch.transport.CallOptions}.
 */
public final class TypedRequestOptions implements TransportOptions {

  private final TransportOptions options;
  private final Map<String, String> pathParts;

  /**
   * @param options the options of the call (the client's or the transport's)
   * @param pathParts the request's path parts by name, e.g. {@code index}
   */
  public TypedRequestOptions(TransportOptions options, Map<String, String> pathParts) {
    this.options = options;
    this.pathParts = pathParts;
  }

  /** @return the request's path parts by name */
  public Map<String, String> pathParts() {
    return pathParts;
  }

  @Override
  public Collection<Map.Entry<String, String>> headers() {
    return options.headers();
  }

  @Override
  public Map<String, String> queryParameters() {
    return options.queryParameters();
  }

  @Override
  public Function<List<String>, Boolean> onWarnings() {
    return options.onWarnings();
  }

  @Override
  public void updateToken(String token) {
    options.updateToken(token);
  }

  @Override
  public boolean keepResponseBodyOnException() {
    return options.keepResponseBodyOnException();
  }

  /** @return always disabled: retries are the Vert.x client's */
  @Override
  public RetryConfig retryConfig() {
    return RetryConfig.disabled();
  }

  @Override
  public Builder toBuilder() {
    return options.toBuilder();
  }
}
