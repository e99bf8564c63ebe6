package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * The example's entry point. With {@code ELASTICSEARCH_URL} unset it starts an embedded Elasticsearch; it then
 * connects the client and prints the cluster info. (The search service itself comes with the service issue.)
 */
public final class Main {

  private Main() {
  }

  /**
   * @param args unused
   * @throws Exception when the cluster cannot be reached
   */
  public static void main(String[] args) throws Exception {
    String url = System.getenv("ELASTICSEARCH_URL");
    EmbeddedElasticsearch embedded = null;
    int compatibility = 9;
    if (url == null || url.isBlank()) {
      embedded = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions());
      url = embedded.httpUrl();
      compatibility = embedded.majorVersion();
      System.out.println("Embedded Elasticsearch " + embedded.version() + " at " + url);
    }
    Vertx vertx = Vertx.vertx();
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
    options.getTransport().setCompatibilityVersion(compatibility);
    ElasticsearchClient client = ElasticsearchClient.create(vertx, options);
    try {
      JsonObject info = client.info().await(30, TimeUnit.SECONDS).body();
      System.out.println(info.encodePrettily());
    } finally {
      client.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
