package dev.vertx.elasticsearch.typed;

import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the typed tests share: the client options for the embedded node and bounded waits. */
final class TypedTesting {

  /** The longest a test waits for one future. */
  static final long WAIT_SECONDS = 30;

  private TypedTesting() {
  }

  /** @return client options for the node, with the compatibility version its major accepts */
  static ElasticsearchClientOptions options(EmbeddedElasticsearch es) {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(es.httpUrls().toArray(new String[0]));
    options.getTransport().setCompatibilityVersion(es.majorVersion());
    return options;
  }

  /** @return the value of the future, failing the test when it fails or takes longer than {@link #WAIT_SECONDS} */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("The call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException | InterruptedException e) {
      throw new AssertionError("No answer within " + WAIT_SECONDS + " s", e);
    }
  }

  /** @return the failure of the future, failing the test when it succeeds or takes longer than {@link #WAIT_SECONDS} */
  static Throwable failureOf(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("Expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException | InterruptedException e) {
      throw new AssertionError("No answer within " + WAIT_SECONDS + " s", e);
    }
  }
}
