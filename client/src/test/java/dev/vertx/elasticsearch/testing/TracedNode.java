package dev.vertx.elasticsearch.testing;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.tracing.TracingPolicy;

import java.util.Set;
import java.util.UUID;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A traced client of the embedded node on a Vert.x instance of its own, and the name of an index for the test, deleted
 * when closed: what the integration tests of the facades (Mutiny, RxJava) wrap their client around.
 */
public final class TracedNode implements ClosedAfterEach {

  private final Vertx vertx = Vertx.vertx();
  private final CapturedSpans spans = new CapturedSpans();
  private final ElasticsearchClient client;
  private final String index;

  /**
   * @param es the node
   * @param prefix the start of the index name, which ends with a random part
   */
  public TracedNode(EmbeddedElasticsearch es, String prefix) {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(es.httpUrls().toArray(new String[0]))
      .setOpenTelemetry(spans.otel()).setTracingPolicy(TracingPolicy.ALWAYS);
    options.getTransport().setCompatibilityVersion(es.majorVersion());
    client = ElasticsearchClient.create(vertx, options);
    index = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** @return the Vert.x instance of the client */
  public Vertx vertx() {
    return vertx;
  }

  /** @return the client, which traces every call into {@link #spans()} */
  public ElasticsearchClient client() {
    return client;
  }

  /** @return the spans of the client's calls */
  public CapturedSpans spans() {
    return spans;
  }

  /** @return the name of the test's index, which the test creates */
  public String index() {
    return index;
  }

  /**
   * Asserts that a bulk indexed every operation, then refreshes the index so that searches see them.
   *
   * @param summary what the bulk reported
   * @param count how many operations it had
   */
  public void assertAllIndexed(BulkSummary summary, int count) {
    assertThat(summary.successes()).isEqualTo(count);
    assertThat(summary.failureCount()).isZero();
    result(client.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null));
  }

  /** Deletes the index, closes the client, the Vert.x instance and the SDK. */
  @Override
  public void close() {
    try {
      result(client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404))).perform(HttpMethod.DELETE,
        "/" + index, null, null));
    } finally {
      result(client.close());
      result(vertx.close());
      spans.close();
    }
  }
}
