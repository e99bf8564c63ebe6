package dev.vertx.elasticsearch.health;

import dev.vertx.elasticsearch.transport.RetryConfig;
import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.testing.FaultyServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The health check procedure, run by Vert.x health checks against the embedded node, a refused port and scripted
 * servers (a stalled node, a red or yellow cluster).
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class ElasticsearchHealthCheckTest {

  /** The registration's timeout: far above the checks' own, so that a DOWN within it is the check's doing. */
  private static final long REGISTRATION_TIMEOUT = 25_000;

  private final EmbeddedElasticsearch es;
  private Vertx vertx;
  private HealthChecks checks;

  ElasticsearchHealthCheckTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    checks = HealthChecks.create(vertx);
  }

  @AfterEach
  void tearDown() {
    result(vertx.close());
  }

  private ElasticsearchClient client(String host) {
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(host);
    options.getTransport().setCompatibilityVersion(es.majorVersion())
      .setRetry(new RetryConfig().withMaxRetries(1).withBackoff(1, 2));
    return ElasticsearchClient.create(vertx, options);
  }

  private CheckResult check(ElasticsearchClient client, ElasticsearchHealthCheckOptions options) {
    checks.register("elasticsearch", REGISTRATION_TIMEOUT, ElasticsearchHealthCheck.create(client, options));
    try {
      return result(checks.checkStatus("elasticsearch"));
    } finally {
      checks.unregister("elasticsearch");
    }
  }

  @Test
  void aRunningNodeIsUpWithItsClusterHealth() {
    ElasticsearchClient client = client(es.httpUrl());
    CheckResult result = check(client, new ElasticsearchHealthCheckOptions());
    assertThat(result.getUp()).isTrue();
    JsonObject data = result.getData();
    assertThat(data.getString("status")).isIn("green", "yellow");
    assertThat(data.getInteger("number_of_nodes")).isEqualTo(es.httpUrls().size());
    assertThat(data.getBoolean("timed_out")).isFalse();
    assertThat(data.getString("cluster_name")).isNotBlank();
    assertThat(data.containsKey("reason")).isFalse();
    result(client.close());
  }

  @Test
  void anUnreachableNodeIsDownWithTheReasonAndNoCredential() {
    ElasticsearchClient client = client(FaultyServer.refusedUrl().replace("//", "//elastic:Hunter2pw@"));
    CheckResult result = check(client, new ElasticsearchHealthCheckOptions());
    assertThat(result.getUp()).isFalse();
    assertThat(result.getData().getString("error")).isEqualTo("ConnectionException");
    assertThat(result.getData().getString("reason")).contains("refused");
    assertThat(result.getData().encode()).doesNotContain("Hunter2pw", "elastic:");
    result(client.close());
  }

  @Test
  void aStalledNodeIsDownWithinTheChecksOwnTimeout() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      server.otherwise(FaultyServer.stall());
      ElasticsearchClient client = client(server.url());
      CheckResult result = check(client, new ElasticsearchHealthCheckOptions().setTimeout(300));
      assertThat(result.getUp()).isFalse();
      // The check's own bound answered, not the registration's timeout (which reports a procedure failure).
      assertThat(result.getData().getBoolean("procedure-execution-failure")).isNull();
      assertThat(result.getData().getString("reason")).contains("300 ms");
      result(client.close());
    }
  }

  @Test
  void redIsDownAndYellowIsUpUnlessConfigured() {
    try (FaultyServer server = FaultyServer.start(vertx)) {
      ElasticsearchClient client = client(server.url());
      server.then(FaultyServer.ok(health("red")));
      CheckResult red = check(client, new ElasticsearchHealthCheckOptions());
      assertThat(red.getUp()).isFalse();
      assertThat(red.getData().getString("status")).isEqualTo("red");
      assertThat(red.getData().getInteger("number_of_nodes")).isEqualTo(3);
      assertThat(red.getData().getString("reason")).contains("red");

      server.then(FaultyServer.ok(health("yellow")));
      assertThat(check(client, new ElasticsearchHealthCheckOptions()).getUp()).isTrue();
      server.then(FaultyServer.ok(health("yellow")));
      CheckResult strict = check(client, new ElasticsearchHealthCheckOptions().setYellowIsUp(false));
      assertThat(strict.getUp()).isFalse();
      assertThat(strict.getData().getString("reason")).contains("yellow");

      server.then(FaultyServer.error(401, "security_exception"));
      CheckResult unauthorized = check(client, new ElasticsearchHealthCheckOptions());
      assertThat(unauthorized.getUp()).isFalse();
      assertThat(unauthorized.getData().getString("error")).isEqualTo("AuthenticationException");

      server.then(FaultyServer.ok("{\"cluster_name\":\"x\"}"));
      assertThat(check(client, new ElasticsearchHealthCheckOptions()).getUp()).isFalse();
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.request().path()).isEqualTo("/_cluster/health"));
      result(client.close());
    }
  }

  @Test
  void theHealthOfSomeIndicesIsTheirsAndAMissingOneIsDown() {
    ElasticsearchClient client = client(es.httpUrl());
    String index = "health-" + System.nanoTime();
    result(client.indices().create(r -> r.index(index).body(new JsonObject().put("settings", new JsonObject()
      .put("number_of_replicas", 0)))));
    CheckResult mine = check(client, new ElasticsearchHealthCheckOptions().setIndices(List.of(index)));
    assertThat(mine.getUp()).as(String.valueOf(mine.getData())).isTrue();
    assertThat(mine.getData().getString("status")).isEqualTo("green");

    CheckResult missing = check(client, new ElasticsearchHealthCheckOptions().setIndices(List.of(index + "-nope")));
    assertThat(missing.getUp()).isFalse();
    assertThat(missing.getData().getString("status")).isEqualTo("red");
    result(client.indices().delete(r -> r.index(index)));
    result(client.close());
  }

  @Test
  void optionsRoundTripAndRejectABadTimeout() {
    ElasticsearchHealthCheckOptions options = new ElasticsearchHealthCheckOptions().setTimeout(750)
      .setYellowIsUp(false).setIndices(List.of("books", "logs-*"));
    ElasticsearchHealthCheckOptions read = new ElasticsearchHealthCheckOptions(options.toJson());
    assertThat(read.getTimeout()).isEqualTo(750);
    assertThat(read.isYellowIsUp()).isFalse();
    assertThat(read.getIndices()).containsExactly("books", "logs-*");
    assertThat(new ElasticsearchHealthCheckOptions(read).toJson()).isEqualTo(options.toJson());
    assertThat(new ElasticsearchHealthCheckOptions().getTimeout())
      .isEqualTo(ElasticsearchHealthCheckOptions.DEFAULT_TIMEOUT);
    assertThatThrownBy(() -> new ElasticsearchHealthCheckOptions().setTimeout(0))
      .isInstanceOf(IllegalArgumentException.class);
  }

  private static String health(String status) {
    return new JsonObject().put("cluster_name", "books").put("status", status).put("timed_out", false)
      .put("number_of_nodes", 3).encode();
  }
}
