package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.BadRequestException;
import dev.vertx.elasticsearch.error.ConflictException;
import dev.vertx.elasticsearch.error.NotFoundException;
import dev.vertx.elasticsearch.error.TooManyRequestsException;
import dev.vertx.elasticsearch.error.TransportException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns failures into JSON answers: the right status, a stable error code and a message for people; never a stack
 * trace or an Elasticsearch internal.
 */
final class ErrorResponses {

  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {
  }

  /** The failure handler of the router. */
  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof BookQuery.BadInput) {
      send(ctx, 400, "bad_request", failure.getMessage());
    } else if (failure instanceof NdjsonDocuments.TooLarge) {
      send(ctx, 413, "payload_too_large", failure.getMessage());
    } else if (failure instanceof NotFoundException notFound) {
      boolean index = "index_not_found_exception".equals(notFound.errorType());
      send(ctx, 404, "not_found", index ? "No such index" : "No such document");
    } else if (failure instanceof ConflictException) {
      send(ctx, 409, "conflict", "The document was changed or exists already");
    } else if (failure instanceof BadRequestException) {
      send(ctx, 400, "bad_request", "Elasticsearch refused the request: check the document and parameters");
    } else if (failure instanceof TooManyRequestsException) {
      send(ctx, 503, "busy", "The search backend is busy: retry later");
    } else if (failure instanceof ApiException) {
      log.warn("Elasticsearch error: " + failure.getMessage());
      send(ctx, 502, "backend_error", "The search backend failed");
    } else if (failure instanceof TransportException) {
      log.warn("Elasticsearch unreachable: " + failure.getMessage());
      send(ctx, 503, "unavailable", "The search backend is unreachable");
    } else if (failure == null || ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      send(ctx, status, HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase().replace(' ', '_'),
        HttpResponseStatus.valueOf(status).reasonPhrase());
    } else {
      log.error("Unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), failure);
      send(ctx, 500, "internal_error", "Something went wrong");
    }
  }

  /**
   * The server's handler of requests Vert.x could not decode (request line or headers over the limits of
   * {@link SearchVerticle#serverOptions()}, malformed HTTP): the status Vert.x would send (414, 431 or 400), with a
   * JSON body like every other refusal, and the connection closed (the rest of such a request cannot be read).
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "uri_too_long";
      message = "The request line (method, path and query string) is longer than " + SearchVerticle.MAX_REQUEST_LINE
        + " bytes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = "headers_too_large";
      message = "The request headers are larger than " + SearchVerticle.MAX_HEADERS + " bytes";
    } else {
      status = 400;
      code = "bad_request";
      message = "The request is not valid HTTP";
    }
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.CONNECTION, "close")
      .end(new JsonObject().put("error", code).put("message", message).put("status", status).encode())
      .onComplete(ar -> request.connection().close());
  }

  /**
   * An answer given before the request body was read (bad path, missing key, too large, a body nobody asked for)
   * would leave the rest of the body on the keep-alive connection: such an answer closes the connection. A request
   * that declares no body (most GETs) has nothing left unread, even when its end was not processed yet: its
   * connection stays open.
   */
  static void closeIfBodyUnread(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean declaresBody = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
      || (length != null && !length.equals("0"));
    if (declaresBody && !request.isEnded()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.request().resume();
    }
  }

  /** Sends a JSON error unless an answer was already started. */
  static void send(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    closeIfBodyUnread(ctx);
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(new JsonObject().put("error", code).put("message", message).put("status", status).encode());
  }
}
