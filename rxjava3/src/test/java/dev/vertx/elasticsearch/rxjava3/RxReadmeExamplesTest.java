package dev.vertx.elasticsearch.rxjava3;

import dev.vertx.elasticsearch.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Compiles the {@code ```java rxjava3} blocks of the root README against the RxJava 3 module. */
class RxReadmeExamplesTest {

  @Test
  void everyRxJavaJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    Map.Entry<Integer, String> compiled = ReadmeBlocks.compile(Path.of("..", "README.md"), "java rxjava3", out);
    assertThat(compiled.getKey()).as("RxJava Java blocks in the README").isGreaterThanOrEqualTo(1);
    assertThat(compiled.getValue()).isEmpty();
  }
}
