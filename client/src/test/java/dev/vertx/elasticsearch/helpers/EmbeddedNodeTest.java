package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static dev.vertx.elasticsearch.helpers.HelperTestSupport.await;

/**
 * What the helper tests against the embedded node start from: a Vert.x instance and a client of the node for each
 * test, and the indices the test names with {@link #newIndex} or adds to {@link #indices}, deleted after it. A
 * subclass's own {@code @AfterEach} runs first.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
abstract class EmbeddedNodeTest {

  protected final EmbeddedElasticsearch es;
  protected final Vertx vertx = Vertx.vertx();
  protected final ElasticsearchClient client;
  /** The indices to delete after the test; a missing one is fine. */
  protected final List<String> indices = new ArrayList<>();

  EmbeddedNodeTest(EmbeddedElasticsearch es) {
    this.es = es;
    client = HelperTestSupport.client(vertx, es);
  }

  /**
   * @param prefix the start of the name, which ends with a random part
   * @return the name of an index, to be created by the test, deleted after it
   */
  protected String newIndex(String prefix) {
    String index = HelperTestSupport.uniqueIndex(prefix);
    indices.add(index);
    return index;
  }

  @AfterEach
  final void deleteIndicesAndClose() {
    try {
      indices.forEach(index -> HelperTestSupport.deleteIndex(client, index));
    } finally {
      await(client.close(), 30);
      await(vertx.close(), 30);
    }
  }
}
