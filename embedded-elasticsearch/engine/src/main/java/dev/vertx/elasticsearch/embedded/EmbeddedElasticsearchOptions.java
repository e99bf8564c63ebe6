package dev.vertx.elasticsearch.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Options of {@link EmbeddedElasticsearch#start(EmbeddedElasticsearchOptions)}. Plain mutable object with fluent setters.
 *
 * <ul>
 *   <li>{@code version}: {@code "auto"} (default), {@code "8"}, {@code "9"} or an exact supported version such as
 *       {@code "8.19.21"}. {@code auto} picks 9.x when a Java 21+ runtime is found, else 8.x (with a warning). When the
 *       version was not set explicitly, the system property {@value #VERSION_PROPERTY} overrides the default.</li>
 *   <li>{@code nodes}: number of nodes of the cluster, all in the same forked JVM (default 1).</li>
 *   <li>{@code clusterName}: default {@code "embedded"}.</li>
 *   <li>{@code heap}: heap of the forked JVM; default 512m for one node plus 256m per extra node.</li>
 *   <li>{@code settings}: extra settings applied to every node; they win over the generated ones
 *       (e.g. {@code http.port} pins the port).</li>
 *   <li>{@code startTimeout}: bound of every start/stop wait (default 120 s).</li>
 *   <li>{@code javaHome}: JDK that runs the nodes (default: detected, see {@link EmbeddedElasticsearch}).</li>
 *   <li>{@code dataDir}: directory for the nodes' homes, data and snapshot repository; default a fresh temporary
 *       directory (under the system property {@value #TMPDIR_PROPERTY}, else {@code java.io.tmpdir}) that is deleted on
 *       close. A directory given here is kept.</li>
 *   <li>{@code logFile}: optional file that receives the whole output of the forked JVM.</li>
 *   <li>{@code https}: serve HTTPS with a self-signed certificate made at start (default off); with
 *       {@code httpsClientAuth} the nodes also require a client certificate. See
 *       {@link EmbeddedElasticsearch#httpsCertificate()}.</li>
 * </ul>
 */
public final class EmbeddedElasticsearchOptions {

    /** System property that overrides the default version ({@code auto}) when none was set explicitly. */
    public static final String VERSION_PROPERTY = "embedded.es.version";
    /** System property: where the default (temporary) data directories are created. */
    public static final String TMPDIR_PROPERTY = "embedded.es.tmpdir";

    public static final String DEFAULT_VERSION = "auto";
    public static final String DEFAULT_CLUSTER_NAME = "embedded";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private String version = DEFAULT_VERSION;
    private boolean versionSet;
    private int nodes = 1;
    private String clusterName = DEFAULT_CLUSTER_NAME;
    private String heap;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Path javaHome;
    private Path dataDir;
    private Path logFile;
    private boolean https;
    private boolean httpsClientAuth;

    public EmbeddedElasticsearchOptions() {
    }

    /** Copy constructor. */
    public EmbeddedElasticsearchOptions(EmbeddedElasticsearchOptions other) {
        this.version = other.version;
        this.versionSet = other.versionSet;
        this.nodes = other.nodes;
        this.clusterName = other.clusterName;
        this.heap = other.heap;
        this.settings.putAll(other.settings);
        this.startTimeout = other.startTimeout;
        this.javaHome = other.javaHome;
        this.dataDir = other.dataDir;
        this.logFile = other.logFile;
        this.https = other.https;
        this.httpsClientAuth = other.httpsClientAuth;
    }

    /** The version as configured ({@code "auto"}, {@code "8"}, {@code "9"} or exact), not yet resolved. */
    public String getVersion() {
        return version;
    }

    public EmbeddedElasticsearchOptions setVersion(String version) {
        Objects.requireNonNull(version, "version");
        this.version = version.trim().toLowerCase(Locale.ROOT);
        this.versionSet = true;
        return this;
    }

    /**
     * The version to resolve: the explicitly set one, else the system property {@value #VERSION_PROPERTY}, else
     * {@code "auto"}.
     */
    public String getEffectiveVersion() {
        if (versionSet) {
            return version;
        }
        String property = System.getProperty(VERSION_PROPERTY);
        return property == null || property.isBlank() ? version : property.trim().toLowerCase(Locale.ROOT);
    }

    public int getNodes() {
        return nodes;
    }

    public EmbeddedElasticsearchOptions setNodes(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1: " + nodes);
        }
        this.nodes = nodes;
        return this;
    }

    public String getClusterName() {
        return clusterName;
    }

    public EmbeddedElasticsearchOptions setClusterName(String clusterName) {
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        return this;
    }

    /** The heap of the forked JVM: the one set, else 512m + 256m per extra node. */
    public String getHeap() {
        return heap != null ? heap : (512 + 256 * (nodes - 1)) + "m";
    }

    public EmbeddedElasticsearchOptions setHeap(String heap) {
        this.heap = heap;
        return this;
    }

    /** The extra node settings (a live, mutable map). */
    public Map<String, String> getSettings() {
        return settings;
    }

    public EmbeddedElasticsearchOptions setSettings(Map<String, String> settings) {
        this.settings.clear();
        if (settings != null) {
            this.settings.putAll(settings);
        }
        return this;
    }

    public EmbeddedElasticsearchOptions putSetting(String key, String value) {
        settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public Duration getStartTimeout() {
        return startTimeout;
    }

    public EmbeddedElasticsearchOptions setStartTimeout(Duration startTimeout) {
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
        this.startTimeout = startTimeout;
        return this;
    }

    public Path getJavaHome() {
        return javaHome;
    }

    public EmbeddedElasticsearchOptions setJavaHome(Path javaHome) {
        this.javaHome = javaHome;
        return this;
    }

    public Path getDataDir() {
        return dataDir;
    }

    public EmbeddedElasticsearchOptions setDataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    public Path getLogFile() {
        return logFile;
    }

    public EmbeddedElasticsearchOptions setLogFile(Path logFile) {
        this.logFile = logFile;
        return this;
    }

    public boolean isHttps() {
        return https;
    }

    /**
     * Serve HTTPS instead of HTTP (x-pack security is not published: the nodes get a TLS-enabled transport-netty4 HTTP
     * server of this project's own). The node certificate is self-signed and made at start.
     */
    public EmbeddedElasticsearchOptions setHttps(boolean https) {
        this.https = https;
        if (!https) {
            httpsClientAuth = false;
        }
        return this;
    }

    public boolean isHttpsClientAuth() {
        return httpsClientAuth;
    }

    /** Require a client certificate (mutual TLS); implies {@link #setHttps(boolean) https}. */
    public EmbeddedElasticsearchOptions setHttpsClientAuth(boolean httpsClientAuth) {
        this.httpsClientAuth = httpsClientAuth;
        if (httpsClientAuth) {
            https = true;
        }
        return this;
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("credential")
            || k.endsWith("key") || k.contains(".key.") || k.contains("keystore");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"version\":\"").append(getEffectiveVersion()).append('"');
        sb.append(",\"nodes\":").append(nodes);
        sb.append(",\"clusterName\":\"").append(clusterName).append('"');
        sb.append(",\"heap\":\"").append(getHeap()).append('"');
        sb.append(",\"settings\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":\"").append(isSecret(e.getKey()) ? "***" : e.getValue()).append('"');
        }
        sb.append('}');
        sb.append(",\"startTimeout\":\"").append(startTimeout).append('"');
        if (javaHome != null) {
            sb.append(",\"javaHome\":\"").append(javaHome).append('"');
        }
        if (dataDir != null) {
            sb.append(",\"dataDir\":\"").append(dataDir).append('"');
        }
        if (logFile != null) {
            sb.append(",\"logFile\":\"").append(logFile).append('"');
        }
        if (https) {
            sb.append(",\"https\":true,\"httpsClientAuth\":").append(httpsClientAuth);
        }
        return sb.append('}').toString();
    }
}
