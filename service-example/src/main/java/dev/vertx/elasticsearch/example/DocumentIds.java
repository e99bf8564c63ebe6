package dev.vertx.elasticsearch.example;

import java.nio.charset.StandardCharsets;

/** Checks document ids taken from the URL before they reach Elasticsearch. */
final class DocumentIds {

  /** Elasticsearch's limit for {@code _id}. */
  static final int MAX_BYTES = 512;

  private DocumentIds() {
  }

  /**
   * @param id the id from the path
   * @return the id
   * @throws BookQuery.BadInput when it is empty, longer than 512 UTF-8 bytes, or holds control characters
   */
  static String check(String id) {
    if (id == null || id.isEmpty()) {
      throw new BookQuery.BadInput("The document id must not be empty");
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new BookQuery.BadInput("The document id must be at most " + MAX_BYTES + " bytes");
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      throw new BookQuery.BadInput("The document id must not contain control characters");
    }
    return id;
  }
}
