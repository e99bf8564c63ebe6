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

    /** The default version: {@code auto}, the newest supported major this machine can run (9.x with Java 21+). */
    public static final String DEFAULT_VERSION = "auto";
    /** The default cluster name: {@code embedded}. */
    public static final String DEFAULT_CLUSTER_NAME = "embedded";
    /** The default bound of a start: 120 seconds. */
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

    /** Options with the defaults: version {@code auto}, one node, cluster {@code embedded}, plain HTTP. */
    public EmbeddedElasticsearchOptions() {
    }

    /**
     * Copy constructor.
     *
     * @param other the options to copy (settings included)
     */
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

    /**
     * The version as configured, not yet resolved.
     *
     * @return {@code "auto"} (the default), {@code "8"}, {@code "9"} or an exact version
     */
    public String getVersion() {
        return version;
    }

    /**
     * Sets the Elasticsearch version to run; it wins over the system property {@value #VERSION_PROPERTY}.
     *
     * @param version {@code "auto"} (the newest major this machine can run), {@code "8"}, {@code "9"} or an exact
     *     supported version; a version that is not supported fails at {@link EmbeddedElasticsearch#start start}
     * @return these options
     * @throws NullPointerException when {@code version} is {@code null}
     */
    public EmbeddedElasticsearchOptions setVersion(String version) {
        Objects.requireNonNull(version, "version");
        this.version = version.trim().toLowerCase(Locale.ROOT);
        this.versionSet = true;
        return this;
    }

    /**
     * The version to resolve: the explicitly set one, else the system property {@value #VERSION_PROPERTY}, else
     * {@code "auto"}.
     *
     * @return the version that {@link EmbeddedElasticsearch#start start} resolves
     */
    public String getEffectiveVersion() {
        if (versionSet) {
            return version;
        }
        String property = System.getProperty(VERSION_PROPERTY);
        return property == null || property.isBlank() ? version : property.trim().toLowerCase(Locale.ROOT);
    }

    /** @return the number of nodes of the cluster, 1 by default */
    public int getNodes() {
        return nodes;
    }

    /**
     * Sets the number of nodes, all in one forked JVM and one cluster.
     *
     * @param nodes 1 or more (default 1)
     * @return these options
     * @throws IllegalArgumentException when {@code nodes} is less than 1
     */
    public EmbeddedElasticsearchOptions setNodes(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1: " + nodes);
        }
        this.nodes = nodes;
        return this;
    }

    /** @return the cluster name, {@value #DEFAULT_CLUSTER_NAME} by default */
    public String getClusterName() {
        return clusterName;
    }

    /**
     * Sets the cluster name.
     *
     * @param clusterName the name (default {@value #DEFAULT_CLUSTER_NAME})
     * @return these options
     * @throws NullPointerException when {@code clusterName} is {@code null}
     */
    public EmbeddedElasticsearchOptions setClusterName(String clusterName) {
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        return this;
    }

    /**
     * The heap of the forked JVM.
     *
     * @return the one set, else 512m + 256m per extra node
     */
    public String getHeap() {
        return heap != null ? heap : (512 + 256 * (nodes - 1)) + "m";
    }

    /**
     * Sets the heap of the forked JVM ({@code -Xms} and {@code -Xmx}).
     *
     * @param heap a JVM size such as {@code 1g}; {@code null} for the default (512m + 256m per extra node)
     * @return these options
     */
    public EmbeddedElasticsearchOptions setHeap(String heap) {
        this.heap = heap;
        return this;
    }

    /**
     * The extra node settings, given to every node after the engine's own (so they win).
     *
     * @return the settings, a live, mutable map (empty by default)
     */
    public Map<String, String> getSettings() {
        return settings;
    }

    /**
     * Replaces the extra node settings.
     *
     * @param settings the settings, e.g. {@code http.port}; {@code null} clears them
     * @return these options
     */
    public EmbeddedElasticsearchOptions setSettings(Map<String, String> settings) {
        this.settings.clear();
        if (settings != null) {
            this.settings.putAll(settings);
        }
        return this;
    }

    /**
     * Adds one extra node setting.
     *
     * @param key the setting, e.g. {@code http.port}
     * @param value its value
     * @return these options
     * @throws NullPointerException when {@code key} or {@code value} is {@code null}
     */
    public EmbeddedElasticsearchOptions putSetting(String key, String value) {
        settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** @return the bound of a start (and of a node restart), 120 seconds by default */
    public Duration getStartTimeout() {
        return startTimeout;
    }

    /**
     * Sets the bound of a start and of a node restart; past it the start fails and the forked JVM is ended.
     *
     * @param startTimeout a positive duration (default 120 seconds)
     * @return these options
     * @throws NullPointerException when {@code startTimeout} is {@code null}
     * @throws IllegalArgumentException when it is zero or negative
     */
    public EmbeddedElasticsearchOptions setStartTimeout(Duration startTimeout) {
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
        this.startTimeout = startTimeout;
        return this;
    }

    /** @return the Java home set to run the nodes, or {@code null} (the default: chosen by the engine) */
    public Path getJavaHome() {
        return javaHome;
    }

    /**
     * Sets the Java home that runs the nodes.
     *
     * @param javaHome a JDK or JRE home able to run the version; {@code null} (the default) uses {@code ES_JAVA_HOME},
     *     else the newest suitable runtime under {@code /usr/lib/jvm}, else the current one
     * @return these options
     */
    public EmbeddedElasticsearchOptions setJavaHome(Path javaHome) {
        this.javaHome = javaHome;
        return this;
    }

    /** @return the data directory set, or {@code null} (the default: a temporary one, deleted at close) */
    public Path getDataDir() {
        return dataDir;
    }

    /**
     * Sets the directory of the nodes' homes and data, kept after close.
     *
     * @param dataDir the directory, created when missing; {@code null} (the default) for a temporary one under
     *     {@value #TMPDIR_PROPERTY} (or {@code java.io.tmpdir}), deleted at close
     * @return these options
     */
    public EmbeddedElasticsearchOptions setDataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** @return the file the node output is also written to, or {@code null} (the default: none) */
    public Path getLogFile() {
        return logFile;
    }

    /**
     * Sets a file that receives the whole output of the forked JVM (node logs), besides the last lines kept in memory.
     *
     * @param logFile the file, appended to and created with its directories; {@code null} (the default) for none
     * @return these options
     */
    public EmbeddedElasticsearchOptions setLogFile(Path logFile) {
        this.logFile = logFile;
        return this;
    }

    /** @return whether the nodes serve HTTPS, {@code false} by default */
    public boolean isHttps() {
        return https;
    }

    /**
     * Serve HTTPS instead of HTTP (x-pack security is not published: the nodes get a TLS-enabled transport-netty4 HTTP
     * server of this project's own). The node certificate is self-signed and made at start.
     *
     * @param https {@code true} for HTTPS (default {@code false}); {@code false} also turns client authentication off
     * @return these options
     */
    public EmbeddedElasticsearchOptions setHttps(boolean https) {
        this.https = https;
        if (!https) {
            httpsClientAuth = false;
        }
        return this;
    }

    /** @return whether the nodes require a client certificate, {@code false} by default */
    public boolean isHttpsClientAuth() {
        return httpsClientAuth;
    }

    /**
     * Require a client certificate (mutual TLS); implies {@link #setHttps(boolean) https}.
     *
     * @param httpsClientAuth {@code true} to require one (default {@code false})
     * @return these options
     */
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
