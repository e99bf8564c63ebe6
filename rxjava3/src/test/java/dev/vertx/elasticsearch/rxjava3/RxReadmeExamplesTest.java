package dev.vertx.elasticsearch.rxjava3;

import dev.vertx.elasticsearch.testing.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/** Compiles the {@code ```java rxjava3} blocks of the root README against the RxJava 3 module. */
class RxReadmeExamplesTest {

  @Test
  void everyRxJavaJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    ReadmeBlocks.assertRootReadmeCompiles("java rxjava3", 1, out);
  }
}
