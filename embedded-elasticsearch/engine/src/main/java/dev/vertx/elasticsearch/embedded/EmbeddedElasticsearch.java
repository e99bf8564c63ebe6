package dev.vertx.elasticsearch.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Elasticsearch cluster (1..n nodes) running in a forked JVM, started from the Maven Central artifacts of
 * Elasticsearch {@code 8.19.x} or {@code 9.x}. Nothing of the server is loaded into the caller's JVM.
 *
 * <p>Version {@code auto}: 9.x when a Java 21+ runtime is found ({@code ES_JAVA_HOME}, the current JVM, {@code JAVA_HOME},
 * else the newest JDK under /usr/lib/jvm), else 8.x with a warning. All nodes bind to 127.0.0.1 on free ports that are
 * kept for the lifetime of the instance (a restarted node comes back on the same ports and data).
 *
 * <pre>{@code
 * try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions())) {
 *     String url = es.httpUrl(); // http://127.0.0.1:41231
 * }
 * }</pre>
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EmbeddedElasticsearch.class.getName());
    static final String PROTOCOL_PREFIX = "@@embedded-es@@ ";
    private static final int ERROR_LINES = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration GRACEFUL_SHUTDOWN = Duration.ofSeconds(30);

    /** Test hook: sees the HTTP ports picked for an attempt before the node JVM is forked. */
    static volatile java.util.function.Consumer<int[]> afterPortsPicked;

    private enum NodeState { STARTING, RUNNING, STOPPING, STOPPED, FAILED }

    private final EmbeddedElasticsearchOptions options;
    private final Distribution distribution;
    private final Path dataDir;
    private final boolean deleteDataDir;
    private final int nodeCount;
    private final int[] httpPorts;
    private final int[] transportPorts;
    private final boolean httpPortPinned;
    private final boolean transportPortPinned;
    private final OutputBuffer output;
    private final HttpClient http;
    private final HttpsMaterial https;

    private final Object lock = new Object(); // guards the node states and 'exited'
    private final NodeState[] states;
    private final String[] failures;
    private boolean exited;

    private final Object commandLock = new Object(); // serialises startNode/stopNode
    private final Object stdinLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Process process;
    private Writer stdin;
    private Thread pump;
    private Thread shutdownHook;

    private EmbeddedElasticsearch(EmbeddedElasticsearchOptions options, Distribution distribution, Path dataDir,
                                  boolean deleteDataDir, HttpsMaterial https) {
        this.https = https;
        this.options = options;
        this.distribution = distribution;
        this.dataDir = dataDir;
        this.deleteDataDir = deleteDataDir;
        this.nodeCount = options.getNodes();
        this.httpPorts = new int[nodeCount];
        this.transportPorts = new int[nodeCount];
        this.states = new NodeState[nodeCount];
        this.failures = new String[nodeCount];
        this.httpPortPinned = options.getSettings().containsKey("http.port");
        this.transportPortPinned = options.getSettings().containsKey("transport.port");
        this.output = new OutputBuffer(500, options.getLogFile());
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1);
        if (https != null) {
            builder.sslContext(https.clientContext());
        }
        this.http = builder.build();
    }

    /**
     * Starts the cluster and blocks until every node answers 200 on {@code GET /} and the cluster health is at least
     * yellow with all nodes joined.
     *
     * @param options the options, copied (later changes to them have no effect)
     * @return the running cluster; close it to stop the forked JVM
     * @throws EmbeddedElasticsearchException when a node fails to start or the start timeout elapses; the message holds
     *     the last lines of the node output, and the forked JVM is gone
     */
    public static EmbeddedElasticsearch start(EmbeddedElasticsearchOptions options) {
        EmbeddedElasticsearchOptions opts = new EmbeddedElasticsearchOptions(Objects.requireNonNull(options, "options"));
        Distribution distribution = Distribution.resolve(opts);
        List<Path> classpath = distribution.classpath();
        String mainClass = distribution.mainClass();
        boolean deleteDataDir = opts.getDataDir() == null;
        Path dataDir;
        try {
            if (deleteDataDir) {
                Path root = Path.of(System.getProperty(EmbeddedElasticsearchOptions.TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
                Files.createDirectories(root);
                dataDir = Files.createTempDirectory(root, "embedded-es-");
            } else {
                dataDir = Files.createDirectories(opts.getDataDir().toAbsolutePath());
            }
        } catch (IOException e) {
            throw new EmbeddedElasticsearchException("Cannot create the data directory", e);
        }
        boolean pinned = opts.getSettings().containsKey("http.port") || opts.getSettings().containsKey("transport.port");
        int attempts = pinned ? 1 : 2;
        HttpsMaterial https;
        try {
            https = opts.isHttps() ? HttpsMaterial.create(dataDir.resolve("tls"), distribution.java.home(),
                opts.isHttpsClientAuth()) : null;
        } catch (RuntimeException e) {
            if (deleteDataDir) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
        for (int attempt = 1; ; attempt++) {
            EmbeddedElasticsearch es = new EmbeddedElasticsearch(opts, distribution, dataDir, deleteDataDir, https);
            try {
                es.launch(classpath, mainClass);
                return es;
            } catch (PortConflictException e) {
                if (attempt < attempts) {
                    LOG.log(Level.WARNING, "embedded-elasticsearch: a port was taken between picking and binding it, retrying with new ports");
                    es.abandon();
                    continue;
                }
                es.closeNow();
                throw new EmbeddedElasticsearchException(e.getMessage(), e.getCause());
            } catch (RuntimeException | Error e) {
                es.closeNow();
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- public API

    /**
     * The HTTP URL of every node, index = node number (also for stopped nodes: they come back on the same port);
     * {@code https://127.0.0.1:<port>} with {@link EmbeddedElasticsearchOptions#setHttps(boolean) https}.
     *
     * @return the URLs, one per node
     */
    public List<String> httpUrls() {
        synchronized (lock) {
            List<String> urls = new ArrayList<>(nodeCount);
            for (int port : httpPorts) {
                urls.add((https != null ? "https" : "http") + "://127.0.0.1:" + port);
            }
            return List.copyOf(urls);
        }
    }

    /** @return the HTTP URL of node 0 */
    public String httpUrl() {
        return httpUrls().get(0);
    }

    /** @return the exact Elasticsearch version, e.g. {@code 9.5.3} */
    public String version() {
        return distribution.version;
    }

    /** @return the major Elasticsearch version, 8 or 9 */
    public int majorVersion() {
        return distribution.major;
    }

    /** @return the number of nodes, running or stopped */
    public int nodeCount() {
        return nodeCount;
    }

    /** @return the cluster name */
    public String clusterName() {
        return options.getClusterName();
    }

    /** @return whether the nodes serve HTTPS */
    public boolean isHttps() {
        return https != null;
    }

    /**
     * The self-signed certificate of the nodes (PEM, for {@code localhost} and {@code 127.0.0.1}): the one to trust.
     *
     * @return its path, or {@code null} without HTTPS
     */
    public Path httpsCertificate() {
        return https == null ? null : https.nodeCertificate;
    }

    /**
     * A client key and its self-signed certificate as a PKCS#12 key store (password {@link #httpsKeyStorePassword()});
     * the nodes require it with {@link EmbeddedElasticsearchOptions#setHttpsClientAuth(boolean) httpsClientAuth}.
     *
     * @return its path, or {@code null} without HTTPS
     */
    public Path httpsClientKeyStore() {
        return https == null ? null : https.clientKeyStore;
    }

    /** @return the client certificate of {@link #httpsClientKeyStore()} as PEM, or {@code null} without HTTPS */
    public Path httpsClientCertificate() {
        return https == null ? null : https.clientCertificate;
    }

    /** @return the password of the key stores of the TLS material (throw-away test material) */
    public String httpsKeyStorePassword() {
        return HttpsMaterial.PASSWORD;
    }

    /** @return the Java home that runs the nodes */
    public Path javaHome() {
        return distribution.java.home();
    }

    /** @return the directory holding the nodes' homes (node-&lt;n&gt;), the snapshot repository and the forked JVM's tmp dir */
    public Path dataDir() {
        return dataDir;
    }

    /** @return a directory registered as {@code path.repo} on every node, for {@code fs} snapshot repositories */
    public Path snapshotRepositoryPath() {
        return dataDir.resolve("snapshots");
    }

    /**
     * The last lines the forked JVM printed (node logs).
     *
     * @param lines how many lines at most (500 are kept)
     * @return the lines, oldest first
     */
    public List<String> recentOutput(int lines) {
        return output.last(lines);
    }

    /**
     * @param node the node number, from 0
     * @return whether the node is running (not stopped, and the forked JVM is alive)
     * @throws IndexOutOfBoundsException when there is no such node
     */
    public boolean isRunning(int node) {
        checkNode(node);
        synchronized (lock) {
            return !exited && states[node] == NodeState.RUNNING;
        }
    }

    /**
     * Stops (closes) one node and blocks until it is closed; the other nodes keep running. No-op if not running.
     *
     * @param node the node number, from 0
     * @throws IndexOutOfBoundsException when there is no such node
     * @throws IllegalStateException when the cluster is closed
     * @throws EmbeddedElasticsearchException when the node does not stop within the start timeout
     */
    public void stopNode(int node) {
        checkNode(node);
        synchronized (commandLock) {
            checkOpen();
            synchronized (lock) {
                if (states[node] != NodeState.RUNNING) {
                    return;
                }
                states[node] = NodeState.STOPPING;
            }
            long deadline = deadline();
            send("stop " + node);
            awaitNodeState(node, NodeState.STOPPED, deadline, "stopping node " + node);
        }
    }

    /**
     * Restarts a stopped node on the same ports and data, and blocks until it answers HTTP and has joined the cluster.
     * No-op if it is running.
     *
     * @param node the node number, from 0
     * @throws IndexOutOfBoundsException when there is no such node
     * @throws IllegalStateException when the cluster is closed
     * @throws EmbeddedElasticsearchException when the node does not start and join within the start timeout
     */
    public void startNode(int node) {
        checkNode(node);
        synchronized (commandLock) {
            checkOpen();
            synchronized (lock) {
                if (states[node] == NodeState.RUNNING) {
                    return;
                }
                states[node] = NodeState.STARTING;
                failures[node] = null;
            }
            long deadline = deadline();
            send("start " + node);
            awaitNodeState(node, NodeState.RUNNING, deadline, "starting node " + node);
            awaitRootOk(node, deadline);
            awaitHealth(node, runningNodes(), deadline);
        }
    }

    /** Stops the forked JVM (gracefully, then forcibly) and deletes the data directory unless it was given. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // no commandLock: a start/stop in progress fails fast once the JVM is gone
        removeShutdownHook();
        shutdownProcess(GRACEFUL_SHUTDOWN);
        output.close();
        if (deleteDataDir) {
            deleteRecursively(dataDir);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedElasticsearch{version=" + version() + ", nodes=" + httpUrls() + ", dataDir=" + dataDir + "}";
    }

    // ---------------------------------------------------------------------------------------------------- start

    private void launch(List<Path> classpath, String mainClass) {
        long deadline = deadline();
        pickPorts();
        java.util.function.Consumer<int[]> hook = afterPortsPicked;
        if (hook != null) {
            hook.accept(httpPorts.clone());
        }
        Path config = writeConfig();
        List<String> command = command(classpath, mainClass, config);
        try {
            Files.createDirectories(dataDir.resolve("tmp"));
            Files.createDirectories(snapshotRepositoryPath());
            process = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new EmbeddedElasticsearchException("Cannot start " + command.get(0), e);
        }
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump = new Thread(this::pumpOutput, "embedded-es-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        shutdownHook = new Thread(this::closeNow, "embedded-es-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        synchronized (lock) {
            for (int n = 0; n < nodeCount; n++) {
                states[n] = NodeState.STARTING;
            }
        }
        for (int n = 0; n < nodeCount; n++) {
            awaitNodeState(n, NodeState.RUNNING, deadline, "starting Elasticsearch " + version());
        }
        for (int n = 0; n < nodeCount; n++) {
            awaitRootOk(n, deadline);
        }
        awaitHealth(0, nodeCount, deadline);
    }

    private void pickPorts() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int n = 0; n < nodeCount; n++) {
                httpPorts[n] = httpPortPinned ? -1 : bindAny(sockets);
                transportPorts[n] = transportPortPinned ? -1 : bindAny(sockets);
            }
        } catch (IOException e) {
            throw new EmbeddedElasticsearchException("Cannot find free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // ignore
                }
            }
        }
    }

    private static int bindAny(List<ServerSocket> sockets) throws IOException {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return socket.getLocalPort();
    }

    private Path writeConfig() {
        Properties config = new Properties();
        config.setProperty("nodes", Integer.toString(nodeCount));
        if (deleteDataDir) {
            config.setProperty("orphan.delete.dir", dataDir.toString()); // the node JVM deletes it if this JVM dies
        }
        if (https != null) {
            config.setProperty("https.keystore", https.nodeKeyStore.toString());
            config.setProperty("https.password", HttpsMaterial.PASSWORD);
            if (https.clientAuth) {
                config.setProperty("https.client.certificate", https.clientCertificate.toString());
            }
        }
        String seedHosts = Stream.of(transportPorts.clone()).flatMapToInt(java.util.Arrays::stream)
            .mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        String nodeNames = java.util.stream.IntStream.range(0, nodeCount).mapToObj(EmbeddedElasticsearch::nodeName)
            .collect(Collectors.joining(","));
        for (int n = 0; n < nodeCount; n++) {
            Map<String, String> s = new java.util.LinkedHashMap<>();
            s.put("cluster.name", options.getClusterName());
            s.put("node.name", nodeName(n));
            s.put("path.home", dataDir.resolve(nodeName(n)).toString());
            s.put("path.repo", snapshotRepositoryPath().toString());
            s.put("network.host", "127.0.0.1");
            if (!httpPortPinned) {
                s.put("http.port", Integer.toString(httpPorts[n]));
            }
            if (!transportPortPinned) {
                s.put("transport.port", Integer.toString(transportPorts[n]));
            }
            s.put("cluster.routing.allocation.disk.threshold_enabled", "false");
            if (https != null) {
                s.put("http.type", "embedded-https");
            }
            if (nodeCount == 1) {
                s.put("discovery.type", "single-node");
            } else {
                if (!transportPortPinned) {
                    s.put("discovery.seed_hosts", seedHosts);
                }
                s.put("cluster.initial_master_nodes", nodeNames);
                s.put("discovery.initial_state_timeout", "0s");
            }
            s.putAll(options.getSettings());
            for (Map.Entry<String, String> e : s.entrySet()) {
                config.setProperty("node." + n + "." + e.getKey(), e.getValue());
            }
        }
        Path file = dataDir.resolve("embedded-es.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(w, "generated by embedded-elasticsearch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private List<String> command(List<Path> classpath, String mainClass, Path config) {
        List<String> command = new ArrayList<>();
        command.add(distribution.java.java().toString());
        String heap = options.getHeap();
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:-OmitStackTraceInFastThrow");
        command.add("-Xss1m");
        command.add("-Djava.io.tmpdir=" + dataDir.resolve("tmp"));
        command.add("-Djava.awt.headless=true");
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dlog4j2.disable.jmx=true");
        command.add("-Dlog4j.shutdownHookEnabled=false");
        command.add("-Dio.netty.noKeySetOptimization=true");
        command.add("-Dio.netty.recycler.maxCapacityPerThread=0");
        if (distribution.java.feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        if (distribution.java.feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
        command.add(config.toString());
        return command;
    }

    static String nodeName(int n) {
        return "node-" + n;
    }

    // ---------------------------------------------------------------------------------------------------- child I/O

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                int i = line.indexOf(PROTOCOL_PREFIX);
                if (i >= 0) {
                    onEvent(line.substring(i + PROTOCOL_PREFIX.length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            output.add("embedded-elasticsearch: reading the node output failed: " + e);
        } finally {
            synchronized (lock) {
                exited = true;
                lock.notifyAll();
            }
        }
    }

    private void onEvent(String event) {
        String[] parts = event.split(" ", 3);
        synchronized (lock) {
            try {
                int n = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
                boolean known = n >= 0 && n < nodeCount;
                switch (parts[0]) {
                    case "NODE-READY" -> {
                        if (known) {
                            String[] ports = parts[2].split(" ");
                            httpPorts[n] = Integer.parseInt(ports[0]);
                            transportPorts[n] = Integer.parseInt(ports[1]);
                            states[n] = NodeState.RUNNING;
                        }
                    }
                    case "NODE-STOPPED" -> {
                        if (known) {
                            states[n] = NodeState.STOPPED;
                        }
                    }
                    case "NODE-FAILED" -> {
                        if (known) {
                            states[n] = NodeState.FAILED;
                            failures[n] = parts.length > 2 ? parts[2] : "unknown failure";
                        }
                    }
                    default -> {
                    }
                }
            } catch (RuntimeException e) {
                output.add("embedded-elasticsearch: cannot parse the event '" + event + "': " + e);
            }
            lock.notifyAll();
        }
    }

    private void send(String command) {
        try {
            synchronized (stdinLock) {
                stdin.write(command);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw failure("Cannot send '" + command + "' to the node JVM (it has exited?)", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- waiting

    private long deadline() {
        return System.nanoTime() + options.getStartTimeout().toNanos();
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private void awaitNodeState(int node, NodeState wanted, long deadline, String what) {
        synchronized (lock) {
            while (true) {
                if (states[node] == wanted) {
                    return;
                }
                if (states[node] == NodeState.FAILED) {
                    String reason = failures[node];
                    // a failed initial start ends the JVM: give it a moment so that the last lines are captured
                    awaitExitLocked(Math.min(5000, Math.max(0, remainingMillis(deadline))));
                    throw failure(what + " failed: node " + node + ": " + reason, null);
                }
                if (exited) {
                    awaitExitLocked(2000);
                    throw failure(what + " failed: the node JVM exited" + exitCode(), null);
                }
                long remaining = remainingMillis(deadline);
                if (remaining <= 0) {
                    throw failure(what + " timed out after " + options.getStartTimeout().toSeconds() + " s (node " + node
                        + " is " + states[node] + ")", null);
                }
                try {
                    lock.wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure(what + " interrupted", e);
                }
            }
        }
    }

    /** With 'lock' held: waits (releasing it) until the output pump saw the end of the child's output. */
    private void awaitExitLocked(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!exited) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (remaining <= 0) {
                return;
            }
            try {
                lock.wait(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String exitCode() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return " with status " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private void awaitRootOk(int node, long deadline) {
        String url = httpUrls().get(node) + "/";
        String last = "no answer";
        while (true) {
            checkChildAlive("waiting for " + url);
            try {
                HttpResponse<String> response = get(url, Duration.ofMillis(Math.max(500, Math.min(5000, remainingMillis(deadline)))));
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            pollPause(deadline, "GET " + url + " (last: " + last + ")");
        }
    }

    /** Cluster health seen from {@code node}: at least yellow and at least {@code nodes} nodes. */
    private void awaitHealth(int node, int nodes, long deadline) {
        String last = "no answer";
        while (true) {
            checkChildAlive("waiting for the cluster health");
            long remaining = remainingMillis(deadline);
            long serverTimeout = Math.max(100, remaining - 1000);
            String url = httpUrls().get(node) + "/_cluster/health?wait_for_status=yellow&wait_for_nodes=%3E%3D" + nodes
                + "&timeout=" + serverTimeout + "ms&master_timeout=" + serverTimeout + "ms";
            try {
                HttpResponse<String> response = get(url, Duration.ofMillis(serverTimeout + 5000));
                if (response.statusCode() == 200 && response.body().contains("\"timed_out\":false")) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            pollPause(deadline, "cluster health yellow with " + nodes + " node(s) on " + httpUrls().get(node) + " (last: " + last + ")");
        }
    }

    private void pollPause(long deadline, String waitingFor) {
        if (remainingMillis(deadline) <= 0) {
            throw failure("Timed out after " + options.getStartTimeout().toSeconds() + " s waiting for " + waitingFor, null);
        }
        synchronized (lock) {
            if (!exited) {
                try {
                    lock.wait(Math.min(POLL_INTERVAL.toMillis(), Math.max(1, remainingMillis(deadline))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure("Interrupted while waiting for " + waitingFor, e);
                }
            }
        }
    }

    private void checkChildAlive(String what) {
        synchronized (lock) {
            if (exited) {
                throw failure(what + ": the node JVM exited" + exitCode(), null);
            }
        }
    }

    private HttpResponse<String> get(String url, Duration timeout) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private int runningNodes() {
        synchronized (lock) {
            int running = 0;
            for (NodeState s : states) {
                if (s == NodeState.RUNNING) {
                    running++;
                }
            }
            return running;
        }
    }

    private EmbeddedElasticsearchException failure(String message, Throwable cause) {
        List<String> lines = output.last(ERROR_LINES);
        StringBuilder sb = new StringBuilder(message);
        sb.append("\n--- last ").append(lines.size()).append(" lines of the Elasticsearch ").append(version())
            .append(" output (java ").append(distribution.java.feature()).append(", data ").append(dataDir).append(") ---");
        for (String line : lines) {
            sb.append('\n').append(line);
        }
        String text = sb.toString();
        if (isPortConflict(text)) {
            return new PortConflictException(text, cause);
        }
        return new EmbeddedElasticsearchException(text, cause);
    }

    private static boolean isPortConflict(String text) {
        return text.contains("BindHttpException") || text.contains("BindTransportException") || text.contains("Address already in use");
    }

    /** A start failure caused by a port conflict (retried once with new ports unless ports were pinned). */
    private static final class PortConflictException extends EmbeddedElasticsearchException {
        private static final long serialVersionUID = 1L;

        PortConflictException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void checkNode(int node) {
        if (node < 0 || node >= nodeCount) {
            throw new IndexOutOfBoundsException("node " + node + " (the cluster has " + nodeCount + " node(s))");
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("closed");
        }
    }

    // ---------------------------------------------------------------------------------------------------- shutdown

    /** Stops this attempt's JVM but keeps the data dir (for a retry). */
    private void abandon() {
        closed.set(true);
        removeShutdownHook();
        shutdownProcess(Duration.ofSeconds(5));
        output.close();
    }

    /** Close without waiting for a graceful shutdown (failed start, shutdown hook). */
    private void closeNow() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        removeShutdownHook();
        shutdownProcess(Duration.ofSeconds(5));
        output.close();
        if (deleteDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
    }

    private void shutdownProcess(Duration graceful) {
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                try {
                    synchronized (stdinLock) {
                        stdin.write("shutdown\n");
                        stdin.flush();
                        stdin.close();
                    }
                } catch (IOException e) {
                    // the child is exiting anyway
                }
                if (!process.waitFor(graceful.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroy();
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(10, TimeUnit.SECONDS);
                    }
                }
            }
            if (pump != null) {
                pump.join(2000);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // retried below
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // retry
            }
        }
        if (Files.exists(dir)) {
            LOG.log(Level.WARNING, "embedded-elasticsearch: could not delete " + dir);
        }
    }
}
