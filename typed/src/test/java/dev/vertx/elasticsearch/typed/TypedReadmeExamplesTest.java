package dev.vertx.elasticsearch.typed;

import dev.vertx.elasticsearch.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/** Compiles the {@code ```java typed} blocks of the root README against the typed module and elasticsearch-java. */
class TypedReadmeExamplesTest {

  @Test
  void everyTypedJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    ReadmeBlocks.assertRootReadmeCompiles("java typed", 1, out);
  }
}
