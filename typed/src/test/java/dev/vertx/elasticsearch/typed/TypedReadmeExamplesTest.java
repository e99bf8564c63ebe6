package dev.vertx.elasticsearch.typed;

import dev.vertx.elasticsearch.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Compiles the {@code ```java typed} blocks of the root README against the typed module and elasticsearch-java. */
class TypedReadmeExamplesTest {

  @Test
  void everyTypedJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    Map.Entry<Integer, String> compiled = ReadmeBlocks.compile(Path.of("..", "README.md"), "java typed", out);
    assertThat(compiled.getKey()).as("typed Java blocks in the README").isGreaterThanOrEqualTo(1);
    assertThat(compiled.getValue()).isEmpty();
  }
}
