import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Zipkin's server ({@code java -jar zipkin-server-exec.jar}) as a child process that never outlives the command
 * that started it. Run as a single-file program, by Maven's {@code exec:exec@zipkin-server}:
 *
 * <pre>java scripts/RunZipkin.java target/zipkin/zipkin-server-exec.jar [zipkin arguments...]</pre>
 *
 * Zipkin is stopped (SIGTERM, then a kill after 10 s) when this program is ended (SIGINT, SIGTERM, Ctrl-C) and also
 * when its parent ends: Maven runs this program as its child and does not stop it when it is itself ended, so the
 * program watches its parent and stops Zipkin when the parent is gone. When Zipkin ends on its own, this program ends
 * with its exit code. Zipkin's environment ({@code QUERY_PORT}...) and output are this program's.
 */
public final class RunZipkin {

  private static final long STOP_GRACE_SECONDS = 10;

  private RunZipkin() {
  }

  public static void main(String[] args) throws Exception {
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    if (args.length < 1) {
      System.err.println("usage: java RunZipkin.java <zipkin-server-exec.jar> [zipkin arguments...]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    if (!Files.isRegularFile(jar)) {
      System.err.println(jar + " is missing: fetch it first with mvn -pl service-example dependency:copy@zipkin-server");
      System.exit(2);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(Arrays.asList(args).subList(1, args.length));
    Process zipkin = new ProcessBuilder(command).inheritIO().start();

    // Ended by a signal, or by System.exit below: stop Zipkin first and wait for it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(zipkin), "stop-zipkin"));
    // Maven (the parent) ended without ending this program: end it, which stops Zipkin.
    parent.ifPresent(p -> p.onExit().thenRun(() -> System.exit(143)));

    System.exit(zipkin.waitFor());
  }

  private static void stop(Process zipkin) {
    if (!zipkin.isAlive()) {
      return;
    }
    zipkin.destroy();
    try {
      if (!zipkin.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        zipkin.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      zipkin.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
