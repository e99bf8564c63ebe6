package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The example service's NDJSON upload ({@code POST /documents/_bulk}) in a JVM of its own with a heap smaller than
 * the upload, against a real node: the upload is generated and written with back-pressure, the answer must count
 * every document as indexed. Reports the service's peak resident memory ({@code VmHWM}).
 */
final class ServiceUpload {

  private static final String API_KEY = "bench-upload-key";

  private ServiceUpload() {
  }

  /**
   * @param javaBin the java executable
   * @param classpath the classpath holding the service
   * @param heap the service's {@code -Xmx}, e.g. {@code 64m}
   * @param elasticsearchUrl the node
   * @param megabytes the upload size
   * @param log where the service's output goes
   * @return the result row
   */
  static JsonObject run(String javaBin, String classpath, String heap, String elasticsearchUrl, int megabytes,
                        Path log) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-cp",
      classpath, "dev.vertx.elasticsearch.example.Main"));
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    builder.environment().put("ELASTICSEARCH_URL", elasticsearchUrl);
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("SERVICE_API_KEY", API_KEY);
    builder.environment().put("BOOKS_INDEX", "upload-books");
    builder.environment().put("OTEL_SDK_DISABLED", "true");
    Process service = builder.start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread output = new Thread(() -> copyOutput(service, log, ready), "service-output");
    output.setDaemon(true);
    output.start();
    Vertx vertx = Vertx.vertx();
    HttpClientAgent http = vertx.createHttpClient();
    try {
      ready.get(3, TimeUnit.MINUTES);
      long bytes = (long) megabytes * 1024 * 1024;
      long start = System.nanoTime();
      JsonObject answer = upload(vertx, http, port, bytes).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      long lines = answer.getLong("operations", -1L);
      if (answer.getLong("succeeded", -1L) != lines || answer.getLong("failed", -1L) != 0) {
        throw new IllegalStateException("The upload was not indexed whole: " + answer.encode());
      }
      return new JsonObject().put("heap", heap).put("megabytes", megabytes).put("documents", lines)
        .put("seconds", seconds).put("mbPerSecond", megabytes / seconds)
        .put("peakRssMb", peakRssKb(service.pid()) / 1024.0).put("alive", service.isAlive());
    } finally {
      http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  /** Copies the service's output to the log; completes {@code ready} at its "ready" line, fails it if it exits. */
  private static void copyOutput(Process service, Path log, CompletableFuture<Void> ready) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(service.getInputStream(),
      StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        if (line.startsWith("Search service ready at")) {
          ready.complete(null);
          out.flush();
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IllegalStateException("The service exited before it was ready; see " + log));
  }

  /** Writes {@code bytes} of generated NDJSON documents, waiting for the connection to drain when it is full. */
  private static Future<JsonObject> upload(Vertx vertx, HttpClientAgent http, int port, long bytes) {
    Promise<JsonObject> answer = Promise.promise();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
      .setURI("/documents/_bulk").putHeader(HttpHeaders.AUTHORIZATION, "ApiKey " + API_KEY)
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson");
    vertx.runOnContext(v -> http.request(options).onFailure(answer::tryFail).onSuccess(request -> {
      request.setChunked(true);
      request.response().compose(resp -> resp.body().map(body -> {
        if (resp.statusCode() != 200) {
          throw new IllegalStateException("Upload answered " + resp.statusCode() + ": " + body);
        }
        return body.toJsonObject();
      })).onComplete(answer);
      new UploadWriter(request, bytes).write();
    }));
    return answer.future();
  }

  /** Writes the upload's chunks as they are generated, pausing on a full write queue. */
  private static final class UploadWriter {
    private final HttpClientRequest request;
    private final Iterator<Buffer> chunks;

    UploadWriter(HttpClientRequest request, long total) {
      this.request = request;
      this.chunks = new NdjsonUpload(total, i -> new Documents.Doc(i).toJson().put("id", Documents.id(i)).encode()
        + "\n").iterator();
    }

    void write() {
      while (chunks.hasNext()) {
        if (request.writeQueueFull()) {
          request.drainHandler(v -> write());
          return;
        }
        request.write(chunks.next());
      }
      request.end();
    }
  }

  /** @return the peak resident memory of a process ({@code VmHWM}) in KB, {@code -1} when unknown */
  static long peakRssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
