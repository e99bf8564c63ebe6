package dev.vertx.elasticsearch.helpers.impl;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request body grows as lines are written, gives back the last ones, and is handed out without a copy. */
class BulkBodyTest {

  private static void write(BulkBody body, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    body.write(bytes, 0, bytes.length);
  }

  @Test
  void growsPastItsCapacityKeepingWhatWasWritten() {
    BulkBody body = new BulkBody(4);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      write(body, "line " + i + "\n");
      body.write('.');
      expected.append("line ").append(i).append("\n.");
    }
    assertThat(body.length()).isEqualTo(expected.length());
    assertThat(body.toBuffer().toString()).isEqualTo(expected.toString());
  }

  @Test
  void truncateTakesBackTheLastLinesOnly() {
    BulkBody body = new BulkBody(16);
    write(body, "{\"a\":1}\n");
    int mark = body.length();
    write(body, "{\"half");
    body.truncate(mark);
    write(body, "{\"b\":2}\n");
    assertThat(body.toBuffer().toString()).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    assertThatThrownBy(() -> body.truncate(body.length() + 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> body.truncate(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void linesMoveBetweenBodiesAndCopiesAreTheirOwn() {
    BulkBody first = new BulkBody(16);
    write(first, "aa\nbbb\n");
    BulkBody second = new BulkBody(16);
    write(second, "x\n");
    second.write(first, 3, 4);
    assertThat(second.toBuffer().toString()).isEqualTo("x\nbbb\n");

    Buffer copy = first.copy(0, 3);
    first.truncate(0);
    write(first, "zz\n");
    assertThat(copy.toString()).isEqualTo("aa\n");
    assertThat(first.toBuffer().toString()).isEqualTo("zz\n");
  }
}
