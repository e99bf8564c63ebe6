package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.api.ElasticsearchResponse;
import dev.vertx.elasticsearch.client.api.cluster.ClusterHealthRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesCreateRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesDeleteRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesGetMappingRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesPutIndexTemplateRequest;
import dev.vertx.elasticsearch.client.api.indices.IndicesPutMappingRequest;
import dev.vertx.elasticsearch.error.TransportException;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.transport.CallOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service's index in Elasticsearch. The configured name (e.g. {@code books}) is an alias in front of one
 * concrete index ({@code books-v1}, created from the index template {@code books} that holds the mappings of
 * {@value #MAPPINGS}). The service writes through the alias with {@code require_alias}, so no write can create
 * the index by auto-creation with dynamic mappings, not even against an empty node that lost the template.
 */
final class BooksIndex {

  /** The settings and mappings of the index (a create-index body). */
  static final String MAPPINGS = "sample-data/books-mappings.json";
  /** Version of the mappings: part of the concrete index name. */
  static final int MAPPINGS_VERSION = 1;
  /** The {@code _meta} key where the sample data load marks its progress. */
  static final String SAMPLE_DATA_META = "sample_data";
  /** Bound of each request the checks make (4 s); the checks do not retry (readiness asks again). */
  static final long CHECK_TIMEOUT_MS = 4_000;

  private final ElasticsearchClient client;
  private final ElasticsearchClient tolerant;
  private final ElasticsearchClient probe;
  private final String alias;
  private final JsonObject settingsAndMappings;

  /**
   * @param client the service's client
   * @param alias the index name the service reads and writes (an alias)
   * @param settingsAndMappings the content of {@value #MAPPINGS}
   */
  BooksIndex(ElasticsearchClient client, String alias, JsonObject settingsAndMappings) {
    this.client = client;
    this.alias = alias;
    this.settingsAndMappings = settingsAndMappings;
    this.tolerant = client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404)));
    this.probe = client.withOptions(new CallOptions().setIgnoreStatus(Set.of(404))
      .setRequestTimeout(CHECK_TIMEOUT_MS).setRetry(RetryConfig.NONE));
  }

  /** @return options for bulk writes through the alias: every request carries {@code require_alias=true} */
  static BulkOptions bulkOptions() {
    return new BulkOptions().setParams(Map.of("require_alias", "true"));
  }

  /** @return the name the service reads and writes through: an alias */
  String alias() {
    return alias;
  }

  /** @return the concrete index behind the alias */
  String concreteName() {
    return alias + "-v" + MAPPINGS_VERSION;
  }

  /** @return a client view for cheap checks: 4 s per request, no retries, 404 answered as a response */
  ElasticsearchClient probe() {
    return probe;
  }

  /** Creates or replaces the index template that gives {@code <alias>-v*} indices the service's mappings. */
  Future<Void> installTemplate() {
    JsonObject body = new JsonObject()
      .put("index_patterns", new JsonArray().add(alias + "-v*"))
      .put("priority", 100)
      .put("template", settingsAndMappings.copy())
      .put("_meta", new JsonObject().put("description", "Mappings of the example search service's index '" + alias
        + "'"));
    return client.indices().putIndexTemplate(new IndicesPutIndexTemplateRequest().name(alias).body(body)).mapEmpty();
  }

  /**
   * Deletes whatever the name stands for (the indices behind the alias, or a concrete index of that name) and
   * creates the concrete index with the alias. The mappings come from the template; they are sent along too, so
   * that the index is right even if the template was removed meanwhile.
   *
   * @param sampleData the {@code _meta} marker to create the index with, or {@code null}
   */
  Future<Void> recreate(String sampleData) {
    JsonObject mappings = settingsAndMappings.getJsonObject("mappings").copy();
    if (sampleData != null) {
      mappings.put("_meta", new JsonObject().put(SAMPLE_DATA_META, sampleData));
    }
    JsonObject body = new JsonObject().put("settings", settingsAndMappings.getJsonObject("settings").copy())
      .put("mappings", mappings)
      .put("aliases", new JsonObject().put(alias, new JsonObject().put("is_write_index", true)));
    return installTemplate()
      .compose(v -> concreteIndices())
      .compose(indices -> {
        List<String> doomed = new ArrayList<>(indices);
        if (!doomed.contains(concreteName())) {
          doomed.add(concreteName());
        }
        return tolerant.indices().delete(new IndicesDeleteRequest().index(doomed).ignoreUnavailable(true));
      })
      .compose(v -> client.indices().create(new IndicesCreateRequest().index(concreteName()).body(body)))
      .mapEmpty();
  }

  /** Marks the sample data as fully loaded, in the index's {@code _meta}. */
  Future<Void> markSampleData(String state, long documents) {
    JsonObject meta = new JsonObject().put(SAMPLE_DATA_META, state).put("documents", documents);
    return client.indices().putMapping(new IndicesPutMappingRequest().index(alias)
      .body(new JsonObject().put("_meta", meta))).mapEmpty();
  }

  /** @return the concrete indices the name stands for (empty when it does not exist) */
  private Future<List<String>> concreteIndices() {
    return tolerant.indices().getMapping(new IndicesGetMappingRequest().index(alias))
      .map(response -> response.status() == 404 ? List.of() : new ArrayList<>(response.body().fieldNames()));
  }

  /**
   * Looks at the index: does the alias exist, does it point at one index with the expected field types, is that
   * index red. Never fails: an unreachable cluster is a status too.
   */
  Future<IndexStatus> check() {
    return probe.indices().getMapping(new IndicesGetMappingRequest().index(alias))
      .compose(this::checkMappings)
      .compose(status -> status.usable() ? checkHealth(status) : Future.succeededFuture(status))
      .recover(err -> Future.succeededFuture(IndexStatus.of(IndexStatus.State.UNREACHABLE,
        err instanceof TransportException ? "Elasticsearch is unreachable: " + err.getMessage()
          : "Elasticsearch could not tell the state of the index: " + err.getMessage())));
  }

  private Future<IndexStatus> checkMappings(ElasticsearchResponse response) {
    if (response.status() == 404) {
      return Future.succeededFuture(IndexStatus.of(IndexStatus.State.MISSING, "The index '" + alias
        + "' does not exist (yet): the service creates it and loads its data, see /health/ready"));
    }
    JsonObject body = response.body();
    if (body.containsKey(alias)) {
      return Future.succeededFuture(IndexStatus.of(IndexStatus.State.NOT_AN_ALIAS, "'" + alias + "' is an index,"
        + " not the alias the service writes through (was it created by a write without the service?):"
        + " POST /ingest rebuilds it"));
    }
    if (body.size() != 1) {
      return Future.succeededFuture(IndexStatus.of(IndexStatus.State.WRONG_MAPPING, "The alias '" + alias
        + "' points at " + body.size() + " indices " + body.fieldNames() + ", expected one"));
    }
    String concrete = body.fieldNames().iterator().next();
    JsonObject actual = body.getJsonObject(concrete).getJsonObject("mappings", new JsonObject());
    String mismatch = firstMismatch("", settingsAndMappings.getJsonObject("mappings").getJsonObject("properties"),
      actual.getJsonObject("properties", new JsonObject()));
    if (mismatch != null) {
      return Future.succeededFuture(IndexStatus.of(IndexStatus.State.WRONG_MAPPING, "The index '" + concrete
        + "' behind '" + alias + "' has the wrong mappings (" + mismatch + "): POST /ingest rebuilds it"));
    }
    String sampleData = actual.getJsonObject("_meta", new JsonObject()).getString(SAMPLE_DATA_META);
    return Future.succeededFuture(IndexStatus.usable(sampleData, null));
  }

  private Future<IndexStatus> checkHealth(IndexStatus mappingsOk) {
    return probe.cluster().health(new ClusterHealthRequest().index(alias)).map(response -> {
      String health = response.body().getString("status", "red");
      if ("red".equals(health)) {
        return new IndexStatus(IndexStatus.State.RED, "The index '" + alias + "' is red: a primary shard is"
          + " unassigned, so searches fail until Elasticsearch recovers it", mappingsOk.sampleData(), health);
      }
      return IndexStatus.usable(mappingsOk.sampleData(), health);
    });
  }

  /** The first field whose type differs from the expected mappings (sub-fields included), or {@code null}. */
  private static String firstMismatch(String prefix, JsonObject expected, JsonObject actual) {
    for (Map.Entry<String, Object> field : expected) {
      String name = prefix + field.getKey();
      JsonObject want = (JsonObject) field.getValue();
      JsonObject have = actual.getJsonObject(field.getKey());
      String wantType = want.getString("type", "object");
      String haveType = have == null ? null : have.getString("type", "object");
      if (have == null) {
        return "field '" + name + "' is not mapped, expected " + wantType;
      }
      if (!wantType.equals(haveType)) {
        return "field '" + name + "' is " + haveType + ", expected " + wantType;
      }
      for (String nested : List.of("properties", "fields")) {
        if (want.containsKey(nested)) {
          String sub = firstMismatch(name + ".", want.getJsonObject(nested),
            have.getJsonObject(nested, new JsonObject()));
          if (sub != null) {
            return sub;
          }
        }
      }
    }
    return null;
  }
}
