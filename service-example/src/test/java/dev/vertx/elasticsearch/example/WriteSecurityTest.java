package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.LogRecord;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may write, through the service's real router against the embedded Elasticsearch: without keys only callers on
 * the loopback interface (callers elsewhere simulated through the verticle's peer hook, and for real through this
 * machine's non-loopback address when it has one); with keys, one of them, rotated through the keys file without a
 * restart; and the caps on uploads (413 for size, 429 with Retry-After for concurrency) with nothing of a refused
 * upload indexed.
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class WriteSecurityTest {

  private static final SocketAddress ELSEWHERE = SocketAddress.inetSocketAddress(40_000, "203.0.113.9");
  private static final SocketAddress PROXY = SocketAddress.inetSocketAddress(40_001, "198.51.100.7");
  private static final String ENV_KEY = "env-key-5f1e0c3a9b7d4e21";
  private static final String FILE_KEY_1 = "file-key-one-8c2d6f1a0e9b";
  private static final String FILE_KEY_2 = "file-key-two-3b7e1d9c4a6f";
  private static final long MAX_UPLOAD = 64 * 1024;

  private static Vertx vertx;
  private static Vertx clientVertx;
  private static WebClient web;
  private static HttpClient http;
  private static ElasticsearchClient observer;
  private static final AtomicReference<SocketAddress> simulatedPeer = new AtomicReference<>();
  private static final AtomicReference<SearchVerticle> openVerticleRef = new AtomicReference<>();
  private static int openPort;
  private static int proxiedPort;
  private static int keyedPort;
  private static Path keysFile;
  private static ServiceLog serviceLog;

  private static List<LogRecord> logs() {
    return serviceLog.records();
  }

  @BeforeAll
  static void deploy(EmbeddedElasticsearch es) throws Exception {
    serviceLog = ServiceLog.capture();
    vertx = Vertx.vertx();
    clientVertx = Vertx.vertx();
    web = WebClient.create(clientVertx);
    http = clientVertx.createHttpClient();
    observer = ServiceTestSupport.observer(clientVertx, es);
    keysFile = Files.createTempFile("service-keys", ".txt");
    Files.writeString(keysFile, "# the demo's keys, one a line\n" + FILE_KEY_1 + "\n");

    ServiceConfig base = new ServiceConfig(List.of(es.httpUrl()), es.majorVersion(), "sec-open", 0, null, 1 << 20,
      MAX_UPLOAD).withLoadSampleData(false).withUploadLimits(MAX_UPLOAD, 1);
    SearchVerticle open = new SearchVerticle();
    openVerticleRef.set(open);
    openPort = deploy(base, open);
    proxiedPort = deploy(new ServiceConfig(List.of(es.httpUrl()), es.majorVersion(), "sec-proxied", 0, null, 1 << 20,
      MAX_UPLOAD).withLoadSampleData(false).withTrustedProxies(List.of(PROXY.hostAddress())), null);
    keyedPort = deploy(new ServiceConfig(List.of(es.httpUrl()), es.majorVersion(), "sec-keyed", 0, null, 1 << 20,
      MAX_UPLOAD).withLoadSampleData(false).withApiKeys(List.of(ENV_KEY), keysFile.toString()), null);
  }

  private static int deploy(ServiceConfig config, SearchVerticle given) throws Exception {
    SearchVerticle verticle = given == null ? new SearchVerticle() : given;
    verticle.peerAddresses(request -> {
      SocketAddress simulated = simulatedPeer.get();
      return simulated == null ? WriteAccess.connectionPeer(request) : simulated;
    });
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.toJson())).await(30, TimeUnit.SECONDS);
    ServiceTestSupport.awaitReady(web, verticle.actualPort(), Duration.ofSeconds(90));
    return verticle.actualPort();
  }

  @AfterAll
  static void undeploy() throws Exception {
    if (serviceLog != null) {
      serviceLog.close();
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (observer != null) {
      for (String index : List.of("sec-open", "sec-proxied", "sec-keyed")) {
        observer.perform(HttpMethod.DELETE, "/" + index + "-v" + BooksIndex.MAPPINGS_VERSION, null, null)
          .otherwiseEmpty().await(30, TimeUnit.SECONDS);
      }
      observer.close().await(30, TimeUnit.SECONDS);
    }
    if (clientVertx != null) {
      clientVertx.close().await(30, TimeUnit.SECONDS);
    }
    if (keysFile != null) {
      Files.deleteIfExists(keysFile);
    }
  }

  private static HttpResponse<Buffer> send(HttpMethod method, int port, String uri, String key, String body,
                                           Map<String, String> headers) {
    return send(method, "127.0.0.1", port, uri, key, body, headers);
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String host, int port, String uri, String key,
                                           String body, Map<String, String> headers) {
    HttpRequest<Buffer> request = web.request(method, port, host, uri);
    if (key != null) {
      request.putHeader("Authorization", "ApiKey " + key);
    }
    headers.forEach(request::putHeader);
    return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private static JsonObject error(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    return body;
  }

  /** @return how many documents of the index have the genre, after a refresh: what a write really left behind */
  private static long indexed(String index, String genre) {
    await(observer.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null));
    return await(observer.perform(HttpMethod.POST, "/" + index + "/_count", null, new JsonObject()
      .put("query", new JsonObject().put("term", new JsonObject().put("genre", genre))))).body().getLong("count");
  }

  private static String ndjson(String genre, int documents, int padding) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < documents; i++) {
      sb.append(new JsonObject().put("id", genre + "-" + i).put("title", "t" + i).put("genre", genre)
        .put("description", "x".repeat(padding)).encode()).append('\n');
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------- without keys

  @Test
  void withoutKeysEveryWriteFromElsewhereIsRefusedAndSaysHowToEnableWrites() {
    simulatedPeer.set(ELSEWHERE);
    try {
      Map<String, String> json = Map.of("Content-Type", "application/json");
      List<HttpResponse<Buffer>> refused = List.of(
        send(HttpMethod.PUT, openPort, "/documents/remote-put", null, "{\"title\":\"x\",\"genre\":\"remote\"}", json),
        send(HttpMethod.PATCH, openPort, "/documents/remote-put", null, "{\"title\":\"y\"}", json),
        send(HttpMethod.DELETE, openPort, "/documents/remote-put", null, null, Map.of()),
        send(HttpMethod.POST, openPort, "/documents/_bulk", null, ndjson("remote", 3, 0), Map.of()),
        send(HttpMethod.POST, openPort, "/documents/_touch", null, "{}", json),
        send(HttpMethod.POST, openPort, "/ingest", null, null, Map.of()),
        send(HttpMethod.DELETE, openPort, "/documents", null, null, Map.of()),
        // A key means nothing to a service that has none; a forwarded loopback address proves nothing either.
        send(HttpMethod.PUT, openPort, "/documents/remote-put", "some-key", "{\"genre\":\"remote\"}", json),
        send(HttpMethod.PUT, openPort, "/documents/remote-put", null, "{\"genre\":\"remote\"}",
          Map.of("Content-Type", "application/json", "X-Forwarded-For", "127.0.0.1")));
      for (HttpResponse<Buffer> response : refused) {
        JsonObject body = error(response, 403);
        assertThat(body.getString("error")).isEqualTo("writes_local_only");
        assertThat(body.getString("message")).contains("SERVICE_API_KEY", "SERVICE_API_KEYS_FILE", "loopback");
      }
      // Reads stay open.
      assertThat(send(HttpMethod.GET, openPort, "/search?size=1", null, null, Map.of()).statusCode()).isEqualTo(200);
      assertThat(send(HttpMethod.GET, openPort, "/health/ready", null, null, Map.of()).statusCode()).isEqualTo(200);
    } finally {
      simulatedPeer.set(null);
    }
    assertThat(indexed("sec-open", "remote")).as("documents written by refused callers").isZero();
  }

  @Test
  void withoutKeysTheLoopbackInterfaceWrites() {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    assertThat(send(HttpMethod.PUT, openPort, "/documents/local-put", null, "{\"genre\":\"local\"}", json).statusCode())
      .isEqualTo(201);
    assertThat(send(HttpMethod.POST, openPort, "/documents/_bulk", null, ndjson("local-bulk", 5, 0), Map.of())
      .bodyAsJsonObject().getLong("succeeded")).isEqualTo(5);
    assertThat(indexed("sec-open", "local-bulk")).isEqualTo(5);
    // A local caller that relays someone else's request (X-Forwarded-For) without being a trusted proxy: refused.
    error(send(HttpMethod.PUT, openPort, "/documents/relayed", null, "{\"genre\":\"local\"}",
      Map.of("Content-Type", "application/json", "X-Forwarded-For", "203.0.113.9")), 403);
  }

  @Test
  void aCallerOnThisMachinesNetworkAddressIsNotLocal() throws Exception {
    InetAddress address = nonLoopbackAddress();
    Assumptions.assumeTrue(address != null, "this machine has no non-loopback IPv4 address");
    HttpResponse<Buffer> put = send(HttpMethod.PUT, address.getHostAddress(), openPort, "/documents/lan-put", null,
      "{\"genre\":\"lan\"}", Map.of("Content-Type", "application/json"));
    assertThat(error(put, 403).getString("error")).isEqualTo("writes_local_only");
    assertThat(send(HttpMethod.GET, address.getHostAddress(), openPort, "/documents/local-put", null, null, Map.of())
      .statusCode()).as("reads from the network").isIn(200, 404);
    assertThat(indexed("sec-open", "lan")).isZero();
  }

  private static InetAddress nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
            return address;
          }
        }
      }
    }
    return null;
  }

  @Test
  void aTrustedProxysForwardedAddressDecides() {
    simulatedPeer.set(PROXY);
    try {
      Map<String, String> fromLocal = Map.of("Content-Type", "application/json", "X-Forwarded-For", "127.0.0.1");
      Map<String, String> fromElsewhere = Map.of("Content-Type", "application/json",
        "X-Forwarded-For", "127.0.0.1, 203.0.113.9");
      assertThat(send(HttpMethod.PUT, proxiedPort, "/documents/via-proxy", null, "{\"genre\":\"proxied\"}", fromLocal)
        .statusCode()).isEqualTo(201);
      error(send(HttpMethod.PUT, proxiedPort, "/documents/via-proxy-2", null, "{\"genre\":\"proxied\"}",
        fromElsewhere), 403);
    } finally {
      simulatedPeer.set(null);
    }
    simulatedPeer.set(ELSEWHERE);
    try {
      // The same header from a peer that is not the trusted proxy: refused.
      error(send(HttpMethod.PUT, proxiedPort, "/documents/via-proxy-3", null, "{\"genre\":\"proxied\"}",
        Map.of("Content-Type", "application/json", "X-Forwarded-For", "127.0.0.1")), 403);
    } finally {
      simulatedPeer.set(null);
    }
    assertThat(indexed("sec-proxied", "proxied")).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------- with keys

  @Test
  void withKeysOneOfThemIsNeededFromAnywhereAndKeysRotateWithoutARestart() throws Exception {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    String doc = "{\"genre\":\"keyed\"}";
    // Loopback is no exemption once keys are configured.
    assertThat(error(send(HttpMethod.PUT, keyedPort, "/documents/k0", null, doc, json), 401).getString("message"))
      .contains("Authorization: ApiKey");
    error(send(HttpMethod.PUT, keyedPort, "/documents/k0", "not-a-key", doc, json), 401);
    assertThat(send(HttpMethod.PUT, keyedPort, "/documents/k1", FILE_KEY_1, doc, json).statusCode()).isEqualTo(201);
    simulatedPeer.set(ELSEWHERE);
    try {
      assertThat(send(HttpMethod.PUT, keyedPort, "/documents/k2", ENV_KEY, doc, json).statusCode()).isEqualTo(201);
      error(send(HttpMethod.PUT, keyedPort, "/documents/k0", null, doc, json), 401);
    } finally {
      simulatedPeer.set(null);
    }

    // Rotation: the new key is added next to the old one, then the old one is removed (revoked).
    Files.writeString(keysFile, FILE_KEY_1 + "\n" + FILE_KEY_2 + "\n");
    ServiceTestSupport.until("the added key to be accepted", Duration.ofSeconds(15), () ->
      send(HttpMethod.PUT, keyedPort, "/documents/k3", FILE_KEY_2, doc, json).statusCode() == 201);
    Files.writeString(keysFile, FILE_KEY_2 + "\n");
    ServiceTestSupport.until("the removed key to be refused", Duration.ofSeconds(15), () ->
      send(HttpMethod.DELETE, keyedPort, "/documents/no-such-document", FILE_KEY_1, null, Map.of())
        .statusCode() == 401);
    error(send(HttpMethod.PUT, keyedPort, "/documents/revoked", FILE_KEY_1, "{\"genre\":\"revoked\"}", json), 401);
    JsonObject revoked = error(send(HttpMethod.DELETE, keyedPort, "/documents/k1", FILE_KEY_1, null, Map.of()), 401);
    assertThat(revoked.getString("message")).contains("revoked");
    assertThat(send(HttpMethod.GET, keyedPort, "/documents/k1", null, null, Map.of()).statusCode())
      .as("the revoked key deleted nothing").isEqualTo(200);
    assertThat(send(HttpMethod.PUT, keyedPort, "/documents/k4", FILE_KEY_2, doc, json).statusCode()).isEqualTo(201);
    assertThat(send(HttpMethod.PUT, keyedPort, "/documents/k5", ENV_KEY, doc, json).statusCode())
      .as("the environment's key is not in the file and stays").isEqualTo(201);
    assertThat(indexed("sec-keyed", "revoked")).isZero();

    // An empty file leaves only the environment's key: the service does not fall back to "no key".
    Files.writeString(keysFile, "# every file key revoked\n");
    ServiceTestSupport.until("every file key to be refused", Duration.ofSeconds(15), () ->
      send(HttpMethod.DELETE, keyedPort, "/documents/no-such-document", FILE_KEY_2, null, Map.of())
        .statusCode() == 401);
    error(send(HttpMethod.PUT, keyedPort, "/documents/k6", null, doc, json), 401);
    Files.writeString(keysFile, FILE_KEY_2 + "\n");
    ServiceTestSupport.until("the key to be back", Duration.ofSeconds(15), () ->
      send(HttpMethod.PUT, keyedPort, "/documents/k7", FILE_KEY_2, doc, json).statusCode() == 201);

    // Keys are never logged.
    assertThat(logs().stream().map(LogRecord::getMessage).toList()).isNotEmpty()
      .noneMatch(m -> m != null && (m.contains(ENV_KEY) || m.contains(FILE_KEY_1) || m.contains(FILE_KEY_2)));
    assertThat(logs().stream().map(LogRecord::getMessage).toList())
      .anyMatch(m -> m != null && m.startsWith("Reloaded 1 API key from " + keysFile));
  }

  // ------------------------------------------------------------------------------------------- upload caps

  @Test
  void anUploadOverTheSizeCapIs413AndNothingOfItIsIndexed() {
    String over = ndjson("too-big", 200, 400);
    assertThat(over.length()).isGreaterThan((int) MAX_UPLOAD);
    // With a Content-Length: refused before a byte of it is read.
    JsonObject declared = error(send(HttpMethod.POST, openPort, "/documents/_bulk", null, over, Map.of()), 413);
    assertThat(declared.getString("message")).contains("nothing of it was indexed");
    // Chunked, without a length: spooled, refused when it passes the cap, before the first bulk request.
    Answer chunked = streamUpload(openPort, over, true);
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.body().getString("error")).isEqualTo("payload_too_large");
    assertThat(indexed("sec-open", "too-big")).as("documents of refused uploads").isZero();
    // A chunked upload within the cap is indexed whole.
    Answer within = streamUpload(openPort, ndjson("chunked-ok", 50, 100), true);
    assertThat(within.status()).isEqualTo(200);
    assertThat(within.body().getLong("succeeded")).isEqualTo(50);
    assertThat(indexed("sec-open", "chunked-ok")).isEqualTo(50);
  }

  /** A status and a JSON body, read on the client's event loop. */
  record Answer(int status, JsonObject body) {
    static Future<Answer> of(HttpClientResponse response) {
      return response.body().map(b -> new Answer(response.statusCode(), b.toJsonObject()));
    }
  }

  /** Sends an upload in 4 KB chunks and returns the answer. */
  private static Answer streamUpload(int port, String body, boolean chunked) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI("/documents/_bulk").putHeader("Content-Type", "application/x-ndjson");
    return await(http.request(options).compose(request -> {
      if (chunked) {
        request.setChunked(true);
      } else {
        request.putHeader("Content-Length", String.valueOf(body.length()));
      }
      Buffer all = Buffer.buffer(body);
      for (int i = 0; i < all.length(); i += 4096) {
        request.write(all.slice(i, Math.min(all.length(), i + 4096)));
      }
      request.end();
      return request.response().compose(Answer::of);
    }));
  }

  @Test
  void aBulkJobBeyondTheConcurrencyCapIs429WithRetryAfterAndNothingOfItIsIndexed() throws Exception {
    // The open service takes one bulk job at a time: an upload that has not finished arriving holds the slot.
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(openPort)
      .setURI("/documents/_bulk").putHeader("Content-Type", "application/x-ndjson");
    HttpClientRequest holding = await(http.request(options));
    holding.setChunked(true);
    Future<Answer> firstAnswer = holding.response().compose(Answer::of);
    await(holding.write(ndjson("held", 10, 0)));
    SearchVerticle service = openVerticle();
    ServiceTestSupport.until("the first upload to hold the slot", Duration.ofSeconds(15),
      () -> service.bulkJobsRunning() == 1);

    HttpResponse<Buffer> second = send(HttpMethod.POST, openPort, "/documents/_bulk", null, ndjson("second", 10, 0),
      Map.of());
    error(second, 429);
    assertThat(second.getHeader("Retry-After")).isEqualTo(String.valueOf(BulkJobSlots.RETRY_AFTER_SECONDS));
    error(send(HttpMethod.POST, openPort, "/documents/_touch", null, "{}", Map.of("Content-Type",
      "application/json")), 429);
    error(send(HttpMethod.DELETE, openPort, "/documents", null, null, Map.of()), 429);

    holding.end(Buffer.buffer(ndjson("held-end", 5, 0)));
    Answer first = await(firstAnswer);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().getLong("succeeded")).isEqualTo(15);
    ServiceTestSupport.until("the slot to be free", Duration.ofSeconds(15), () -> service.bulkJobsRunning() == 0);
    assertThat(indexed("sec-open", "second")).as("documents of the refused upload").isZero();
    assertThat(send(HttpMethod.POST, openPort, "/documents/_bulk", null, ndjson("third", 4, 0), Map.of())
      .statusCode()).as("the slot is free again").isEqualTo(200);
  }

  private static SearchVerticle openVerticle() {
    return openVerticleRef.get();
  }
}
