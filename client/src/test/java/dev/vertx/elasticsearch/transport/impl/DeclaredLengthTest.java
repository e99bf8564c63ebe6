package dev.vertx.elasticsearch.transport.impl;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The body length an answer's head announces is trusted only when it is plain digits of an uncompressed body. */
class DeclaredLengthTest {

  private static NodeConnector.Answer answer(String... headers) {
    MultiMap map = HttpHeaders.headers();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return new NodeConnector.Answer() {
      @Override
      public int status() {
        return 200;
      }

      @Override
      public MultiMap headers() {
        return map;
      }

      @Override
      public NodeConnector.Answer exceptionHandler(Handler<Throwable> handler) {
        return this;
      }

      @Override
      public NodeConnector.Answer handler(Handler<Buffer> handler) {
        return this;
      }

      @Override
      public NodeConnector.Answer pause() {
        return this;
      }

      @Override
      public NodeConnector.Answer resume() {
        return this;
      }

      @Override
      public NodeConnector.Answer fetch(long amount) {
        return this;
      }

      @Override
      public NodeConnector.Answer endHandler(Handler<Void> endHandler) {
        return this;
      }
    };
  }

  @Test
  void plainDigitsAreTheLength() {
    assertThat(answer("content-length", "1234").declaredLength()).isEqualTo(1234);
    assertThat(answer("content-length", "0").declaredLength()).isZero();
  }

  @Test
  void anythingElseLeavesTheLengthUnknown() {
    assertThat(answer().declaredLength()).isEqualTo(-1);
    assertThat(answer("content-length", "").declaredLength()).isEqualTo(-1);
    assertThat(answer("content-length", "-5").declaredLength()).isEqualTo(-1);
    assertThat(answer("content-length", "12 ").declaredLength()).isEqualTo(-1);
    assertThat(answer("content-length", "9999999999999999999").declaredLength()).isEqualTo(-1);
    assertThat(answer("content-length", "10", "content-encoding", "gzip").declaredLength()).isEqualTo(-1);
  }
}
