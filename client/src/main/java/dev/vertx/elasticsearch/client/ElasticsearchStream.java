package dev.vertx.elasticsearch.client;

import dev.vertx.elasticsearch.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.List;

/**
 * An answer of Elasticsearch read as a stream ({@link ElasticsearchClient#performStream}): status, headers and node
 * first, then the body as a back-pressured {@link ReadStream} of bytes, never held whole. Pipe it anywhere
 * ({@code stream.body().pipeTo(file)}, an HTTP server response...), parse it as it comes, or {@link #cancel()} it.
 * Read it to its end or cancel it: until then its connection stays busy.
 */
public final class ElasticsearchStream {

  private final TransportStream stream;

  /** @param stream the transport's streamed answer */
  public ElasticsearchStream(TransportStream stream) {
    this.stream = stream;
  }

  /** @return the HTTP status (2xx, or one the call was told to ignore) */
  public int status() {
    return stream.status();
  }

  /** @return the response headers */
  public MultiMap headers() {
    return stream.headers();
  }

  /** @return the {@code Warning} headers (deprecations), empty when none */
  public List<String> warnings() {
    return stream.warnings();
  }

  /** @return the URL of the node that answered, without credentials */
  public String node() {
    return stream.node();
  }

  /** @return how many attempts the request took */
  public int attempts() {
    return stream.attempts();
  }

  /**
   * The body, once. Data flows once a handler is set; {@code pause} / {@code fetch} hold it back down to the
   * connection. The request timeout bounds every gap in which the stream waits for data it asked for (not the whole
   * body, and never while paused): the stream then fails with a {@code RequestTimeoutException}; a broken connection
   * fails it with a {@code ConnectionException}.
   *
   * @return the body stream
   */
  public ReadStream<Buffer> body() {
    return stream.body();
  }

  /** @return completes when the body was read to its end; fails when it failed or was cancelled */
  public Future<Void> completion() {
    return stream.completion();
  }

  /** Abandons the body; the connection is reset unless the body was read to its end. */
  public void cancel() {
    stream.cancel();
  }

  /** @return the transport's streamed answer */
  public TransportStream transportStream() {
    return stream;
  }

  @Override
  public String toString() {
    return "ElasticsearchStream{status=" + status() + ", node=" + node() + "}";
  }
}
