package dev.vertx.elasticsearch.embedded.node;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.EmbeddedElasticsearchNode;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.transport.TransportService;

/**
 * Main class of the forked JVM. Argument: a properties file with {@code nodes=<count>} and the complete settings of
 * every node as {@code node.<n>.<setting>=<value>}.
 *
 * <p>Protocol: machine-readable lines on stdout, prefixed with {@value #PREFIX}: {@code NODE-READY <n> <httpPort>
 * <transportPort>}, {@code NODE-STOPPED <n>}, {@code NODE-FAILED <n> <reason>}, {@code SHUTDOWN}. Commands on stdin:
 * {@code stop <n>}, {@code start <n>}, {@code shutdown}. End of stdin (the parent died or closed the pipe) shuts the
 * JVM down. A node that fails during the initial start makes the JVM exit with status 1.
 */
public final class NodeRunner {

    static final String PREFIX = "@@embedded-es@@ ";
    private static final long CLOSE_TIMEOUT_SECONDS = 20;

    private final int nodeCount;
    private final Settings[] settings;
    private final EmbeddedElasticsearchNode[] nodes;
    private final PrintStream out = System.out;
    private final String orphanDeleteDir;

    private NodeRunner(Properties config) {
        orphanDeleteDir = config.getProperty("orphan.delete.dir");
        nodeCount = Integer.parseInt(config.getProperty("nodes", "1"));
        settings = new Settings[nodeCount];
        nodes = new EmbeddedElasticsearchNode[nodeCount];
        for (int n = 0; n < nodeCount; n++) {
            String prefix = "node." + n + ".";
            Settings.Builder builder = Settings.builder();
            for (String key : config.stringPropertyNames()) {
                if (key.startsWith(prefix)) {
                    builder.put(key.substring(prefix.length()), config.getProperty(key));
                }
            }
            settings[n] = builder.build();
        }
    }

    /**
     * Runs the nodes that the configuration file names and takes commands on standard input until told to exit.
     *
     * @param args the path of the configuration file (properties written by the launcher)
     * @throws Exception when the nodes cannot be started
     */
    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            config.load(reader);
        }
        // Console logging (INFO, warnings and errors) so that the launcher can show the last lines on failure.
        LogConfigurator.configureWithoutConfig(Settings.builder().put("logger.level", config.getProperty("log.level", "INFO")).build());
        LogConfigurator.configureESLogging();
        String keyStore = config.getProperty("https.keystore");
        if (keyStore != null) {
            String clientCertificate = config.getProperty("https.client.certificate");
            HttpsTransportPlugin.configure(Path.of(keyStore), config.getProperty("https.password", "").toCharArray(),
                clientCertificate == null ? null : Path.of(clientCertificate));
        }
        new NodeRunner(config).run();
    }

    private void run() throws InterruptedException {
        ExecutorService control = Executors.newSingleThreadExecutor(r -> new Thread(r, "embedded-es-control"));
        Thread stdin = new Thread(() -> readCommands(control), "embedded-es-stdin");
        stdin.setDaemon(true);
        stdin.start();
        control.submit(() -> {
            for (int n = 0; n < nodeCount; n++) {
                if (!startNode(n)) {
                    closeAll();
                    exit(1);
                }
            }
        });
        // The JVM ends through exit(..) (shutdown command, end of stdin, or failed start).
        control.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    private void readCommands(ExecutorService control) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.trim().split("\\s+");
                switch (parts[0]) {
                    case "stop" -> {
                        int n = Integer.parseInt(parts[1]);
                        control.submit(() -> stopNode(n));
                    }
                    case "start" -> {
                        int n = Integer.parseInt(parts[1]);
                        control.submit(() -> startNode(n));
                    }
                    case "shutdown" -> control.submit(() -> {
                        closeAll();
                        protocol("SHUTDOWN");
                        exit(0);
                    });
                    case "" -> {
                    }
                    default -> System.err.println("embedded-es: unknown command: " + line);
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
        // End of stdin: the launcher is gone. Do not wait for the control thread, it may be busy starting a node.
        haltLater(CLOSE_TIMEOUT_SECONDS + 5, 0);
        closeAll();
        if (orphanDeleteDir != null) {
            // the launcher died without closing: its temporary data dir would be left behind
            deleteRecursively(Path.of(orphanDeleteDir));
        }
        exit(0);
    }

    private synchronized boolean startNode(int n) {
        if (n < 0 || n >= nodeCount) {
            protocol("NODE-FAILED " + n + " no such node");
            return false;
        }
        if (nodes[n] != null) {
            protocol("NODE-FAILED " + n + " node is already running");
            return false;
        }
        EmbeddedElasticsearchNode node = null;
        try {
            node = EmbeddedElasticsearchNode.create(settings[n]);
            ClusterService clusterService = node.injector().getInstance(ClusterService.class);
            node.injector().getInstance(RestController.class).registerHandler(new RootRestHandler(clusterService));
            node.start();
            nodes[n] = node;
            int httpPort = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
            int transportPort = node.injector().getInstance(TransportService.class).boundAddress().publishAddress().getPort();
            protocol("NODE-READY " + n + " " + httpPort + " " + transportPort);
            return true;
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            if (node != null) {
                try {
                    node.close();
                } catch (Throwable closeFailure) {
                    // the node failed to start, a failure to close it does not matter any more
                }
            }
            protocol("NODE-FAILED " + n + " " + describe(e));
            return false;
        }
    }

    private synchronized void stopNode(int n) {
        EmbeddedElasticsearchNode node = n >= 0 && n < nodeCount ? nodes[n] : null;
        if (node == null) {
            protocol("NODE-STOPPED " + n);
            return;
        }
        nodes[n] = null;
        try {
            node.close();
            if (!node.awaitClose(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                System.out.println("embedded-es: node " + n + " did not close within " + CLOSE_TIMEOUT_SECONDS + "s");
            }
        } catch (Throwable e) {
            e.printStackTrace(System.out);
        }
        protocol("NODE-STOPPED " + n);
    }

    private synchronized void closeAll() {
        for (int n = nodeCount - 1; n >= 0; n--) {
            if (nodes[n] != null) {
                stopNode(n);
            }
        }
    }

    private void protocol(String message) {
        out.println(PREFIX + message);
        out.flush();
    }

    private static void deleteRecursively(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // best effort
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 2000; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" / caused by: ");
            }
            sb.append(t.getClass().getName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString().replace('\n', ' ').replace('\r', ' ');
    }

    private static void exit(int status) {
        System.out.flush();
        haltLater(10, status);
        System.exit(status);
    }

    private static void haltLater(long seconds, int status) {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(status);
        }, "embedded-es-halt");
        halt.setDaemon(true);
        halt.start();
    }
}
