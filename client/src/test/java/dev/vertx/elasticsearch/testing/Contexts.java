package dev.vertx.elasticsearch.testing;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;

/** Vert.x contexts of each threading model for tests, and running a task on one of them. */
public final class Contexts {

  private Contexts() {
  }

  /**
   * Deploys an empty verticle of that threading model.
   *
   * @param vertx the Vert.x instance
   * @param model the threading model, e.g. {@link ThreadingModel#WORKER}
   * @return the verticle's context, once deployed
   */
  public static Future<Context> deployed(Vertx vertx, ThreadingModel model) {
    Promise<Context> deployed = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        deployed.complete(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setThreadingModel(model)).onFailure(deployed::tryFail);
    return deployed.future();
  }

  /**
   * Runs a task on a context, on that context's thread.
   *
   * @param context where to run it
   * @param task what to run; it may block when the context is a worker's or a virtual thread's
   * @param <T> what the task returns
   * @return what the task returned, or failed with what it threw
   */
  public static <T> Future<T> on(Context context, Callable<T> task) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        done.complete(task.call());
      } catch (Throwable e) {
        done.fail(e);
      }
    });
    return done.future();
  }
}
