package dev.vertx.elasticsearch.example;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Caps the bulk jobs that run at once (NDJSON uploads, {@code _touch}, {@code DELETE /documents}, {@code /ingest}),
 * so that callers cannot take all of the cluster's indexing capacity: beyond the cap, a job is answered
 * {@code 429 {"error":"too_many_uploads"}} with {@code Retry-After}, before any of its body is read. A slot is held
 * until the job is over, even when its caller went away; a request refused before its job started (bad input)
 * frees its slot when it is answered. Used on the verticle's event loop only.
 */
final class BulkJobSlots implements Handler<RoutingContext> {

  /** Seconds a refused caller is told to wait. */
  static final int RETRY_AFTER_SECONDS = 5;
  private static final String KEY = BulkJobSlots.class.getName();

  private final int max;
  private volatile int taken;

  /** @param max how many jobs may run at once */
  BulkJobSlots(int max) {
    this.max = max;
  }

  /** @return the jobs running now (readable from any thread) */
  int taken() {
    return taken;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (taken >= max) {
      ctx.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
      ErrorResponses.send(ctx, 429, "too_many_uploads", "Already " + max + " bulk job" + (max == 1 ? "" : "s")
        + " running (uploads, _touch, delete-all, ingest): retry in " + RETRY_AFTER_SECONDS + " s");
      return;
    }
    taken++;
    Slot slot = new Slot();
    ctx.put(KEY, slot);
    ctx.addEndHandler(ar -> slot.answered());
    ctx.next();
  }

  /**
   * Ties the request's slot to its job: the slot is freed when the job is over.
   *
   * @return the job
   */
  static <T> Future<T> holdUntilDone(RoutingContext ctx, Future<T> job) {
    Slot slot = ctx.get(KEY);
    if (slot != null) {
      slot.job = job;
      job.onComplete(ar -> slot.release());
    }
    return job;
  }

  /** One running job's place. */
  private final class Slot {
    private Future<?> job;
    private boolean released;

    void answered() {
      if (job == null) {
        release();
      }
    }

    void release() {
      if (!released) {
        released = true;
        taken--;
      }
    }
  }
}
