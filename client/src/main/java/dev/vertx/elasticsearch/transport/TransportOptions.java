package dev.vertx.elasticsearch.transport;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.TrustOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How the transport reaches the cluster: nodes, connections, timeouts, retries (one {@link RetryConfig}), dead-node
 * backoff, sniffing, auth, TLS, compression and headers. Every setting has a production default; {@link #toJson()} and
 * {@link #TransportOptions(JsonObject)} round-trip all of them except the callbacks (node selector object, sniffed
 * node filter, warning handler); Vert.x TLS and proxy options are written under Vert.x's own keys
 * ({@code trustStoreOptions}, {@code pfxTrustOptions}, {@code pemTrustOptions}, {@code keyStoreOptions},
 * {@code pfxKeyCertOptions}, {@code pemKeyCertOptions}, {@code proxyOptions}), secrets included, as Vert.x does.
 * {@link #toString()} never shows a secret.
 */
public class TransportOptions {

  /** Default node: {@code http://localhost:9200}. */
  public static final String DEFAULT_HOST = "http://localhost:9200";
  /** Default pooled connections per node: 10. */
  public static final int DEFAULT_CONNECTIONS_PER_NODE = 10;
  /** Default connect timeout: 10 000 ms. */
  public static final long DEFAULT_CONNECT_TIMEOUT = 10_000;
  /** Default time one attempt may take: 30 000 ms. */
  public static final long DEFAULT_REQUEST_TIMEOUT = 30_000;
  /** Default longest wait for a pooled connection: 30 000 ms. */
  public static final long DEFAULT_POOL_WAIT_TIMEOUT = 30_000;
  /** Default longest queue of requests waiting for a pooled connection, per node: 1 000. */
  public static final int DEFAULT_MAX_POOL_WAIT_QUEUE_SIZE = 1_000;
  /** Default idle time before a pooled connection is closed: 60 s. */
  public static final int DEFAULT_KEEP_ALIVE_TIMEOUT = 60;
  /**
   * Default retries, {@code new RetryConfig()}: 3 retries, 100 ms doubling to 10 s between them (with jitter), statuses
   * 429, 502, 503 and 504, timeouts not retried, no time budget of their own (the call's {@code totalTimeout} bounds
   * them).
   */
  public static final RetryConfig DEFAULT_RETRY = new RetryConfig();
  /** Default first dead-node timeout: 1 000 ms. */
  public static final long DEFAULT_DEAD_NODE_BACKOFF_BASE = 1_000;
  /** Default longest dead-node timeout: 30 000 ms. */
  public static final long DEFAULT_DEAD_NODE_BACKOFF_MAX = 30_000;
  /** Default sniff timeout: 2 000 ms. */
  public static final long DEFAULT_SNIFF_TIMEOUT = 2_000;
  /** Default shortest delay between two sniffs triggered by failures: 1 000 ms. */
  public static final long DEFAULT_MIN_DELAY_BETWEEN_SNIFFS = 1_000;
  /** Default largest response body: 100 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_SIZE = 100L * 1024 * 1024;
  /** Default largest request body: 100 MiB, Elasticsearch's default {@code http.max_content_length}. */
  public static final long DEFAULT_MAX_REQUEST_SIZE = 100L * 1024 * 1024;
  /**
   * The compatibility version sent first when it is detected: 9 ({@code compatible-with=9}), the major version of
   * the specification the client was generated from.
   */
  public static final int DEFAULT_COMPATIBILITY_VERSION = 9;
  /** {@link #setCompatibilityVersion(int)}: detect the cluster's major version (the default). */
  public static final int COMPATIBILITY_AUTO = -1;
  /** The default sniffed node filter: every node but dedicated masters. */
  public static final Predicate<Node> NOT_MASTER_ONLY = node -> !node.roles().equals(Set.of("master"));

  private List<String> hosts;
  private int connectionsPerNode;
  private long connectTimeout;
  private long requestTimeout;
  private long totalTimeout;
  private long poolWaitTimeout;
  private int maxPoolWaitQueueSize;
  private boolean keepAlive;
  private int keepAliveTimeout;
  private RetryConfig retry;
  private long deadNodeBackoffBase;
  private long deadNodeBackoffMax;
  private String nodeSelectorName;
  private NodeSelector nodeSelector;
  private boolean sniffOnStart;
  private boolean sniffOnNodeFailure;
  private long sniffInterval;
  private long sniffTimeout;
  private long minDelayBetweenSniffs;
  private Predicate<Node> sniffedNodeFilter;
  private Credentials credentials;
  private boolean verifyCertificates;
  private String caCertificatePath;
  private String clientCertificatePath;
  private String clientKeyPath;
  private String certificateFingerprint;
  private TrustOptions trustOptions;
  private KeyCertOptions keyCertOptions;
  private ProxyOptions proxyOptions;
  private String cloudId;
  private boolean compressRequests;
  private boolean acceptCompressedResponses;
  private long maxResponseSize;
  private long maxRequestSize;
  private Map<String, String> headers;
  private int compatibilityVersion;
  private boolean productCheck;
  private boolean clientMeta;
  private Handler<List<String>> warningHandler;

  /** Options with every default. */
  public TransportOptions() {
    hosts = new ArrayList<>(List.of(DEFAULT_HOST));
    connectionsPerNode = DEFAULT_CONNECTIONS_PER_NODE;
    connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    poolWaitTimeout = DEFAULT_POOL_WAIT_TIMEOUT;
    maxPoolWaitQueueSize = DEFAULT_MAX_POOL_WAIT_QUEUE_SIZE;
    keepAlive = true;
    keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
    retry = DEFAULT_RETRY;
    deadNodeBackoffBase = DEFAULT_DEAD_NODE_BACKOFF_BASE;
    deadNodeBackoffMax = DEFAULT_DEAD_NODE_BACKOFF_MAX;
    nodeSelectorName = "round_robin";
    sniffTimeout = DEFAULT_SNIFF_TIMEOUT;
    minDelayBetweenSniffs = DEFAULT_MIN_DELAY_BETWEEN_SNIFFS;
    sniffedNodeFilter = NOT_MASTER_ONLY;
    verifyCertificates = true;
    acceptCompressedResponses = true;
    maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;
    maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;
    headers = new LinkedHashMap<>();
    compatibilityVersion = COMPATIBILITY_AUTO;
    productCheck = true;
    clientMeta = true;
  }

  /**
   * Copy constructor; callbacks are shared.
   *
   * @param other the options to copy
   */
  public TransportOptions(TransportOptions other) {
    this(other.toJson());
    // Also the Vert.x options the JSON form cannot hold (e.g. a KeyManagerFactoryOptions).
    this.trustOptions = other.trustOptions == null ? null : other.trustOptions.copy();
    this.keyCertOptions = other.keyCertOptions == null ? null : other.keyCertOptions.copy();
    this.nodeSelector = other.nodeSelector;
    this.sniffedNodeFilter = other.sniffedNodeFilter;
    this.warningHandler = other.warningHandler;
  }

  /**
   * Reads options written by {@link #toJson()}; missing fields keep their defaults.
   *
   * @param json the JSON form
   */
  public TransportOptions(JsonObject json) {
    this();
    JsonArray h = json.getJsonArray("hosts");
    if (h != null) {
      List<String> list = new ArrayList<>();
      h.forEach(v -> list.add((String) v));
      setHosts(list);
    }
    connectionsPerNode = json.getInteger("connectionsPerNode", connectionsPerNode);
    connectTimeout = json.getLong("connectTimeout", connectTimeout);
    requestTimeout = json.getLong("requestTimeout", requestTimeout);
    totalTimeout = json.getLong("totalTimeout", totalTimeout);
    poolWaitTimeout = json.getLong("poolWaitTimeout", poolWaitTimeout);
    maxPoolWaitQueueSize = json.getInteger("maxPoolWaitQueueSize", maxPoolWaitQueueSize);
    keepAlive = json.getBoolean("keepAlive", keepAlive);
    keepAliveTimeout = json.getInteger("keepAliveTimeout", keepAliveTimeout);
    retry = RetryConfig.readRetry(json, DEFAULT_RETRY);
    deadNodeBackoffBase = json.getLong("deadNodeBackoffBase", deadNodeBackoffBase);
    deadNodeBackoffMax = json.getLong("deadNodeBackoffMax", deadNodeBackoffMax);
    setNodeSelectorName(json.getString("nodeSelector", nodeSelectorName));
    sniffOnStart = json.getBoolean("sniffOnStart", sniffOnStart);
    sniffOnNodeFailure = json.getBoolean("sniffOnNodeFailure", sniffOnNodeFailure);
    sniffInterval = json.getLong("sniffInterval", sniffInterval);
    sniffTimeout = json.getLong("sniffTimeout", sniffTimeout);
    minDelayBetweenSniffs = json.getLong("minDelayBetweenSniffs", minDelayBetweenSniffs);
    JsonObject c = json.getJsonObject("credentials");
    credentials = c == null ? null : Credentials.fromJson(c);
    verifyCertificates = json.getBoolean("verifyCertificates", verifyCertificates);
    caCertificatePath = json.getString("caCertificatePath");
    clientCertificatePath = json.getString("clientCertificatePath");
    clientKeyPath = json.getString("clientKeyPath");
    certificateFingerprint = json.getString("certificateFingerprint");
    trustOptions = NetOptionsJson.readTrustOptions(json);
    keyCertOptions = NetOptionsJson.readKeyCertOptions(json);
    JsonObject proxy = json.getJsonObject("proxyOptions");
    proxyOptions = proxy == null ? null : new ProxyOptions(proxy);
    String cloud = json.getString("cloudId");
    if (cloud != null) {
      if (h != null) {
        throw new IllegalArgumentException("cloudId and hosts are both set: the cloud id names the host, use one");
      }
      setCloudId(cloud);
    }
    compressRequests = json.getBoolean("compressRequests", compressRequests);
    acceptCompressedResponses = json.getBoolean("acceptCompressedResponses", acceptCompressedResponses);
    maxResponseSize = json.getLong("maxResponseSize", maxResponseSize);
    maxRequestSize = json.getLong("maxRequestSize", maxRequestSize);
    JsonObject hd = json.getJsonObject("headers");
    if (hd != null) {
      hd.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    }
    compatibilityVersion = json.getInteger("compatibilityVersion", compatibilityVersion);
    productCheck = json.getBoolean("productCheck", productCheck);
    clientMeta = json.getBoolean("clientMeta", clientMeta);
  }

  /** @return the JSON form of every setting but the callbacks; it contains credentials when set */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (cloudId == null) {
      json.put("hosts", new JsonArray(new ArrayList<>(hosts)));
    } else {
      json.put("cloudId", cloudId);
    }
    json
      .put("connectionsPerNode", connectionsPerNode)
      .put("connectTimeout", connectTimeout)
      .put("requestTimeout", requestTimeout)
      .put("totalTimeout", totalTimeout)
      .put("poolWaitTimeout", poolWaitTimeout)
      .put("maxPoolWaitQueueSize", maxPoolWaitQueueSize)
      .put("keepAlive", keepAlive)
      .put("keepAliveTimeout", keepAliveTimeout)
      .put("retry", retry.toJson())
      .put("deadNodeBackoffBase", deadNodeBackoffBase)
      .put("deadNodeBackoffMax", deadNodeBackoffMax)
      .put("nodeSelector", nodeSelectorName)
      .put("sniffOnStart", sniffOnStart)
      .put("sniffOnNodeFailure", sniffOnNodeFailure)
      .put("sniffInterval", sniffInterval)
      .put("sniffTimeout", sniffTimeout)
      .put("minDelayBetweenSniffs", minDelayBetweenSniffs)
      .put("verifyCertificates", verifyCertificates)
      .put("compressRequests", compressRequests)
      .put("acceptCompressedResponses", acceptCompressedResponses)
      .put("maxResponseSize", maxResponseSize)
      .put("maxRequestSize", maxRequestSize)
      .put("headers", new JsonObject(new LinkedHashMap<>(headers)))
      .put("compatibilityVersion", compatibilityVersion)
      .put("productCheck", productCheck)
      .put("clientMeta", clientMeta);
    if (credentials != null) {
      json.put("credentials", credentials.toJson());
    }
    if (caCertificatePath != null) json.put("caCertificatePath", caCertificatePath);
    if (clientCertificatePath != null) json.put("clientCertificatePath", clientCertificatePath);
    if (clientKeyPath != null) json.put("clientKeyPath", clientKeyPath);
    if (certificateFingerprint != null) json.put("certificateFingerprint", certificateFingerprint);
    NetOptionsJson.write(json, trustOptions, keyCertOptions);
    if (proxyOptions != null) json.put("proxyOptions", proxyOptions.toJson());
    return json;
  }

  /** @return the node URLs; default {@code [http://localhost:9200]} */
  public List<String> getHosts() {
    return hosts;
  }

  /**
   * @param hosts node URLs such as {@code https://user:pass@es1:9200/prefix}; user info becomes basic credentials
   * @return this
   * @throws IllegalArgumentException when the list is empty or a {@linkplain #setCloudId cloud id} is set
   */
  public TransportOptions setHosts(List<String> hosts) {
    Objects.requireNonNull(hosts, "hosts");
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("hosts must name at least one node");
    }
    if (cloudId != null) {
      throw new IllegalArgumentException("cloudId is set and names the host: set the hosts or the cloud id, not both");
    }
    this.hosts = new ArrayList<>(hosts);
    return this;
  }

  /**
   * @param hosts node URLs
   * @return this
   */
  public TransportOptions setHosts(String... hosts) {
    return setHosts(List.of(hosts));
  }

  /** @return pooled HTTP/1.1 connections per node; default 10 */
  public int getConnectionsPerNode() {
    return connectionsPerNode;
  }

  /**
   * @param connectionsPerNode pooled connections per node, at least 1
   * @return this
   */
  public TransportOptions setConnectionsPerNode(int connectionsPerNode) {
    if (connectionsPerNode < 1) {
      throw new IllegalArgumentException("connectionsPerNode must be >= 1, got " + connectionsPerNode);
    }
    this.connectionsPerNode = connectionsPerNode;
    return this;
  }

  /** @return the TCP connect timeout in milliseconds; default 10 000 */
  public long getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * @param connectTimeout TCP connect timeout in milliseconds, positive
   * @return this
   */
  public TransportOptions setConnectTimeout(long connectTimeout) {
    if (connectTimeout <= 0) {
      throw new IllegalArgumentException("connectTimeout must be > 0, got " + connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  /**
   * @return the time one attempt may take in milliseconds, from the moment it starts being written to the end of the
   *     answer, {@code 0} = unlimited; default 30 000
   */
  public long getRequestTimeout() {
    return requestTimeout;
  }

  /**
   * @param requestTimeout the time one attempt may take, from the moment the request starts being written to the end
   *     of the answer, in milliseconds; waiting for a pooled connection does not count (see
   *     {@link #setPoolWaitTimeout(long)}). While a streamed body is written or a streamed answer read, it bounds
   *     each gap without progress instead. A timed-out attempt fails with {@code RequestTimeoutException} and leaves
   *     the node in rotation. {@code 0} for no limit
   * @return this
   */
  public TransportOptions setRequestTimeout(long requestTimeout) {
    if (requestTimeout < 0) {
      throw new IllegalArgumentException("requestTimeout must be >= 0, got " + requestTimeout);
    }
    this.requestTimeout = requestTimeout;
    return this;
  }

  /** @return the time a whole call may take across its retries in milliseconds, {@code 0} = unlimited (default) */
  public long getTotalTimeout() {
    return totalTimeout;
  }

  /**
   * @param totalTimeout the time a whole call may take, across all its attempts and the backoff waits between them,
   *     in milliseconds; when it runs out the call fails with {@code RequestTimeoutException}. {@code 0} for no limit
   * @return this
   */
  public TransportOptions setTotalTimeout(long totalTimeout) {
    if (totalTimeout < 0) {
      throw new IllegalArgumentException("totalTimeout must be >= 0, got " + totalTimeout);
    }
    this.totalTimeout = totalTimeout;
    return this;
  }

  /** @return the longest wait for a pooled connection in milliseconds; default 30 000 */
  public long getPoolWaitTimeout() {
    return poolWaitTimeout;
  }

  /**
   * @param poolWaitTimeout the longest time an attempt waits for a connection of the node's pool (including opening
   *     one), in milliseconds; past it the attempt fails with {@code PoolExhaustedException}, marks no node dead, and
   *     may be retried on another node. Keep it above {@code connectTimeout}, so that a node that does not accept
   *     connections is reported as such
   * @return this
   */
  public TransportOptions setPoolWaitTimeout(long poolWaitTimeout) {
    if (poolWaitTimeout <= 0) {
      throw new IllegalArgumentException("poolWaitTimeout must be > 0, got " + poolWaitTimeout);
    }
    this.poolWaitTimeout = poolWaitTimeout;
    return this;
  }

  /** @return the longest queue of attempts waiting for a connection of one node's pool; default 1 000 */
  public int getMaxPoolWaitQueueSize() {
    return maxPoolWaitQueueSize;
  }

  /**
   * @param maxPoolWaitQueueSize the most attempts that may wait for a connection of one node's pool; one more fails
   *     at once with {@code PoolExhaustedException} (local overload, no node is marked dead)
   * @return this
   */
  public TransportOptions setMaxPoolWaitQueueSize(int maxPoolWaitQueueSize) {
    if (maxPoolWaitQueueSize < 1) {
      throw new IllegalArgumentException("maxPoolWaitQueueSize must be >= 1, got " + maxPoolWaitQueueSize);
    }
    this.maxPoolWaitQueueSize = maxPoolWaitQueueSize;
    return this;
  }

  /** @return whether connections are reused; default {@code true} */
  public boolean isKeepAlive() {
    return keepAlive;
  }

  /**
   * @param keepAlive whether connections are kept open and reused
   * @return this
   */
  public TransportOptions setKeepAlive(boolean keepAlive) {
    this.keepAlive = keepAlive;
    return this;
  }

  /** @return seconds an idle pooled connection stays open; default 60 */
  public int getKeepAliveTimeout() {
    return keepAliveTimeout;
  }

  /**
   * @param keepAliveTimeout seconds an idle pooled connection stays open, at least 1
   * @return this
   */
  public TransportOptions setKeepAliveTimeout(int keepAliveTimeout) {
    if (keepAliveTimeout < 1) {
      throw new IllegalArgumentException("keepAliveTimeout must be >= 1, got " + keepAliveTimeout);
    }
    this.keepAliveTimeout = keepAliveTimeout;
    return this;
  }

  /** @return how failed attempts are retried; default {@link #DEFAULT_RETRY} */
  public RetryConfig getRetry() {
    return retry;
  }

  /**
   * How failed attempts are retried, on another node when there is one; a call may replace it with
   * {@link CallOptions#setRetry(RetryConfig)}. What is retried, within {@code maxRetries} retries and
   * {@code maxRetryTime} (when set) after the first failure:
   * <ul>
   *   <li>attempts that were not sent (connection refused, connect timeout, no pooled connection, a reset before the
   *   request was fully written): always;</li>
   *   <li>attempts that may have been applied (a reset after the request was fully written): only for requests that
   *   are safe to repeat (GET, HEAD, the search-like POST endpoints, writes by id) or with
   *   {@link CallOptions#setRetryMaybeApplied(Boolean)}; otherwise the error says the request may have been
   *   applied;</li>
   *   <li>timeouts: only with {@code retryOnTimeout}, under the same rule;</li>
   *   <li>answers with a status of {@code retryOnStatus} (429, 502, 503, 504): always, since Elasticsearch (or a
   *   proxy) answered that it did not do the work.</li>
   * </ul>
   * The backoff between retries ({@code initialBackoff} doubling up to {@code maxBackoff}, with jitter) applies once
   * every live node was tried.
   *
   * @param retry the retry settings, e.g. {@code TransportOptions.DEFAULT_RETRY.withMaxRetries(5)};
   *     {@link RetryConfig#NONE} for none
   * @return this
   */
  public TransportOptions setRetry(RetryConfig retry) {
    this.retry = Objects.requireNonNull(retry, "retry");
    return this;
  }

  /** @return the first dead-node timeout in milliseconds; default 1 000 */
  public long getDeadNodeBackoffBase() {
    return deadNodeBackoffBase;
  }

  /**
   * @param deadNodeBackoffBase how long a node that failed once stays out of rotation, in milliseconds; after
   *     {@code n} consecutive failures it is {@code min(base * 2^(n-1), max)}
   * @return this
   */
  public TransportOptions setDeadNodeBackoffBase(long deadNodeBackoffBase) {
    if (deadNodeBackoffBase < 0) {
      throw new IllegalArgumentException("deadNodeBackoffBase must be >= 0, got " + deadNodeBackoffBase);
    }
    this.deadNodeBackoffBase = deadNodeBackoffBase;
    return this;
  }

  /** @return the longest dead-node timeout in milliseconds; default 30 000 */
  public long getDeadNodeBackoffMax() {
    return deadNodeBackoffMax;
  }

  /**
   * @param deadNodeBackoffMax the longest time a failed node stays out of rotation, in milliseconds
   * @return this
   */
  public TransportOptions setDeadNodeBackoffMax(long deadNodeBackoffMax) {
    if (deadNodeBackoffMax < 0) {
      throw new IllegalArgumentException("deadNodeBackoffMax must be >= 0, got " + deadNodeBackoffMax);
    }
    this.deadNodeBackoffMax = deadNodeBackoffMax;
    return this;
  }

  /** @return the named node selector, {@code round_robin} (default) or {@code random} */
  public String getNodeSelectorName() {
    return nodeSelectorName;
  }

  /**
   * @param name {@code round_robin} or {@code random}
   * @return this
   */
  public TransportOptions setNodeSelectorName(String name) {
    NodeSelector.named(name);
    this.nodeSelectorName = name;
    return this;
  }

  /** @return a custom node selector, or {@code null} to use the named one */
  public NodeSelector getNodeSelector() {
    return nodeSelector;
  }

  /**
   * @param nodeSelector a custom selector; it takes precedence over the named one and is not part of the JSON form
   * @return this
   */
  public TransportOptions setNodeSelector(NodeSelector nodeSelector) {
    this.nodeSelector = nodeSelector;
    return this;
  }

  /** @return whether the cluster is sniffed before the first request; default {@code false} */
  public boolean isSniffOnStart() {
    return sniffOnStart;
  }

  /**
   * @param sniffOnStart sniff the cluster ({@code GET /_nodes/_all/http}) before the first request is sent
   * @return this
   */
  public TransportOptions setSniffOnStart(boolean sniffOnStart) {
    this.sniffOnStart = sniffOnStart;
    return this;
  }

  /** @return whether a node failure triggers a sniff; default {@code false} */
  public boolean isSniffOnNodeFailure() {
    return sniffOnNodeFailure;
  }

  /**
   * @param sniffOnNodeFailure sniff in the background when a node is marked dead
   * @return this
   */
  public TransportOptions setSniffOnNodeFailure(boolean sniffOnNodeFailure) {
    this.sniffOnNodeFailure = sniffOnNodeFailure;
    return this;
  }

  /** @return milliseconds between periodic sniffs, {@code 0} = off (default) */
  public long getSniffInterval() {
    return sniffInterval;
  }

  /**
   * @param sniffInterval milliseconds between periodic sniffs, {@code 0} for none
   * @return this
   */
  public TransportOptions setSniffInterval(long sniffInterval) {
    if (sniffInterval < 0) {
      throw new IllegalArgumentException("sniffInterval must be >= 0, got " + sniffInterval);
    }
    this.sniffInterval = sniffInterval;
    return this;
  }

  /** @return the timeout of one sniff request in milliseconds; default 2 000 */
  public long getSniffTimeout() {
    return sniffTimeout;
  }

  /**
   * @param sniffTimeout timeout of one sniff request in milliseconds, positive
   * @return this
   */
  public TransportOptions setSniffTimeout(long sniffTimeout) {
    if (sniffTimeout <= 0) {
      throw new IllegalArgumentException("sniffTimeout must be > 0, got " + sniffTimeout);
    }
    this.sniffTimeout = sniffTimeout;
    return this;
  }

  /** @return the shortest delay between two failure-triggered sniffs in milliseconds; default 1 000 */
  public long getMinDelayBetweenSniffs() {
    return minDelayBetweenSniffs;
  }

  /**
   * @param minDelayBetweenSniffs shortest delay between two failure-triggered sniffs, in milliseconds
   * @return this
   */
  public TransportOptions setMinDelayBetweenSniffs(long minDelayBetweenSniffs) {
    this.minDelayBetweenSniffs = minDelayBetweenSniffs;
    return this;
  }

  /** @return which sniffed nodes join the pool; default {@link #NOT_MASTER_ONLY} */
  public Predicate<Node> getSniffedNodeFilter() {
    return sniffedNodeFilter;
  }

  /**
   * @param sniffedNodeFilter which sniffed nodes join the pool; not part of the JSON form
   * @return this
   */
  public TransportOptions setSniffedNodeFilter(Predicate<Node> sniffedNodeFilter) {
    this.sniffedNodeFilter = Objects.requireNonNull(sniffedNodeFilter, "sniffedNodeFilter");
    return this;
  }

  /** @return the credentials, or {@code null} for none */
  public Credentials getCredentials() {
    return credentials;
  }

  /**
   * @param credentials basic, API key or bearer credentials; exclusive with user info in the hosts and with an
   *     {@code Authorization} header
   * @return this
   */
  public TransportOptions setCredentials(Credentials credentials) {
    this.credentials = credentials;
    return this;
  }

  /** @return whether server certificates are verified; default {@code true} */
  public boolean isVerifyCertificates() {
    return verifyCertificates;
  }

  /**
   * @param verifyCertificates verify the server certificate chain and host name; turn off only for tests
   * @return this
   */
  public TransportOptions setVerifyCertificates(boolean verifyCertificates) {
    this.verifyCertificates = verifyCertificates;
    return this;
  }

  /** @return the PEM file of trusted CA certificates, or {@code null} for the JVM's trust store */
  public String getCaCertificatePath() {
    return caCertificatePath;
  }

  /**
   * @param caCertificatePath a PEM file of CA certificates to trust instead of the JVM's trust store
   * @return this
   */
  public TransportOptions setCaCertificatePath(String caCertificatePath) {
    this.caCertificatePath = caCertificatePath;
    return this;
  }

  /** @return the PEM client certificate, or {@code null} */
  public String getClientCertificatePath() {
    return clientCertificatePath;
  }

  /**
   * @param clientCertificatePath a PEM client certificate for mutual TLS; needs {@link #setClientKeyPath}
   * @return this
   */
  public TransportOptions setClientCertificatePath(String clientCertificatePath) {
    this.clientCertificatePath = clientCertificatePath;
    return this;
  }

  /** @return the PEM private key of the client certificate, or {@code null} */
  public String getClientKeyPath() {
    return clientKeyPath;
  }

  /**
   * @param clientKeyPath the PEM (PKCS#8) private key of the client certificate
   * @return this
   */
  public TransportOptions setClientKeyPath(String clientKeyPath) {
    this.clientKeyPath = clientKeyPath;
    return this;
  }

  /** @return the pinned SHA-256 certificate fingerprint, or {@code null} */
  public String getCertificateFingerprint() {
    return certificateFingerprint;
  }

  /**
   * @param certificateFingerprint the SHA-256 fingerprint (hex, colons optional) of a certificate of the server's
   *     chain; when set it replaces chain and host name verification, as Elasticsearch's own tools do
   * @return this
   */
  public TransportOptions setCertificateFingerprint(String certificateFingerprint) {
    this.certificateFingerprint = certificateFingerprint;
    return this;
  }

  /** @return the Vert.x trust options (JKS, PKCS#12, PEM...), or {@code null} */
  public TrustOptions getTrustOptions() {
    return trustOptions;
  }

  /**
   * Trusts the server certificates of a Vert.x trust store instead of the JVM's: {@code JksOptions},
   * {@code PfxOptions} (PKCS#12) or {@code PemTrustOptions}, from paths or in-memory values. Host names are still
   * verified. Exclusive with {@link #setCaCertificatePath}, {@link #setCertificateFingerprint} and
   * {@code verifyCertificates=false}: the transport refuses the combination with an {@code IllegalArgumentException}.
   *
   * @param trustOptions the trust options (copied when the transport is created), or {@code null}
   * @return this
   */
  public TransportOptions setTrustOptions(TrustOptions trustOptions) {
    this.trustOptions = trustOptions;
    return this;
  }

  /** @return the Vert.x client key and certificate options, or {@code null} */
  public KeyCertOptions getKeyCertOptions() {
    return keyCertOptions;
  }

  /**
   * The client key and certificate for mutual TLS as Vert.x options: {@code JksOptions}, {@code PfxOptions}
   * (PKCS#12) or {@code PemKeyCertOptions}, from paths or in-memory values. Exclusive with
   * {@link #setClientCertificatePath} / {@link #setClientKeyPath} (refused with an {@code IllegalArgumentException}).
   *
   * @param keyCertOptions the key and certificate options (copied when the transport is created), or {@code null}
   * @return this
   */
  public TransportOptions setKeyCertOptions(KeyCertOptions keyCertOptions) {
    this.keyCertOptions = keyCertOptions;
    return this;
  }

  /** @return the proxy every connection goes through, or {@code null} for none (default) */
  public ProxyOptions getProxyOptions() {
    return proxyOptions;
  }

  /**
   * Sends every request through a proxy, as Vert.x clients take it: {@code ProxyType.HTTP} (plain requests are
   * forwarded with absolute URIs, TLS ones tunnelled with {@code CONNECT}) or {@code SOCKS5} (also {@code SOCKS4}),
   * with optional username and password (never shown by {@link #toString()}). Sniffed nodes are reached through it
   * too.
   *
   * @param proxyOptions the proxy (copied when the transport is created), or {@code null} for none
   * @return this
   */
  public TransportOptions setProxyOptions(ProxyOptions proxyOptions) {
    this.proxyOptions = proxyOptions;
    return this;
  }

  /** @return the Elastic Cloud id, or {@code null} */
  public String getCloudId() {
    return cloudId;
  }

  /**
   * Connects to an Elastic Cloud deployment by its cloud id ({@code name:base64(host[:port]$es-uuid$kibana-uuid)}),
   * as the official clients do: the single host becomes {@code https://<es-uuid>.<host>:<port>} (port 443 unless
   * the id carries one). Exclusive with {@link #setHosts}; {@code null} clears it and restores the default host.
   *
   * @param cloudId the cloud id, or {@code null}
   * @return this
   * @throws IllegalArgumentException when the id is malformed or hosts other than the default are set
   */
  public TransportOptions setCloudId(String cloudId) {
    if (cloudId == null) {
      if (this.cloudId != null) {
        this.cloudId = null;
        this.hosts = new ArrayList<>(List.of(DEFAULT_HOST));
      }
      return this;
    }
    String host = CloudId.parse(cloudId).url();
    if (this.cloudId == null && !hosts.equals(List.of(DEFAULT_HOST))) {
      throw new IllegalArgumentException("hosts are set: set the hosts or the cloud id, not both");
    }
    this.cloudId = cloudId.strip();
    this.hosts = new ArrayList<>(List.of(host));
    return this;
  }

  /** @return whether request bodies are gzip-compressed; default {@code false} */
  public boolean isCompressRequests() {
    return compressRequests;
  }

  /**
   * @param compressRequests gzip request bodies and send {@code content-encoding: gzip}
   * @return this
   */
  public TransportOptions setCompressRequests(boolean compressRequests) {
    this.compressRequests = compressRequests;
    return this;
  }

  /** @return whether {@code accept-encoding: gzip} is sent and responses decompressed; default {@code true} */
  public boolean isAcceptCompressedResponses() {
    return acceptCompressedResponses;
  }

  /**
   * @param acceptCompressedResponses send {@code accept-encoding: gzip, deflate} and decompress responses
   * @return this
   */
  public TransportOptions setAcceptCompressedResponses(boolean acceptCompressedResponses) {
    this.acceptCompressedResponses = acceptCompressedResponses;
    return this;
  }

  /** @return the largest (decompressed) response body in bytes; default 100 MiB */
  public long getMaxResponseSize() {
    return maxResponseSize;
  }

  /**
   * @param maxResponseSize the largest decompressed response body in bytes; a larger one fails the request with a
   *     {@code ResponseTooLargeException} and resets the connection
   * @return this
   */
  public TransportOptions setMaxResponseSize(long maxResponseSize) {
    if (maxResponseSize <= 0) {
      throw new IllegalArgumentException("maxResponseSize must be > 0, got " + maxResponseSize);
    }
    this.maxResponseSize = maxResponseSize;
    return this;
  }

  /** @return the largest request body in bytes; default 100 MiB */
  public long getMaxRequestSize() {
    return maxRequestSize;
  }

  /**
   * @param maxRequestSize the largest request body in bytes (before compression); a larger one fails with
   *     {@code RequestTooLargeException} before anything is sent. Elasticsearch refuses bodies over its
   *     {@code http.max_content_length} (100 MiB by default) by closing the connection, which a client cannot tell
   *     from a network failure: keep this at or below the cluster's limit
   * @return this
   */
  public TransportOptions setMaxRequestSize(long maxRequestSize) {
    if (maxRequestSize <= 0) {
      throw new IllegalArgumentException("maxRequestSize must be > 0, got " + maxRequestSize);
    }
    this.maxRequestSize = maxRequestSize;
    return this;
  }

  /** @return headers sent with every request */
  public Map<String, String> getHeaders() {
    return headers;
  }

  /**
   * @param headers headers sent with every request
   * @return this
   */
  public TransportOptions setHeaders(Map<String, String> headers) {
    this.headers = new LinkedHashMap<>(Objects.requireNonNull(headers, "headers"));
    return this;
  }

  /**
   * @param name a header sent with every request
   * @param value its value
   * @return this
   */
  public TransportOptions putHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /**
   * @return the REST compatibility version: {@link #COMPATIBILITY_AUTO} (default, detected), {@code 0} (off) or a major
   *     version
   */
  public int getCompatibilityVersion() {
    return compatibilityVersion;
  }

  /**
   * The major version sent as {@code compatible-with=N} in JSON and NDJSON media types. A 9.x server accepts 8 and 9,
   * an 8.x server 7 and 8. By default ({@link #COMPATIBILITY_AUTO}) the client sends 9 and, when a cluster refuses it
   * ({@code 400 media_type_header_exception}, which an 8.x cluster answers), switches to the version the cluster
   * names and sends that request again: default options work against 8.x and 9.x alike. What is learnt is kept for
   * the set of hosts in the Vert.x instance (not across instances): a client created later for the same hosts, e.g.
   * one per verticle instance, sends the accepted version from its first request, and the refusal is logged once. A
   * version set here is sent as is; {@code 0} sends plain media types.
   *
   * @param compatibilityVersion {@link #COMPATIBILITY_AUTO}, {@code 0}, or a major version (7 or more)
   * @return this
   */
  public TransportOptions setCompatibilityVersion(int compatibilityVersion) {
    if (compatibilityVersion < COMPATIBILITY_AUTO || (compatibilityVersion > 0 && compatibilityVersion < 7)) {
      throw new IllegalArgumentException("compatibilityVersion must be -1 (detect), 0 (off) or 7 and above, got "
        + compatibilityVersion);
    }
    this.compatibilityVersion = compatibilityVersion;
    return this;
  }

  /** @return whether 2xx responses must carry {@code X-Elastic-Product: Elasticsearch}; default {@code true} */
  public boolean isProductCheck() {
    return productCheck;
  }

  /**
   * @param productCheck require {@code X-Elastic-Product: Elasticsearch} on 2xx responses, failing with
   *     {@code UnsupportedProductException} otherwise
   * @return this
   */
  public TransportOptions setProductCheck(boolean productCheck) {
    this.productCheck = productCheck;
    return this;
  }

  /** @return whether {@code x-elastic-client-meta} is sent; default {@code true} */
  public boolean isClientMeta() {
    return clientMeta;
  }

  /**
   * @param clientMeta send the {@code x-elastic-client-meta} header (client, Java and Vert.x versions)
   * @return this
   */
  public TransportOptions setClientMeta(boolean clientMeta) {
    this.clientMeta = clientMeta;
    return this;
  }

  /** @return the listener of {@code Warning} response headers, or {@code null} */
  public Handler<List<String>> getWarningHandler() {
    return warningHandler;
  }

  /**
   * @param warningHandler called with the {@code Warning} headers of every response that has some (deprecations);
   *     runs on the caller's context, must not block; not part of the JSON form
   * @return this
   */
  public TransportOptions setWarningHandler(Handler<List<String>> warningHandler) {
    this.warningHandler = warningHandler;
    return this;
  }

  /** @return the settings, with credentials, header values, key store passwords and keys, proxy passwords hidden */
  @Override
  public String toString() {
    JsonObject json = toJson();
    NetOptionsJson.hideSecrets(json);
    if (credentials != null) {
      json.put("credentials", credentials.toString());
    }
    json.put("headers", new JsonArray(new ArrayList<>(headers.keySet())));
    JsonArray safeHosts = new JsonArray();
    hosts.forEach(h -> safeHosts.add(h.replaceAll("//[^/@]*@", "//***@")));
    json.put("hosts", safeHosts);
    return getClass().getSimpleName() + json.encode();
  }
}
