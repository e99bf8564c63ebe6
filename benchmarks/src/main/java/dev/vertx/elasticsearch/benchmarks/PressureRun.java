package dev.vertx.elasticsearch.benchmarks;

import dev.vertx.elasticsearch.client.ElasticsearchClient;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.helpers.BulkOperation;
import dev.vertx.elasticsearch.helpers.BulkOptions;
import dev.vertx.elasticsearch.helpers.BulkSummary;
import dev.vertx.elasticsearch.helpers.ElasticsearchHelpers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One ingest of the {@code pressure} scenario in this JVM, against the embedded node or the fault-injecting proxy in
 * front of it; prints one {@code RESULT {json}} line. Started by {@link PressureScenario}.
 *
 * <p>Arguments: {@code candidate url docs index [dead-letter file]}. Candidates: {@code ceiling-4} (adaptive
 * concurrency, ceiling 4), {@code concurrency-1} and {@code fixed-4} (adaptive off, 1 or 4 in flight),
 * {@code default} (default options) and {@code mapping} (creates a strict index, 1 % of the documents carry a field
 * it does not know, dead-letters them to the file, checks that the file holds exactly those, adds the field to the
 * mapping and feeds the file back).
 */
public final class PressureRun {

  private final String candidate;
  private final String url;
  private final long docs;
  private final String index;
  private final String deadLetters;
  private final Vertx vertx = Vertx.vertx();
  private final ElasticsearchClient client;

  private PressureRun(String[] args) {
    candidate = args[0];
    url = args[1];
    docs = Long.parseLong(args[2]);
    index = args[3];
    deadLetters = args.length > 4 ? args[4] : null;
    ElasticsearchClientOptions options = ElasticsearchClientOptions.forHosts(url);
    options.getTransport().setCompatibilityVersion(Integer.parseInt(System.getProperty("bench.compat", "9")))
      .setRequestTimeout(120_000L);
    client = ElasticsearchClient.create(vertx, options);
  }

  public static void main(String[] args) throws Exception {
    PressureRun run = new PressureRun(args);
    int status = 0;
    JsonObject result;
    try {
      result = run.candidate.equals("mapping") ? run.mapping() : run.ingest();
    } catch (Throwable t) {
      t.printStackTrace();
      result = new JsonObject().put("error", String.valueOf(t));
      status = 1;
    }
    System.out.println("RESULT " + result.put("candidate", run.candidate).encode());
    System.out.flush();
    System.exit(status);
  }

  private BulkOptions options() {
    BulkOptions options = new BulkOptions().setMaxOperations(CandidateRun.BULK_SIZE);
    return switch (candidate) {
      case "ceiling-4" -> options.setConcurrency(4);
      case "concurrency-1" -> options.setAdaptiveConcurrency(false).setConcurrency(1);
      case "fixed-4" -> options.setAdaptiveConcurrency(false).setConcurrency(4);
      case "default", "mapping" -> options;
      default -> throw new IllegalArgumentException("Unknown candidate " + candidate);
    };
  }

  /** Runs {@code run} on a context of its own and waits for it (at most 30 minutes). */
  private <T> T onContext(Function<Context, Future<T>> run) throws Exception {
    Context context = vertx.getOrCreateContext();
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> run.apply(context).onComplete(done));
    return done.future().await(30, TimeUnit.MINUTES);
  }

  private JsonObject ingest() throws Exception {
    long wall0 = System.nanoTime();
    BulkSummary summary = onContext(context -> ElasticsearchHelpers.bulk(vertx, client,
      ElasticsearchHelpers.stream(context, () -> Documents.operations(index, 0, docs)), options()));
    long wall = System.nanoTime() - wall0;
    client.close().await(30, TimeUnit.SECONDS);
    return new JsonObject().put("stats", stats(summary)).put("wallMs", wall / 1e6)
      .put("throughput", docs / (wall / 1e9));
  }

  private static JsonObject stats(BulkSummary summary) {
    return summary.stats().toJson().put("rejections", summary.stats().rejections())
      .put("deadLettered", summary.stats().deadLettered());
  }

  /** Documents {@code 0..docs-1} with ids; every hundredth carries a {@code note} field the strict mapping lacks. */
  private Iterable<BulkOperation> withMisfits() {
    return () -> new Iterator<>() {
      long next;

      @Override
      public boolean hasNext() {
        return next < docs;
      }

      @Override
      public BulkOperation next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long i = next++;
        Object document = i % 100 == 0 ? new Documents.Doc(i).toJson().put("note", "not in the mapping " + i)
          : new Documents.Doc(i);
        return BulkOperation.index(index, document).id(Documents.id(i));
      }
    };
  }

  private JsonObject mapping() throws Exception {
    JsonObject properties = new JsonObject()
      .put("title", new JsonObject().put("type", "text"))
      .put("author", new JsonObject().put("type", "keyword"))
      .put("year", new JsonObject().put("type", "integer"))
      .put("tags", new JsonObject().put("type", "keyword"))
      .put("summary", new JsonObject().put("type", "text"))
      .put("price", new JsonObject().put("type", "double"));
    client.perform(HttpMethod.PUT, "/" + index, null, new JsonObject()
      .put("settings", new JsonObject().put("number_of_shards", 1).put("number_of_replicas", 0))
      .put("mappings", new JsonObject().put("dynamic", "strict").put("properties", properties)))
      .await(2, TimeUnit.MINUTES);
    Set<String> misfits = new TreeSet<>();
    for (long i = 0; i < docs; i += 100) {
      misfits.add(Documents.id(i));
    }

    Path file = Path.of(deadLetters);
    Files.deleteIfExists(file);
    long wall0 = System.nanoTime();
    // The dead-letter file is opened, written and closed on the helper's context.
    BulkSummary first = onContext(context -> vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true)
        .setCreate(true).setTruncateExisting(true))
      .compose(out -> ElasticsearchHelpers.bulk(vertx, client, ElasticsearchHelpers.stream(context, withMisfits()),
        options().setDeadLetterStream(out)).compose(summary -> out.close().otherwiseEmpty().map(summary))));
    long wall = System.nanoTime() - wall0;

    Set<String> deadLettered = new TreeSet<>();
    List<String> lines = Files.readAllLines(file);
    long withFailure = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonObject action = new JsonObject(lines.get(i));
      String type = action.fieldNames().stream().filter(f -> !f.startsWith("_")).findFirst().orElseThrow();
      JsonObject meta = action.getJsonObject(type);
      deadLettered.add(meta.getString("_id"));
      if (action.containsKey("_failure") || meta.containsKey("_failure")) {
        withFailure++;
      }
      i++; // the source line
    }
    boolean exact = deadLettered.equals(misfits);

    client.perform(HttpMethod.PUT, "/" + index + "/_mapping", null, new JsonObject().put("properties",
      new JsonObject().put("note", new JsonObject().put("type", "text")))).await(2, TimeUnit.MINUTES);
    long wall1 = System.nanoTime();
    BulkSummary second = onContext(context -> vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))
      .compose(in -> ElasticsearchHelpers.bulk(vertx, client, ElasticsearchHelpers.ndjsonOperations(in),
        new BulkOptions())));
    long refeedWall = System.nanoTime() - wall1;
    client.perform(HttpMethod.POST, "/" + index + "/_refresh", null, null).await(2, TimeUnit.MINUTES);
    long count = client.perform(HttpMethod.GET, "/" + index + "/_count", null, null).await(2, TimeUnit.MINUTES)
      .body().getLong("count");
    client.close().await(30, TimeUnit.SECONDS);
    List<String> missing = new ArrayList<>(misfits);
    missing.removeAll(deadLettered);
    List<String> extra = new ArrayList<>(deadLettered);
    extra.removeAll(misfits);
    return new JsonObject().put("stats", stats(first)).put("wallMs", wall / 1e6)
      .put("misfits", misfits.size()).put("deadLetteredIds", deadLettered.size()).put("withFailureMember", withFailure)
      .put("exact", exact).put("missingFromFile", missing.size()).put("extraInFile", extra.size())
      .put("fileBytes", Files.size(file))
      .put("refed", stats(second)).put("refeedWallMs", refeedWall / 1e6).put("count", count);
  }
}
