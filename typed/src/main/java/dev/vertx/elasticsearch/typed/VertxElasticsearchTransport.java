package dev.vertx.elasticsearch.typed;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.DefaultTransportOptions;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.Endpoint;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.typed.impl.TypedRequestOptions;
import dev.vertx.elasticsearch.typed.impl.VertxTransportHttpClient;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * elasticsearch-java's transport over the Vert.x {@link ElasticsearchClient}: run elasticsearch-java's typed clients
 * (requests, Query DSL, responses, typed errors) on the Vert.x event loop with this project's node pool, retries,
 * sniffing, compatibility headers, product check, auth, TLS and tracing.
 *
 * <pre>{@code
 * ElasticsearchAsyncClient typed = new ElasticsearchAsyncClient(VertxElasticsearchTransport.create(client));
 * typed.search(s -> s.index("books").query(q -> q.match(m -> m.field("title").query("vert.x"))), Book.class);
 * }</pre>
 * <p>
 * For Vert.x {@code Future}s completed on the caller's context, use {@link TypedElasticsearchClient}.
 * <ul>
 *   <li>Every call is one request of the client, with one CLIENT span named after the endpoint; elasticsearch-java's
 *   own retries and instrumentation are off.</li>
 *   <li>Error statuses become elasticsearch-java's {@code ElasticsearchException} (or its {@code TransportException}
 *   when the body is not an error document); failures to get an answer are the client's
 *   {@code dev.vertx.elasticsearch.error.TransportException}s (connection, timeout, TLS, closed client...).</li>
 *   <li>Futures complete on the Vert.x context of the request, or on a worker thread for big answers (see
 *   {@link VertxElasticsearchTransportOptions#setWorkerDecodeThreshold(int)}).</li>
 *   <li>The blocking {@code ElasticsearchClient} of elasticsearch-java works where a thread may wait: on a Vert.x
 *   virtual-thread context it waits the way {@code Future.await()} does (the context runs on meanwhile); plain threads
 *   and {@code executeBlocking} block. On an event loop or the thread of a worker context it fails at once with an
 *   {@link IllegalStateException}.</li>
 *   <li>Cancelling a call's {@code CompletableFuture} aborts its request (reset in flight, never sent if not yet);
 *   a {@code Cancellation} token on the client's call options cancels calls too.</li>
 * </ul>
 * Closing the transport does not close the Vert.x client: its owner does.
 */
public final class VertxElasticsearchTransport implements ElasticsearchTransport {

  private final VertxTransportHttpClient http;
  private final Core core;

  private VertxElasticsearchTransport(VertxTransportHttpClient http, TransportOptions options, JsonpMapper mapper) {
    this.http = http;
    this.core = new Core(http, options == null ? DefaultTransportOptions.EMPTY : options, mapper);
  }

  /**
   * @param client the Vert.x client every request goes through
   * @return a transport with a new {@code JacksonJsonpMapper}
   */
  public static VertxElasticsearchTransport create(ElasticsearchClient client) {
    return create(client, new VertxElasticsearchTransportOptions());
  }

  /**
   * @param client the Vert.x client every request goes through
   * @param mapper the mapper of requests, responses and documents
   * @return the transport
   */
  public static VertxElasticsearchTransport create(ElasticsearchClient client, JsonpMapper mapper) {
    return create(client, new VertxElasticsearchTransportOptions().setJsonpMapper(Objects.requireNonNull(mapper,
      "mapper")));
  }

  /**
   * @param client the Vert.x client every request goes through
   * @param options the mapper, default call options and when to decode on a worker thread
   * @return the transport
   */
  public static VertxElasticsearchTransport create(ElasticsearchClient client,
                                                   VertxElasticsearchTransportOptions options) {
    Objects.requireNonNull(client, "client");
    JsonpMapper mapper = options.getJsonpMapper() != null ? options.getJsonpMapper() : new JacksonJsonpMapper();
    return new VertxElasticsearchTransport(new VertxTransportHttpClient(client, options.getWorkerDecodeThreshold()),
      options.getTransportOptions(), mapper);
  }

  /** @return the Vert.x client under this transport */
  public ElasticsearchClient client() {
    return http.client();
  }

  @Override
  public <RequestT, ResponseT, ErrorT> ResponseT performRequest(RequestT request,
                                                                Endpoint<RequestT, ResponseT, ErrorT> endpoint,
                                                                TransportOptions options) throws IOException {
    return core.performRequest(request, endpoint, requestOptions(request, endpoint, options));
  }

  @Override
  public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(
    RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
    return core.performRequestAsync(request, endpoint, requestOptions(request, endpoint, options));
  }

  private <RequestT> TypedRequestOptions requestOptions(RequestT request, Endpoint<RequestT, ?, ?> endpoint,
                                             TransportOptions options) {
    return new TypedRequestOptions(options == null ? core.options() : options, endpoint.pathParameters(request));
  }

  @Override
  public JsonpMapper jsonpMapper() {
    return core.jsonpMapper();
  }

  @Override
  public TransportOptions options() {
    return core.options();
  }

  /**
   * @param options the default options of every call of the new transport
   * @return a transport over the same client and mapper with other default options
   */
  @Override
  public VertxElasticsearchTransport withOptions(TransportOptions options) {
    return new VertxElasticsearchTransport(http, options, core.jsonpMapper());
  }

  /** Does nothing: the Vert.x client stays open; close it where it was created. */
  @Override
  public void close() {
  }

  /** elasticsearch-java's serialisation, error decoding and product check, without its instrumentation. */
  private static final class Core extends ElasticsearchTransportBase {
    Core(VertxTransportHttpClient http, TransportOptions options, JsonpMapper mapper) {
      super(http, options, mapper, NoopInstrumentation.INSTANCE);
    }
  }
}
