package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one child JVM to its end and returns the {@code RESULT {json}} line it printed on stdout, with
 * {@code processWallMs} (spawn to exit) added; its stderr goes to a log file. Fails when the child failed, printed no
 * result or did not exit within 30 minutes (then it is ended).
 */
final class ChildJvm {

  private ChildJvm() {
  }

  static JsonObject run(List<String> command, Path log, String what) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    JsonObject result = null;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(),
      StandardCharsets.UTF_8))) {
      String l;
      while ((l = reader.readLine()) != null) {
        if (l.startsWith("RESULT ")) {
          result = new JsonObject(l.substring("RESULT ".length()));
        }
      }
    }
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(what + " did not exit; see " + log);
    }
    long wallNanos = System.nanoTime() - start;
    int exit = p.exitValue();
    if (result == null || exit != 0 || result.containsKey("error")) {
      throw new IllegalStateException(what + " failed (exit " + exit + "): "
        + (result == null ? "no result" : result.getString("error")) + "; see " + log);
    }
    result.put("processWallMs", wallNanos / 1e6);
    System.err.println("  " + what + ": " + result.encode());
    return result;
  }
}
