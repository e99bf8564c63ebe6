package dev.vertx.elasticsearch;

import dev.vertx.elasticsearch.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Compiles every {@code ```java} block of the root README against the client and its test class path. */
class ReadmeExamplesTest {

  @Test
  void everyJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    Map.Entry<Integer, String> compiled = ReadmeBlocks.compile(Path.of("..", "README.md"), "java", out);
    assertThat(compiled.getKey()).as("Java blocks in the README").isGreaterThanOrEqualTo(4);
    assertThat(compiled.getValue()).isEmpty();
  }
}
