package dev.vertx.elasticsearch.mutiny;

import dev.vertx.elasticsearch.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/** Compiles the {@code ```java mutiny} blocks of the root README against the Mutiny module. */
class MutinyReadmeExamplesTest {

  @Test
  void everyMutinyJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    ReadmeBlocks.assertRootReadmeCompiles("java mutiny", 1, out);
  }
}
