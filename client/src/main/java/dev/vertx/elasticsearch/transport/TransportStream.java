package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.error.ElasticsearchException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.List;

/**
 * An answer whose body is read as a back-pressured stream ({@link Transport#performStream}): status, headers and
 * the node come first, the body follows as it arrives. A 2xx body is never held whole; any other status comes with
 * its body read whole (bounded by {@code maxResponseSize}) and replayed by {@link #body()}.
 * <p>
 * Read the body to its end or {@link #cancel()} it: until then the connection stays busy.
 */
public interface TransportStream {

  /** @return the HTTP status */
  int status();

  /** @return the response headers */
  MultiMap headers();

  /** @return the URL of the node that answered, without credentials */
  String node();

  /** @return the {@code Warning} header values, empty when there were none */
  List<String> warnings();

  /** @return the errors of earlier attempts, oldest first */
  List<ElasticsearchException> attemptErrors();

  /** @return the number of attempts made, at least 1 */
  default int attempts() {
    return attemptErrors().size() + 1;
  }

  /**
   * The body, once. Data flows once a handler is set (or on {@code resume} / {@code fetch}); {@code pause} holds it
   * back, also on the connection. The request timeout bounds every gap in which the stream waits for data it asked
   * for (a paused stream never times out); the stream then fails with a {@code RequestTimeoutException}. A broken
   * connection fails it with a {@code ConnectionException}, closing the client with a
   * {@code ClientClosedException}. An exception handler set after the failure still gets it.
   *
   * @return the body stream
   */
  ReadStream<Buffer> body();

  /**
   * @return completes when the body was read to its end; fails when it failed or was cancelled
   */
  Future<Void> completion();

  /** Abandons the body: resets the connection if it was not read to its end; no further event is delivered. */
  void cancel();
}
