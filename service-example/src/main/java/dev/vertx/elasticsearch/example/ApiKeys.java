package dev.vertx.elasticsearch.example;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.logging.Logger;
import io.vertx.core.internal.logging.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API keys the write endpoints accept: those of the configuration ({@code SERVICE_API_KEY}) and those of the keys
 * file ({@code SERVICE_API_KEYS_FILE}), which is read again every {@value #RELOAD_INTERVAL_MS} ms through Vert.x's
 * file system (off the event loop): a key added to the file is accepted, a key removed from it refused, within about
 * a second, without a restart. Keys are held as SHA-256 digests and compared in constant time; neither a key nor a
 * digest is ever logged or put in an error message.
 */
final class ApiKeys {

  /** How often the keys file is read again. */
  static final long RELOAD_INTERVAL_MS = 1_000;
  /** Below this length a key is accepted, with a warning: it can be guessed. */
  static final int SHORT_KEY = 16;

  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

  private final Vertx vertx;
  private final String file;
  private final List<byte[]> configured;
  private volatile List<byte[]> fromFile = List.of();
  private Buffer lastContent;
  private boolean lastReadFailed;
  private long timer = -1;
  private volatile long reads;

  private ApiKeys(Vertx vertx, List<String> keys, String file) {
    this.vertx = vertx;
    this.file = file;
    this.configured = digests(keys);
  }

  /**
   * Reads the keys file once (when there is one) and then every {@value #RELOAD_INTERVAL_MS} ms.
   *
   * @param vertx the Vert.x whose file system and timers are used
   * @param keys the keys of the configuration
   * @param file the keys file, or {@code null}
   * @return the keys; failed when the keys file cannot be read at start
   */
  static Future<ApiKeys> start(Vertx vertx, List<String> keys, String file) {
    ApiKeys apiKeys = new ApiKeys(vertx, keys, file);
    if (keys.stream().anyMatch(k -> k.length() < SHORT_KEY)) {
      log.warn("An API key shorter than " + SHORT_KEY + " characters is configured: it can be guessed");
    }
    if (file == null) {
      return Future.succeededFuture(apiKeys);
    }
    return vertx.fileSystem().readFile(file)
      .recover(err -> Future.failedFuture(new IllegalStateException("Cannot read the API keys file " + file + " ("
        + err.getClass().getSimpleName() + ")")))
      .map(content -> {
        apiKeys.load(content);
        apiKeys.timer = vertx.setPeriodic(RELOAD_INTERVAL_MS, id -> apiKeys.reload());
        return apiKeys;
      });
  }

  /**
   * Checks a configured key.
   *
   * @throws IllegalArgumentException when it is empty or holds spaces or control characters (the message does not
   *     quote it)
   */
  static void check(String key) {
    if (key == null || key.isEmpty() || key.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("an API key must be non-empty, without spaces or control characters");
    }
  }

  /** @return the number of keys accepted now */
  int count() {
    return configured.size() + fromFile.size();
  }

  /**
   * @param presented the key a caller sent
   * @return whether it is one of the accepted keys; the time taken does not depend on which key, if any, matched
   */
  boolean accepts(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] digest = sha256(presented);
    boolean match = false;
    for (byte[] key : configured) {
      match |= MessageDigest.isEqual(key, digest);
    }
    for (byte[] key : fromFile) {
      match |= MessageDigest.isEqual(key, digest);
    }
    return match;
  }

  /** @return how many times the keys file was read again since the start, successfully or not */
  long reloads() {
    return reads;
  }

  /** Stops reading the keys file. */
  void close() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void reload() {
    vertx.fileSystem().readFile(file).onComplete(ar -> {
      reads++;
      if (ar.failed()) {
        if (!lastReadFailed) {
          log.warn("Cannot read the API keys file " + file + " (" + ar.cause().getClass().getSimpleName()
            + "): the keys read last stay accepted");
        }
        lastReadFailed = true;
        return;
      }
      if (lastReadFailed) {
        log.info("The API keys file " + file + " can be read again");
      }
      lastReadFailed = false;
      if (!ar.result().equals(lastContent)) {
        load(ar.result());
      }
    });
  }

  private void load(Buffer content) {
    List<String> keys = new ArrayList<>();
    int skipped = 0;
    for (String line : content.toString(StandardCharsets.UTF_8).split("\\r?\\n")) {
      String key = line.strip();
      if (key.isEmpty() || key.startsWith("#")) {
        continue;
      }
      try {
        check(key);
        keys.add(key);
      } catch (IllegalArgumentException e) {
        skipped++;
      }
    }
    fromFile = digests(keys);
    boolean first = lastContent == null;
    lastContent = content;
    log.info((first ? "Read " : "Reloaded ") + keys.size() + " API key" + (keys.size() == 1 ? "" : "s") + " from "
      + file + (skipped == 0 ? "" : " (" + skipped + " malformed line" + (skipped == 1 ? "" : "s") + " ignored)")
      + (count() == 0 ? ": no key is accepted, every write is refused" : ""));
    if (keys.stream().anyMatch(k -> k.length() < SHORT_KEY)) {
      log.warn("The API keys file " + file + " has a key shorter than " + SHORT_KEY + " characters: it can be guessed");
    }
  }

  private static List<byte[]> digests(List<String> keys) {
    return keys.stream().map(ApiKeys::sha256).toList();
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
