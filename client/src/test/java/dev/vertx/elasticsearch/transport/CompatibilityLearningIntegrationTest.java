package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.testing.FaultInjectingProxy;
import dev.vertx.elasticsearch.transport.impl.HttpTransport;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compatibility version a cluster accepts is learnt once per set of hosts in a Vert.x instance: against 8.x the
 * first client pays one refused {@code compatible-with=9} request and logs it; a client created after it for the same
 * hosts (in any order) sends the accepted version from its first request and logs nothing; another host set, or
 * another Vert.x instance, learns on its own. Requests are counted by proxies in front of the real node. On 9.x
 * nothing is ever refused or logged. Runs on both engines.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class CompatibilityLearningIntegrationTest {

  private final EmbeddedElasticsearch es;
  /** Held strongly: the JUL logger the transport logs to, through Vert.x's logging facade. */
  private final Logger transportLog = Logger.getLogger(HttpTransport.class.getName());
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private Vertx vertx;
  private Vertx otherVertx;
  private final List<FaultInjectingProxy> proxies = new ArrayList<>();

  CompatibilityLearningIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  @BeforeEach
  void setUp() {
    capture.setLevel(Level.ALL);
    transportLog.addHandler(capture);
    vertx = Vertx.vertx();
    otherVertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    transportLog.removeHandler(capture);
    proxies.forEach(FaultInjectingProxy::close);
    result(otherVertx.close());
    result(vertx.close());
  }

  private FaultInjectingProxy proxy() {
    FaultInjectingProxy proxy = FaultInjectingProxy.start(vertx, es.httpUrl(), 1);
    proxies.add(proxy);
    return proxy;
  }

  /** A new client with default options on {@code on}: its first request, and how many requests it took. */
  private long firstRequest(Vertx on, FaultInjectingProxy... hosts) {
    long before = sent(hosts);
    ElasticsearchClient client = ElasticsearchClient.create(on, ElasticsearchClientOptions.forHosts(
      Arrays.stream(hosts).map(FaultInjectingProxy::url).toArray(String[]::new)));
    try {
      assertThat(result(client.info()).body().getJsonObject("version").getString("number")).isEqualTo(es.version());
    } finally {
      result(client.close());
    }
    return sent(hosts) - before;
  }

  private static long sent(FaultInjectingProxy... hosts) {
    long n = 0;
    for (FaultInjectingProxy p : hosts) {
      n += p.requests();
    }
    return n;
  }

  private List<String> refusalsLogged(FaultInjectingProxy... hosts) {
    String hostSet = String.join(",", Arrays.stream(hosts).map(FaultInjectingProxy::url).sorted().toList());
    return logged.stream().filter(m -> m.startsWith("The cluster at " + hostSet + " refused compatible-with="))
      .toList();
  }

  @Test
  void learntOncePerHostSetAndVertxInstance() {
    boolean refuses = es.majorVersion() < 9;
    long firstContact = refuses ? 2 : 1;
    FaultInjectingProxy a = proxy();
    FaultInjectingProxy b = proxy();

    assertThat(firstRequest(vertx, a)).as("the first client of the host set").isEqualTo(firstContact);
    assertThat(firstRequest(vertx, a)).as("the next client, same hosts, same Vert.x: nothing refused").isEqualTo(1);
    assertThat(firstRequest(vertx, a)).isEqualTo(1);
    assertThat(refusalsLogged(a)).hasSize(refuses ? 1 : 0);
    if (refuses) {
      assertThat(refusalsLogged(a).get(0)).contains("refused compatible-with=9").contains("compatible-with=8");
    }

    assertThat(firstRequest(vertx, a, b)).as("another host set learns on its own").isEqualTo(firstContact);
    assertThat(firstRequest(vertx, b, a)).as("the same hosts in another order").isEqualTo(1);
    assertThat(refusalsLogged(a, b)).hasSize(refuses ? 1 : 0);

    assertThat(firstRequest(otherVertx, a)).as("another Vert.x instance learns on its own").isEqualTo(firstContact);
    assertThat(firstRequest(otherVertx, a)).isEqualTo(1);
    assertThat(refusalsLogged(a)).hasSize(refuses ? 2 : 0);
  }
}
