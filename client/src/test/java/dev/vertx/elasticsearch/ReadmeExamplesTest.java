package dev.vertx.elasticsearch;

import dev.vertx.elasticsearch.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/** Compiles every {@code ```java} block of the root README against the client and its test class path. */
class ReadmeExamplesTest {

  @Test
  void everyJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    ReadmeBlocks.assertRootReadmeCompiles("java", 4, out);
  }
}
