package dev.vertx.elasticsearch.transport.impl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites JSON, NDJSON and vector-tile media types to Elasticsearch's REST compatibility form, e.g.
 * {@code application/json} to {@code application/vnd.elasticsearch+json; compatible-with=9}. Results are cached: the
 * set of media types a client sends is small.
 */
final class CompatibilityMediaTypes {

  private static final Pattern COMPATIBLE =
    Pattern.compile("application/(json|x-ndjson|vnd\\.mapbox-vector-tile)(?=\\s*(;|,|$))");

  private final String replacement;
  private final ConcurrentMap<String, String> cache = new ConcurrentHashMap<>();

  /** @param version the major version, or {@code 0} to leave media types alone */
  CompatibilityMediaTypes(int version) {
    this.replacement = version == 0 ? null : "application/vnd.elasticsearch+$1; compatible-with=" + version;
  }

  /** Elasticsearch's words when it refuses a version: "... must be either version 8 or 7, but found 9 ...". */
  private static final Pattern ACCEPTED = Pattern.compile("must be either version (\\d+) or (\\d+)");

  /**
   * @param refusal the body of a {@code media_type_header_exception} answer
   * @param sent the version that was refused
   * @return the newest version the server says it accepts, else the one below {@code sent} (7 at least)
   */
  static int acceptedVersion(String refusal, int sent) {
    Matcher m = ACCEPTED.matcher(refusal);
    if (m.find()) {
      return Math.max(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    return Math.max(7, sent - 1);
  }

  /** @return the media type (or comma-separated list) in compatibility form */
  String apply(String mediaType) {
    if (replacement == null || mediaType == null) {
      return mediaType;
    }
    return cache.computeIfAbsent(mediaType, m -> {
      Matcher matcher = COMPATIBLE.matcher(m);
      return matcher.replaceAll(replacement);
    });
  }
}
