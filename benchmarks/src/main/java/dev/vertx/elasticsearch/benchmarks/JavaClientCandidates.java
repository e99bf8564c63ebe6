package dev.vertx.elasticsearch.benchmarks;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.typed.TypedElasticsearchClient;
import dev.vertx.elasticsearch.typed.VertxElasticsearchTransport;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * elasticsearch-java's typed client on its two transports: its default Rest5Client ({@code esjava}) and this
 * project's {@link VertxElasticsearchTransport} ({@code typed}, and {@code typed-facade} through
 * {@link TypedElasticsearchClient}). The same request objects, Query DSL and document class for all of them.
 */
final class JavaClientCandidates {

  /**
   * One typed client.
   *
   * @param client elasticsearch-java's async client
   * @param facade the Vert.x facade over it, or {@code null} on Rest5Client
   * @param close frees its transport
   */
  record Candidate(ElasticsearchAsyncClient client, TypedElasticsearchClient facade, Runnable close) {
  }

  private JavaClientCandidates() {
  }

  /** @return elasticsearch-java on its default transport, Rest5Client (10 connections per route) */
  static Candidate rest5(String url) {
    Rest5ClientTransport transport = new Rest5ClientTransport(Rest5Client.builder(URI.create(url)).build(),
      new JacksonJsonpMapper());
    return new Candidate(new ElasticsearchAsyncClient(transport), null, () -> {
      try {
        transport.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** @return elasticsearch-java on the Vert.x client, with the client's defaults and the same connection count */
  static Candidate vertx(Vertx vertx, String url) {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
    options.getTransport().setCompatibilityVersion(9).setConnectionsPerNode(CandidateRun.CONNECTIONS);
    ElasticsearchClient client = ElasticsearchClient.create(vertx, options);
    ElasticsearchAsyncClient async = new ElasticsearchAsyncClient(VertxElasticsearchTransport.create(client));
    return new Candidate(async, TypedElasticsearchClient.create(vertx, async), () -> client.close().await());
  }

  /** @return the search query of every typed candidate: built once, serialised on every request */
  static Query query() {
    return Query.of(q -> q.bool(b -> b
      .must(m -> m.match(t -> t.field("title").query("vert.x search")))
      .filter(f -> f.range(r -> r.number(x -> x.field("year").gte(2015.0))))));
  }

  /** @return the sort of every typed candidate */
  static SortOptions sort() {
    return SortOptions.of(so -> so.score(sc -> sc.order(SortOrder.Desc)));
  }
}
