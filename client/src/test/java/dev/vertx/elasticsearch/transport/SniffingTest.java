package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.testing.Await;
import dev.vertx.elasticsearch.testing.FaultyServer;
import dev.vertx.elasticsearch.testing.TwoFaultyNodes;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/** Sniffing against scripted {@code _nodes} answers: filter, additions, removals and every trigger. */
class SniffingTest {

  @RegisterExtension
  final TwoFaultyNodes servers = new TwoFaultyNodes();
  private final FaultyServer a = servers.a();
  private final FaultyServer b = servers.b();
  private final AtomicReference<JsonObject> cluster = new AtomicReference<>();

  @BeforeEach
  void setUp() {
    FaultyServer.Behaviour answer = r -> {
      if (r.request().path().equals("/_nodes/_all/http")) {
        FaultyServer.ok(cluster.get().encode()).handle(r);
      } else {
        FaultyServer.ok("{\"ok\":true}").handle(r);
      }
    };
    a.otherwise(answer);
    b.otherwise(answer);
    cluster.set(nodes(node("n-a", a.port(), "data", "master"), node("n-b", b.port(), "data"),
      node("n-m", 1, "master")));
  }

  private static JsonObject node(String name, int port, String... roles) {
    return new JsonObject().put("name", name).put("roles", new JsonArray(List.of((Object[]) roles)))
      .put("attributes", new JsonObject().put("zone", "z1"))
      .put("http", new JsonObject().put("publish_address", "127.0.0.1:" + port));
  }

  private static JsonObject nodes(JsonObject... nodes) {
    JsonObject all = new JsonObject();
    for (JsonObject n : nodes) {
      all.put("id-" + n.getString("name"), n);
    }
    return new JsonObject().put("nodes", all);
  }

  private ElasticsearchClient client(TransportOptions options) {
    return servers.client(options);
  }

  private static long sniffs(FaultyServer s) {
    return s.requests().stream().filter(r -> r.request().path().equals("/_nodes/_all/http")).count();
  }

  @Test
  void sniffAddsNodesSkipsDedicatedMastersAndRemovesNodesThatLeft() {
    ElasticsearchClient c = client(new TransportOptions().setHosts(a.url()));
    List<Node> nodes = result(c.transport().sniff());
    assertThat(nodes).extracting(Node::url).containsExactlyInAnyOrder(a.url(), b.url());
    Node nb = nodes.stream().filter(n -> n.url().equals(b.url())).findFirst().orElseThrow();
    assertThat(nb.name()).isEqualTo("n-b");
    assertThat(nb.id()).isEqualTo("id-n-b");
    assertThat(nb.roles()).containsExactly("data");
    assertThat(nb.attributes()).containsEntry("zone", "z1");

    cluster.set(nodes(node("n-b", b.port(), "data")));
    assertThat(result(c.transport().sniff())).extracting(Node::url).containsExactly(b.url());
    for (int i = 0; i < 4; i++) {
      assertThat(result(c.perform(HttpMethod.GET, "/", null, null)).node()).isEqualTo(b.url());
    }
  }

  @Test
  void aCustomFilterDecidesWhichNodesJoin() {
    ElasticsearchClient c = client(new TransportOptions().setHosts(a.url())
      .setSniffedNodeFilter(n -> "n-a".equals(n.name())));
    assertThat(result(c.transport().sniff())).extracting(Node::url).containsExactly(a.url());
  }

  @Test
  void sniffOnStartRunsBeforeTheFirstRequest() {
    ElasticsearchClient c = client(new TransportOptions().setHosts(a.url()).setSniffOnStart(true));
    result(c.perform(HttpMethod.GET, "/first", null, null));
    assertThat(a.requests().get(0).request().path()).isEqualTo("/_nodes/_all/http");
    assertThat(c.transport().nodes()).hasSize(2);
  }

  @Test
  void aNodeFailureTriggersASniff() {
    a.then(FaultyServer.error(503, "unavailable"));
    ElasticsearchClient c = client(new TransportOptions().setHosts(a.url()).setSniffOnNodeFailure(true)
      .setRetry(new RetryConfig().withBackoff(1, 2)));
    result(c.perform(HttpMethod.GET, "/x", null, null));
    Await.until(() -> sniffs(a) + sniffs(b) >= 1);
    Await.until(() -> c.transport().nodes().size() == 2);
  }

  @Test
  void sniffingRunsAtTheInterval() {
    client(new TransportOptions().setHosts(a.url()).setSniffInterval(50));
    Await.until(() -> sniffs(a) + sniffs(b) >= 3);
  }
}
