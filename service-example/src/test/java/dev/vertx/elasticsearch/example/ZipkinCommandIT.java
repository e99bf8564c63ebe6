package dev.vertx.elasticsearch.example;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.freePort;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.lastLines;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walkthrough's Zipkin command leaves nothing running once it is ended. Maven's {@code exec:exec@zipkin-server}
 * runs the pom's command ({@code java scripts/RunZipkin.java zipkin-server-exec.jar}) as a child of Maven's JVM and
 * does not stop it when that JVM is ended. Here a JVM of the test's plays Maven's part ({@link Parent}: it starts the
 * same command and waits for it, stopping nothing when it is ended); once Zipkin answers, the test ends that JVM by
 * its pid with SIGTERM or SIGINT, then checks that every process it had under it, Zipkin's JVM included, is gone and
 * that Zipkin's port no longer answers. Runs in failsafe's integration-test phase with the Zipkin server jar the build
 * fetches for {@link ZipkinTracingIT}. Linux only (it sends signals with {@code kill}).
 */
class ZipkinCommandIT {

  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final long EXIT_BOUND_SECONDS = 30;

  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);
  private Process maven;
  private final List<ProcessHandle> started = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    // Only what this test started, by pid: the stand-in and what it had under it, if a failure left them running.
    ServiceTestSupport.stop(maven);
    for (ProcessHandle process : started) {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.onExit().get(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
      }
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void endingTheCommandStopsZipkin(String signal) throws Exception {
    String zipkinJar = System.getProperty("zipkin-server.jar");
    String launcher = System.getProperty("zipkin-server.launcher");
    Assumptions.assumeTrue(zipkinJar != null && launcher != null,
      "runs in failsafe's integration-test phase, with the fetched Zipkin server");
    Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "sends signals with kill");
    assertThat(Path.of(zipkinJar)).as("Zipkin's server, fetched by dependency:copy@zipkin-server").isRegularFile();

    int port = freePort();
    Path log = Path.of("target", "zipkin-command-it-" + signal + ".log").toAbsolutePath();
    // The command exec:exec@zipkin-server runs (the pom's arguments), under a JVM that stands for Maven's.
    ProcessBuilder command = ServiceTestSupport.childJvm(log, "-cp", System.getProperty("java.class.path"),
      Parent.class.getName(), Path.of(System.getProperty("java.home"), "bin", "java").toString(), launcher,
      zipkinJar);
    command.environment().put("QUERY_PORT", String.valueOf(port));
    maven = command.start();
    try {
      until("Zipkin's /health to answer 200", STARTUP, () -> status(port) == 200);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + lastLines("command output", log), e);
    }
    started.addAll(maven.descendants().toList());
    assertThat(started).as("the launcher and Zipkin's JVM under the command")
      .anySatisfy(p -> assertThat(p.info().arguments().map(List::of).orElse(List.of()))
        .contains("-jar", zipkinJar));

    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(maven.pid())).start();
    assertThat(kill.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
    assertThat(maven.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS)).as("the stand-in for Maven ended").isTrue();

    for (ProcessHandle process : started) {
      process.onExit().get(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
      assertThat(process.isAlive()).as("process " + process.pid() + " of the command").isFalse();
    }
    assertThat(status(port)).as("nothing answers on Zipkin's port").isEqualTo(-1);
  }

  private int status(int port) {
    return await(web.get(port, "127.0.0.1", "/health").send().map(HttpResponse::statusCode).otherwise(-1));
  }

  /**
   * Stands for Maven running {@code exec:exec}: a JVM that runs a command as its child, with the child's output
   * through its own, waits for it, and stops nothing when it is itself ended.
   */
  public static final class Parent {

    private Parent() {
    }

    /**
     * @param args the command
     * @throws Exception when the command cannot be started
     */
    public static void main(String[] args) throws Exception {
      // Maven started from a terminal ends on SIGINT. A test run started as a background job has SIGINT ignored,
      // and this JVM inherited that: answer it as a JVM does by default (shutdown hooks, exit status 130).
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> System.exit(130));
      System.exit(new ProcessBuilder(args).inheritIO().start().waitFor());
    }
  }
}
