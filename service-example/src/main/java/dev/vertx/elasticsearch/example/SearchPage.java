package dev.vertx.elasticsearch.example;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The search page: a small HTML + JavaScript UI on the JSON API ({@code webroot/}, no build step). {@code GET /}
 * serves it to browsers, that is to requests whose {@code Accept} header names {@code text/html}; every other
 * client (curl's {@code *}{@code /*}, JSON clients) keeps the JSON answer of {@code /}. Its script and style sheet
 * are served under {@code /assets/}.
 */
final class SearchPage {

  /** The page, a classpath resource. */
  static final String PAGE = "webroot/index.html";
  private static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    + "base-uri 'none'; frame-ancestors 'none'";

  private final Buffer page;

  /** @param page the content of {@value #PAGE} */
  SearchPage(Buffer page) {
    this.page = page;
  }

  /** @return the handler of {@code /assets/*} */
  static StaticHandler assets() {
    return StaticHandler.create("webroot/assets").setMaxAgeSeconds(300);
  }

  /** @return whether the caller asked for HTML by name (a browser), rather than JSON or anything */
  static boolean wanted(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    return ctx.parsedHeaders().accept().stream()
      .anyMatch(type -> "text".equals(type.component()) && "html".equals(type.subComponent()) && type.weight() > 0);
  }

  /** Sends the page, with a content security policy that allows only its own script and style sheet. */
  void send(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
      .putHeader("Content-Security-Policy", POLICY)
      .putHeader("X-Content-Type-Options", "nosniff")
      .end(page);
  }
}
