package dev.vertx.elasticsearch.benchmarks;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fast stand-in for Elasticsearch, run in its own JVM so that its CPU is not charged to the candidates:
 * {@code GET /} (info), {@code POST /{index}/_search} (a precomputed ~2 KB, 10-hit answer) and
 * {@code POST [/{index}]/_bulk} (one {@code items} entry per action line; a bulk that asks for only some fields with
 * {@code filter_path}, as the big upload does, is counted as it arrives, never held: the answer says
 * {@code errors:false} and carries the bytes and lines received in {@code X-Stub-Bytes} / {@code X-Stub-Lines}). Gzip
 * request bodies are decompressed. Every answer
 * carries {@code X-Elastic-Product: Elasticsearch}. Prints {@code STUB_PORT=<port>} once listening.
 *
 * <p>Arguments: {@code [port] [eventLoops]}, defaults {@code 0} (any free port) and {@code 2}.
 */
public final class StubServer extends AbstractVerticle {

  static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized(
    "application/vnd.elasticsearch+json;compatible-with=9");
  static final CharSequence PRODUCT = HttpHeaders.createOptimized("X-Elastic-Product");
  static final CharSequence ELASTICSEARCH = HttpHeaders.createOptimized("Elasticsearch");

  static final Buffer INFO = Buffer.buffer(("{\"name\":\"stub\",\"cluster_name\":\"stub\",\"cluster_uuid\":\"stub-uuid\","
    + "\"version\":{\"number\":\"9.5.3\",\"build_flavor\":\"default\",\"build_type\":\"tar\",\"build_hash\":\"stub\","
    + "\"build_date\":\"2026-01-01T00:00:00.000Z\",\"build_snapshot\":false,\"lucene_version\":\"10.3.0\","
    + "\"minimum_wire_compatibility_version\":\"8.19.0\",\"minimum_index_compatibility_version\":\"8.0.0\"},"
    + "\"tagline\":\"You Know, for Search\"}").getBytes(StandardCharsets.UTF_8));
  static final Buffer NOT_FOUND = Buffer.buffer("{\"error\":{\"root_cause\":[],\"type\":\"stub_not_found\","
    + "\"reason\":\"the stub answers only GET /, _search and _bulk\"},\"status\":404}");
  static final Buffer SEARCH = Buffer.buffer(Documents.searchResponse("bench").getBytes(StandardCharsets.UTF_8));

  private final AtomicInteger seqNo = new AtomicInteger();

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    // Several instances share one port: Vert.x spreads the connections over the event loops.
    int fixed = port != 0 ? port : freePort();
    vertx.deployVerticle(() -> new StubServer(fixed), new DeploymentOptions().setInstances(loops))
      .onSuccess(id -> {
        System.out.println("STUB_PORT=" + fixed);
        System.out.flush();
      })
      .onFailure(err -> {
        err.printStackTrace();
        System.exit(1);
      });
  }

  private final int port;

  StubServer(int port) {
    this.port = port;
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void start(Promise<Void> started) {
    vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false)
        .setDecompressionSupported(true))
      .requestHandler(this::handle)
      .listen(port)
      .<Void>mapEmpty()
      .onComplete(started);
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.endsWith("/_bulk") && req.getParam("filter_path") != null) {
      count(req);
      return;
    }
    req.body().onSuccess(body -> {
      HttpServerResponse resp = req.response();
      resp.headers().set(PRODUCT, ELASTICSEARCH).set(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
      if (path.endsWith("/_search")) {
        resp.end(SEARCH);
      } else if (path.endsWith("/_bulk")) {
        String pathIndex = path.length() > "/_bulk".length() ? path.substring(1, path.length() - "/_bulk".length())
          : null;
        resp.end(bulkResponse(body, pathIndex));
      } else if (path.equals("/") && (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD)) {
        resp.end(INFO);
      } else if (path.endsWith("/_refresh")) {
        resp.end("{\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0}}");
      } else {
        resp.setStatusCode(404).end(NOT_FOUND);
      }
    });
  }

  /** Counts a streamed body as it arrives (bytes and lines), holding none of it. */
  private static void count(HttpServerRequest req) {
    long start = System.nanoTime();
    long[] bytesAndLines = new long[2];
    ByteProcessor lines = b -> {
      if (b == '\n') {
        bytesAndLines[1]++;
      }
      return true;
    };
    req.handler(chunk -> {
      bytesAndLines[0] += chunk.length();
      ((BufferInternal) chunk).getByteBuf().forEachByte(lines);
    });
    req.endHandler(v -> req.response().putHeader(PRODUCT, ELASTICSEARCH)
      .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
      .putHeader("X-Stub-Bytes", Long.toString(bytesAndLines[0]))
      .putHeader("X-Stub-Lines", Long.toString(bytesAndLines[1]))
      .end("{\"took\":" + (System.nanoTime() - start) / 1_000_000 + ",\"errors\":false}"));
  }

  /** One created item per action line; the line after an index/create/update action is its source and skipped. */
  Buffer bulkResponse(Buffer body, String pathIndex) {
    byte[] bytes = body.getBytes();
    StringBuilder out = new StringBuilder(64 + bytes.length / 2);
    out.append("{\"errors\":false,\"took\":3,\"items\":[");
    int pos = 0;
    int n = 0;
    boolean expectSource = false;
    while (pos < bytes.length) {
      int end = pos;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      if (end > pos) {
        if (expectSource) {
          expectSource = false;
        } else {
          String line = new String(bytes, pos, end - pos, StandardCharsets.UTF_8);
          int q1 = line.indexOf('"');
          int q2 = line.indexOf('"', q1 + 1);
          String action = q1 < 0 || q2 < 0 ? "index" : line.substring(q1 + 1, q2);
          expectSource = !"delete".equals(action);
          String index = field(line, "_index");
          String id = field(line, "_id");
          if (index == null) {
            index = pathIndex == null ? "unknown" : pathIndex;
          }
          int seq = seqNo.incrementAndGet();
          if (id == null) {
            id = "stub-" + seq;
          }
          if (n++ > 0) {
            out.append(',');
          }
          boolean delete = !expectSource;
          out.append("{\"").append(action).append("\":{\"_index\":\"").append(index).append("\",\"_id\":\"")
            .append(id).append("\",\"_version\":1,\"result\":\"").append(delete ? "deleted" : "created")
            .append("\",\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0},\"_seq_no\":").append(seq)
            .append(",\"_primary_term\":1,\"status\":").append(delete ? 200 : 201).append("}}");
        }
      }
      pos = end + 1;
    }
    out.append("]}");
    return Buffer.buffer(out.toString());
  }

  private static String field(String line, String name) {
    String key = "\"" + name + "\":\"";
    int i = line.indexOf(key);
    if (i < 0) {
      return null;
    }
    int start = i + key.length();
    int end = line.indexOf('"', start);
    return end < 0 ? null : line.substring(start, end);
  }
}
