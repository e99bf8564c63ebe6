package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.error.ApiException;
import dev.vertx.elasticsearch.error.BadRequestException;
import dev.vertx.elasticsearch.error.NotFoundException;
import io.vertx.core.json.JsonObject;

/**
 * What the service found when it looked at its index: usable, or why not.
 *
 * @param state the verdict
 * @param reason a sentence for people saying what is wrong, or {@code null} when usable
 * @param sampleData the sample data marker kept in the index's {@code _meta} ({@code loading}, {@code loaded}), or
 *     {@code null}
 * @param health the index health ({@code green}, {@code yellow}, {@code red}), or {@code null} when unknown
 */
record IndexStatus(State state, String reason, String sampleData, String health) {

  /** The verdicts, from good to bad. */
  enum State {
    /** The alias exists, points at one index with the expected mappings, and that index is not red. */
    USABLE,
    /** Neither the alias nor an index of that name exists. */
    MISSING,
    /** The name is a concrete index, not the alias the service writes through. */
    NOT_AN_ALIAS,
    /** A field has another type than the service's mappings give it. */
    WRONG_MAPPING,
    /** A primary shard of the index is unassigned: searches fail. */
    RED,
    /** Elasticsearch did not answer. */
    UNREACHABLE
  }

  static IndexStatus usable(String sampleData, String health) {
    return new IndexStatus(State.USABLE, null, sampleData, health);
  }

  static IndexStatus of(State state, String reason) {
    return new IndexStatus(state, reason, null, null);
  }

  /** @return whether searches and writes can work on the index */
  boolean usable() {
    return state == State.USABLE;
  }

  /** @return whether the index is the service's own (an alias with the right mappings) but broken or incomplete */
  boolean unusableIndex() {
    return state == State.NOT_AN_ALIAS || state == State.WRONG_MAPPING || state == State.RED;
  }

  /**
   * @param failure how a request on the service's index failed
   * @return whether the index itself may be the cause: it is missing ({@code index_not_found_exception}),
   *     Elasticsearch refused a request the service built (wrong mappings), or it failed on the server side (red)
   */
  static boolean mayExplain(Throwable failure) {
    if (failure instanceof NotFoundException notFound) {
      return "index_not_found_exception".equals(notFound.errorType());
    }
    return failure instanceof BadRequestException
      || failure instanceof ApiException api && api.status() >= 500;
  }

  /** @return the error code a request answered with this status gets ({@code index_missing}, ...) */
  String errorCode() {
    return switch (state) {
      case MISSING -> "index_missing";
      case UNREACHABLE -> "unavailable";
      default -> "index_unusable";
    };
  }

  /** @return the status as the readiness check reports it */
  JsonObject toJson() {
    JsonObject json = new JsonObject().put("state", state.name().toLowerCase());
    if (reason != null) {
      json.put("reason", reason);
    }
    if (health != null) {
      json.put("health", health);
    }
    if (sampleData != null) {
      json.put("sampleData", sampleData);
    }
    return json;
  }
}
