package dev.vertx.elasticsearch.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Elasticsearch until Ctrl-C / SIGTERM.
 *
 * <pre>
 * java -cp ... dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchMain [--version auto|8|9|x.y.z] [--nodes N]
 *      [--port HTTP_PORT] [--cluster-name NAME] [--heap 512m] [--data-dir DIR] [--log-file FILE] [--setting key=value]...
 * </pre>
 * With {@code --port P} node n listens on P+n (the ports are pinned, no retry on conflicts).
 */
public final class EmbeddedElasticsearchMain {

    private EmbeddedElasticsearchMain() {
    }

    /**
     * Starts the cluster, prints its URLs and waits until the JVM is stopped (the cluster is closed by a shutdown hook).
     *
     * @param args the options in the class comment
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedElasticsearchOptions options = new EmbeddedElasticsearchOptions();
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--version" -> options.setVersion(value(args, ++i, arg));
                case "--nodes" -> options.setNodes(Integer.parseInt(value(args, ++i, arg)));
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--cluster-name" -> options.setClusterName(value(args, ++i, arg));
                case "--heap" -> options.setHeap(value(args, ++i, arg));
                case "--data-dir" -> options.setDataDir(Path.of(value(args, ++i, arg)));
                case "--log-file" -> options.setLogFile(Path.of(value(args, ++i, arg)));
                case "--start-timeout" -> options.setStartTimeout(Duration.ofSeconds(Long.parseLong(value(args, ++i, arg))));
                case "--setting" -> {
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        usage("--setting needs key=value: " + kv);
                    }
                    options.putSetting(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "-h", "--help" -> {
                    usage(null);
                    return;
                }
                default -> usage("unknown argument: " + arg);
            }
        }
        if (port != null) {
            // every node takes the first free port of the range, in start order: node n gets port + n
            options.putSetting("http.port", options.getNodes() == 1 ? Integer.toString(port) : port + "-" + (port + options.getNodes() - 1));
        }
        System.out.println("Starting Elasticsearch " + options);
        long start = System.nanoTime();
        EmbeddedElasticsearch es = EmbeddedElasticsearch.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Elasticsearch...");
            es.close();
            stopped.countDown();
        }, "embedded-es-main-shutdown"));
        System.out.printf("Elasticsearch %s started in %.1f s (java %s, data %s)%n", es.version(),
            (System.nanoTime() - start) / 1e9, es.javaHome(), es.dataDir());
        for (int n = 0; n < es.nodeCount(); n++) {
            System.out.println("  node " + n + ": " + es.httpUrls().get(n));
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println(error);
        }
        System.err.println("usage: EmbeddedElasticsearchMain [--version auto|8|9|x.y.z] [--nodes N] [--port HTTP_PORT] "
            + "[--cluster-name NAME] [--heap 512m] [--data-dir DIR] [--log-file FILE] [--start-timeout SECONDS] "
            + "[--setting key=value]...");
        if (error != null) {
            System.exit(2);
        }
    }
}
