package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.Context;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Elasticsearch nodes in memory, behind the transport's {@link NodeConnector} seam: each exchange follows the next
 * {@link Behaviour} scripted for its node (by default a 200 answer with the product header), on the caller's
 * context, with no socket. For unit tests of retries, dead nodes, timeouts, sniffing and streaming that run in
 * milliseconds; the integration tests keep the embedded node and the fault proxy.
 */
final class InMemoryNodes implements NodeConnector {

  /** What a node does with one exchange. */
  @FunctionalInterface
  interface Behaviour {

    /**
     * @param exchange the exchange, whose request was written whole (or never will be: see {@link Behaviour#refuse})
     */
    void handle(Exchanged exchange);

    /** @return a node that refuses the connection: the exchange is never opened */
    static Behaviour refuse() {
      return REFUSE;
    }

    /** @return a node that accepts the request and never answers */
    static Behaviour stall() {
      return exchange -> { };
    }

    /** @return a node that breaks the connection after the request was written whole */
    static Behaviour resetAfterWrite() {
      return exchange -> exchange.answer.tryFail(new java.io.IOException("Connection reset by peer"));
    }

    /**
     * @param status the status
     * @param body the JSON body
     * @return a node that answers with them and the product header
     */
    static Behaviour answer(int status, String body) {
      return exchange -> exchange.respond(status, List.of(body));
    }

    /**
     * @param chunks the body's chunks, sent as the reader asks for them
     * @return a node that answers 200 with that body
     */
    static Behaviour chunks(String... chunks) {
      return exchange -> exchange.respond(200, List.of(chunks));
    }

    /** @return a server that answers 200 but is not Elasticsearch (no product header) */
    static Behaviour notElasticsearch() {
      return exchange -> exchange.answer.tryComplete(exchange.new Streamed(200, HttpHeaders.headers(), List.of("{}")));
    }
  }

  private static final Behaviour REFUSE = exchange -> { };
  private static final Behaviour OK = Behaviour.answer(200, "{}");

  private final Vertx vertx;
  private final Map<String, Queue<Behaviour>> scripts = new ConcurrentHashMap<>();
  /** Every exchange opened, in order. */
  final List<Exchanged> exchanges = new CopyOnWriteArrayList<>();
  /** Every node whose connection was asked for, in order (also the refused ones). */
  final List<String> contacted = new CopyOnWriteArrayList<>();

  InMemoryNodes(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * @param nodeUrl the node, e.g. {@code http://a:9200}
   * @param behaviours what its next exchanges do, in order; then it answers 200
   * @return this
   */
  InMemoryNodes then(String nodeUrl, Behaviour... behaviours) {
    Queue<Behaviour> script = scripts.computeIfAbsent(nodeUrl, url -> new ConcurrentLinkedDeque<>());
    script.addAll(List.of(behaviours));
    return this;
  }

  @Override
  public void open(PooledNode node, HttpMethod method, String uri, MultiMap headers, Completable<Exchange> opened) {
    contacted.add(node.url);
    Queue<Behaviour> script = scripts.get(node.url);
    Behaviour next = script == null || script.isEmpty() ? OK : script.poll();
    if (next == REFUSE) {
      opened.fail(new ConnectException("Connection refused: " + node.url));
      return;
    }
    Exchanged exchange = new Exchanged(new Sent(node.url, method, uri, headers.copy(false)), next);
    exchanges.add(exchange);
    opened.succeed(exchange);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  /**
   * The head of a request as the node saw it.
   *
   * @param node the node's URL
   * @param method the method
   * @param uri the path and query
   * @param headers the headers
   */
  record Sent(String node, HttpMethod method, String uri, MultiMap headers) {
  }

  /**
   * The head of an answer.
   *
   * @param status the status
   * @param headers the headers
   */
  record Head(int status, MultiMap headers) {
  }

  /** One exchange: what was sent, and the answer the behaviour gives. */
  final class Exchanged implements Exchange {

    /** What was asked of the node. */
    final Sent sent;
    final Buffer body = Buffer.buffer();
    private final Behaviour behaviour;
    /** The call's context, where the node's events are delivered. */
    final Context context = vertx.getOrCreateContext();
    private final Promise<Answer> answer = Promise.promise();
    private Streamed streamed;
    volatile boolean reset;
    /** Whether the request was written whole. */
    volatile boolean written;

    private Exchanged(Sent sent, Behaviour behaviour) {
      this.sent = sent;
      this.behaviour = behaviour;
    }

    void respond(int status, List<String> chunks) {
      MultiMap answerHeaders = HttpHeaders.headers().add("X-Elastic-Product", "Elasticsearch")
        .add("content-type", "application/json");
      streamed = new Streamed(status, answerHeaders, chunks);
      answer.tryComplete(streamed);
    }

    @Override
    public Future<Void> end(Buffer requestBody) {
      if (requestBody != null) {
        body.appendBuffer(requestBody);
      }
      written = true;
      context.runOnContext(v -> behaviour.handle(this));
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> bodyStream() {
      return new WriteStream<>() {
        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
          return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
          body.appendBuffer(data);
          return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
          return Exchanged.this.end(null);
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
          return this;
        }

        @Override
        public boolean writeQueueFull() {
          return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
          return this;
        }
      };
    }

    @Override
    public void answer(Completable<Answer> answered) {
      answer.future().onComplete(answered);
    }

    @Override
    public void reset() {
      reset = true;
      answer.tryFail(new java.io.IOException("Stream reset"));
      if (streamed != null) {
        streamed.fail(new java.io.IOException("Stream reset"));
      }
    }

    /** An answer whose chunks are delivered on the context as the reader asks for them. */
    final class Streamed implements Answer {

      private final Head head;
      private final Queue<Buffer> pending = new ArrayDeque<>();
      private Handler<Buffer> handler;
      private Handler<Void> endHandler;
      private Handler<Throwable> exceptionHandler;
      private long demand = Long.MAX_VALUE;
      private boolean ended;

      Streamed(int status, MultiMap headers, List<String> chunks) {
        this.head = new Head(status, headers);
        chunks.forEach(c -> pending.add(Buffer.buffer(c)));
      }

      @Override
      public int status() {
        return head.status();
      }

      @Override
      public MultiMap headers() {
        return head.headers();
      }

      void fail(Throwable error) {
        if (!ended && exceptionHandler != null) {
          ended = true;
          exceptionHandler.handle(error);
        }
      }

      private void deliver() {
        context.runOnContext(v -> {
          while (!ended && handler != null && demand > 0 && !pending.isEmpty()) {
            if (demand != Long.MAX_VALUE) {
              demand--;
            }
            handler.handle(pending.poll());
          }
          if (!ended && pending.isEmpty() && handler != null && endHandler != null) {
            ended = true;
            endHandler.handle(null);
          }
        });
      }

      @Override
      public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
      }

      @Override
      public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        deliver();
        return this;
      }

      @Override
      public ReadStream<Buffer> pause() {
        demand = 0;
        return this;
      }

      @Override
      public ReadStream<Buffer> resume() {
        demand = Long.MAX_VALUE;
        deliver();
        return this;
      }

      @Override
      public ReadStream<Buffer> fetch(long amount) {
        demand = demand == Long.MAX_VALUE || Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
        deliver();
        return this;
      }

      @Override
      public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        deliver();
        return this;
      }
    }
  }
}
