package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.ConnectionException;
import dev.vertx.elasticsearch.testing.HttpProxy;
import dev.vertx.elasticsearch.testing.Socks5Proxy;
import dev.vertx.elasticsearch.testing.TestClients;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static dev.vertx.elasticsearch.testing.Await.failure;
import static dev.vertx.elasticsearch.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ProxyOptions} against the real node: an HTTP forward proxy and a SOCKS5 proxy, with and without
 * credentials; every request is seen by the proxy, and wrong proxy credentials fail clearly.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class ProxyIntegrationTest {

  @RegisterExtension
  final TestClients clients = new TestClients();
  private final Vertx vertx = clients.vertx();
  private final EmbeddedElasticsearch es;
  private final String index = "proxy-" + UUID.randomUUID().toString().substring(0, 8);

  ProxyIntegrationTest(EmbeddedElasticsearch es) {
    this.es = es;
  }

  private ElasticsearchClient client(ProxyOptions proxy) {
    return clients.create(new TransportOptions().setHosts(es.httpUrls()).setCompatibilityVersion(es.majorVersion())
      .setProxyOptions(proxy).setRetry(RetryConfig.NONE));
  }

  /** Indexes, reads back and deletes a document: three requests of different methods and bodies. */
  private void roundTrip(ElasticsearchClient client) {
    assertThat(result(client.perform(HttpMethod.PUT, "/" + index + "/_doc/1", java.util.Map.of("refresh", "true"),
      new JsonObject().put("title", "through the proxy"))).status()).isEqualTo(201);
    assertThat(result(client.perform(HttpMethod.GET, "/" + index + "/_doc/1", null, null)).body()
      .getJsonObject("_source").getString("title")).isEqualTo("through the proxy");
    assertThat(result(client.perform(HttpMethod.DELETE, "/" + index, null, null)).status()).isEqualTo(200);
  }

  private String nodeAddress() {
    return es.httpUrl().substring("http://".length());
  }

  @Test
  void anHttpForwardProxyWithCredentialsCarriesEveryRequest() {
    try (HttpProxy proxy = HttpProxy.start(vertx, "bob", "s3cret")) {
      roundTrip(client(new ProxyOptions().setType(ProxyType.HTTP).setHost("127.0.0.1").setPort(proxy.port())
        .setUsername("bob").setPassword("s3cret")));
      assertThat(proxy.forwarded()).isEqualTo(3);
      assertThat(proxy.targets()).containsOnly(nodeAddress());
      assertThat(proxy.refused()).isZero();
    }
  }

  @Test
  void wrongHttpProxyCredentialsFailWithTheProxysStatus() {
    try (HttpProxy proxy = HttpProxy.start(vertx, "bob", "s3cret")) {
      ElasticsearchClient c = client(new ProxyOptions().setType(ProxyType.HTTP).setHost("127.0.0.1")
        .setPort(proxy.port()).setUsername("bob").setPassword("wrong"));
      Throwable error = failure(c.perform(HttpMethod.GET, "/", null, null));
      assertThat(error).isInstanceOf(ApiException.class);
      assertThat(((ApiException) error).status()).isEqualTo(407);
      assertThat(error.getMessage()).doesNotContain("wrong");
      assertThat(proxy.refused()).isEqualTo(1);
      assertThat(proxy.forwarded()).isZero();
    }
  }

  @Test
  void aSocks5ProxyCarriesEveryRequest() {
    try (Socks5Proxy proxy = Socks5Proxy.start(vertx, null, null)) {
      roundTrip(client(new ProxyOptions().setType(ProxyType.SOCKS5).setHost("127.0.0.1").setPort(proxy.port())));
      assertThat(proxy.tunnels()).isGreaterThanOrEqualTo(1);
      assertThat(proxy.targets()).containsOnly(nodeAddress());
    }
  }

  @Test
  void aSocks5ProxyWithCredentialsAndWrongOnes() {
    try (Socks5Proxy proxy = Socks5Proxy.start(vertx, "alice", "pw")) {
      ElasticsearchClient right = client(new ProxyOptions().setType(ProxyType.SOCKS5).setHost("127.0.0.1")
        .setPort(proxy.port()).setUsername("alice").setPassword("pw"));
      roundTrip(right);
      assertThat(proxy.targets()).containsOnly(nodeAddress());
      result(right.close());

      ElasticsearchClient wrong = client(new ProxyOptions().setType(ProxyType.SOCKS5).setHost("127.0.0.1")
        .setPort(proxy.port()).setUsername("alice").setPassword("not-pw"));
      Throwable error = failure(wrong.perform(HttpMethod.GET, "/", null, null));
      assertThat(error).isInstanceOf(ConnectionException.class);
      assertThat(((ConnectionException) error).maybeApplied()).isFalse();
      assertThat(error.getMessage()).doesNotContain("not-pw");
      assertThat(proxy.refused()).isEqualTo(1);
    }
  }
}
