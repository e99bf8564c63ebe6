package dev.vertx.elasticsearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A start that cannot succeed fails fast with the node's last log lines, and leaves no process or directory behind. */
class FailedStartTest {

    @Test
    void portAlreadyTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            EmbeddedElasticsearchException e = failedStart(new EmbeddedElasticsearchOptions().setVersion("8")
                .putSetting("http.port", Integer.toString(taken.getLocalPort())));
            assertThat(e.getMessage()).contains("Address already in use").contains(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void portTakenBetweenPickingAndBindingIsRetriedWithNewPorts() throws IOException {
        List<ServerSocket> stolen = new ArrayList<>();
        List<Integer> picked = new ArrayList<>();
        EmbeddedElasticsearch.afterPortsPicked = ports -> {
            picked.add(ports[0]);
            if (stolen.isEmpty()) { // first attempt only
                try {
                    ServerSocket socket = new ServerSocket();
                    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), ports[0]));
                    stolen.add(socket);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions().setVersion("8"))) {
            assertThat(picked).hasSize(2);
            assertThat(es.httpUrl()).endsWith(":" + picked.get(1)).doesNotEndWith(":" + picked.get(0));
            assertThat(Http.get(es.httpUrl() + "/").statusCode()).isEqualTo(200);
        } finally {
            EmbeddedElasticsearch.afterPortsPicked = null;
            for (ServerSocket socket : stolen) {
                socket.close();
            }
        }
    }

    @Test
    void badSetting() {
        EmbeddedElasticsearchException e = failedStart(new EmbeddedElasticsearchOptions().setVersion("8")
            .putSetting("no.such.setting", "x"));
        assertThat(e.getMessage()).contains("unknown setting [no.such.setting]");
    }

    @Test
    void unsupportedVersionFailsBeforeForking() {
        EmbeddedElasticsearchException e = catchThrowableOfType(EmbeddedElasticsearchException.class,
            () -> EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions().setVersion("7.17.0")));
        assertThat(e).hasMessageContaining("Unsupported Elasticsearch version '7.17.0'");
    }

    private static EmbeddedElasticsearchException failedStart(EmbeddedElasticsearchOptions options) {
        Set<Path> before = dataDirs();
        long begin = System.nanoTime();
        EmbeddedElasticsearchException e = catchThrowableOfType(EmbeddedElasticsearchException.class,
            () -> EmbeddedElasticsearch.start(options.setStartTimeout(Duration.ofSeconds(60))).close());
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        java.util.logging.Logger.getLogger(FailedStartTest.class.getName()).info("failed start detected in " + took.toMillis() + " ms");
        assertThat(e).as("start must fail").isNotNull();
        assertThat(took).as("fails fast, no hang").isLessThan(Duration.ofSeconds(30));
        assertThat(e.getMessage()).contains("--- last ").contains("\tat org.elasticsearch.");
        assertThat(e.getMessage().lines().count()).isGreaterThan(10);
        assertThat(dataDirs()).as("no data dir left behind").isEqualTo(before);
        return e;
    }

    /** The default data dirs (tests run with embedded.es.tmpdir pointing into target/). */
    private static Set<Path> dataDirs() {
        Path root = Path.of(System.getProperty(EmbeddedElasticsearchOptions.TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> p.getFileName().toString().startsWith("embedded-es-")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
