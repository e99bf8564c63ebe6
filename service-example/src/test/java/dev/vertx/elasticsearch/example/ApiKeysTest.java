package dev.vertx.elasticsearch.example;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The accepted keys: configured ones, a keys file re-read without a restart, exact matches only. */
class ApiKeysTest {

  private Vertx vertx;
  private Path dir;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    dir = Files.createTempDirectory("api-keys-test");
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  @Test
  void onlyAnExactKeyIsAccepted() {
    ApiKeys keys = await(ApiKeys.start(vertx, List.of("first-key-0123456789", "second-key-0123456789"), null));
    assertThat(keys.count()).isEqualTo(2);
    assertThat(keys.accepts("first-key-0123456789")).isTrue();
    assertThat(keys.accepts("second-key-0123456789")).isTrue();
    assertThat(keys.accepts("first-key-012345678")).as("a prefix").isFalse();
    assertThat(keys.accepts("first-key-0123456789 ")).as("a longer key").isFalse();
    assertThat(keys.accepts("FIRST-KEY-0123456789")).isFalse();
    assertThat(keys.accepts("")).isFalse();
    assertThat(keys.accepts(null)).isFalse();
    assertThatThrownBy(() -> ApiKeys.check("two words")).hasMessageNotContaining("two words");
    assertThatThrownBy(() -> ApiKeys.check("tab\tkey")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theKeysFileIsReadAtStartAndReReadWithoutARestart() throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# comment\n\n  old-key-0123456789  \nnot a key\n");
    ApiKeys keys = await(ApiKeys.start(vertx, List.of("env-key-0123456789"), file.toString()));
    try {
      assertThat(keys.accepts("old-key-0123456789")).as("trimmed").isTrue();
      assertThat(keys.accepts("not a key")).as("a malformed line is ignored").isFalse();
      assertThat(keys.accepts("# comment")).isFalse();
      assertThat(keys.count()).isEqualTo(2);

      Files.writeString(file, "new-key-0123456789\n");
      ServiceTestSupport.until("the file to be read again", Duration.ofSeconds(10),
        () -> keys.accepts("new-key-0123456789"));
      assertThat(keys.accepts("old-key-0123456789")).as("revoked").isFalse();
      assertThat(keys.accepts("env-key-0123456789")).as("the configured key stays").isTrue();

      // A file that cannot be read any more keeps the keys read last.
      Files.delete(file);
      long before = keys.reloads();
      ServiceTestSupport.until("two reads of the deleted file", Duration.ofSeconds(10),
        () -> keys.reloads() >= before + 2);
      assertThat(keys.accepts("new-key-0123456789")).isTrue();
    } finally {
      vertx.runOnContext(v -> keys.close());
    }
  }

  @Test
  void aKeysFileThatCannotBeReadStopsTheStartWithoutSayingAnyKey() {
    Throwable failure = await(ApiKeys.start(vertx, List.of("env-key-0123456789"), dir.resolve("missing").toString())
      .map(k -> (Throwable) null).recover(io.vertx.core.Future::succeededFuture));
    assertThat(failure).isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("Cannot read the API keys file").hasMessageNotContaining("env-key");
  }
}
