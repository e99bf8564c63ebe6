package dev.vertx.elasticsearch.client.impl;

import dev.vertx.elasticsearch.transport.Transport;
import dev.vertx.elasticsearch.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.CloseFuture;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;

/**
 * One client's reference to a transport. A transport of its own ({@link #own}) closes with its only reference; a
 * shared one ({@link #shared}) is counted by Vert.x and closes with its last reference. A reference taken on a
 * verticle's context is released when that verticle undeploys (or, outside any verticle, when Vert.x closes), as
 * Vert.x's own clients are.
 */
public final class TransportReference {

  /** The Vert.x shared-resource key of the shared transports, one per name. */
  static final String SHARED_KEY = "__vertx.elasticsearch.transports";

  private final Transport transport;
  private final CloseFuture closeFuture;
  private final VertxInternal vertx;

  private TransportReference(VertxInternal vertx, Transport transport, CloseFuture closeFuture) {
    this.vertx = vertx;
    this.transport = transport;
    this.closeFuture = closeFuture;
  }

  /**
   * @param vertx the Vert.x instance
   * @param options the transport settings
   * @return the only reference to a new transport, bound to the caller's verticle (or to Vert.x)
   */
  public static TransportReference own(Vertx vertx, TransportOptions options) {
    VertxInternal vx = (VertxInternal) vertx;
    Transport transport = Transport.create(vertx, options);
    CloseFuture reference = new CloseFuture();
    reference.add(completion -> transport.close().onComplete(completion));
    return bound(vx, transport, reference);
  }

  /**
   * @param vertx the Vert.x instance
   * @param options the transport settings, used only when no transport of that name exists yet
   * @param name the name of the shared transport
   * @return a new reference to the transport of that name, created on first use, bound to the caller's verticle
   */
  public static TransportReference shared(Vertx vertx, TransportOptions options, String name) {
    VertxInternal vx = (VertxInternal) vertx;
    CloseFuture reference = new CloseFuture();
    Transport transport = vx.createSharedResource(SHARED_KEY, name, reference, lastReference -> {
      Transport created = Transport.create(vertx, options);
      lastReference.add(completion -> created.close().onComplete(completion));
      return created;
    });
    return bound(vx, transport, reference);
  }

  /**
   * @param transport a transport whose life the caller manages
   * @return a reference that closes the transport when released, bound to nothing
   */
  public static TransportReference unbound(Transport transport) {
    CloseFuture reference = new CloseFuture();
    reference.add(completion -> transport.close().onComplete(completion));
    return new TransportReference(null, transport, reference);
  }

  private static TransportReference bound(VertxInternal vertx, Transport transport, CloseFuture reference) {
    ContextInternal context = vertx.getContext();
    CloseFuture owner = context != null ? context.closeFuture() : vertx.closeFuture();
    if (!owner.add(reference)) {
      // The verticle or Vert.x is closing already: do not leave the transport behind.
      reference.close();
    }
    return new TransportReference(vertx, transport, reference);
  }

  /** @return the Vert.x instance, or {@code null} for an unbound reference */
  public VertxInternal vertx() {
    return vertx;
  }

  /** @return the transport */
  public Transport transport() {
    return transport;
  }

  /** @return whether this reference was released (by {@link #release()}, an undeploy or Vert.x closing) */
  public boolean isReleased() {
    return closeFuture.isClosed();
  }

  /**
   * Releases this reference: closes the transport when it was the last one. Idempotent.
   *
   * @return completes, on the caller's context, once the transport is closed (or still used by other references)
   */
  public Future<Void> release() {
    Future<Void> closed = closeFuture.close();
    if (vertx == null) {
      return closed;
    }
    PromiseInternal<Void> promise = vertx.getOrCreateContext().promise();
    closed.onComplete(promise);
    return promise.future();
  }
}
