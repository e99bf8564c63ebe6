package dev.vertx.elasticsearch.mutiny;

import dev.vertx.elasticsearch.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Compiles the {@code ```java mutiny} blocks of the root README against the Mutiny module. */
class MutinyReadmeExamplesTest {

  @Test
  void everyMutinyJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    Map.Entry<Integer, String> compiled = ReadmeBlocks.compile(Path.of("..", "README.md"), "java mutiny", out);
    assertThat(compiled.getKey()).as("Mutiny Java blocks in the README").isGreaterThanOrEqualTo(1);
    assertThat(compiled.getValue()).isEmpty();
  }
}
