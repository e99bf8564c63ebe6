package dev.vertx.elasticsearch.transport;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How the client authenticates: HTTP basic, an Elasticsearch API key, or a bearer token. Exactly one kind per client
 * or per request. {@link #toString()} never shows the secret.
 */
public final class Credentials {

  /** The kind of credentials. */
  public enum Kind {
    /** HTTP basic authentication: a username and a password. */
    BASIC,
    /** An Elasticsearch API key ({@code Authorization: ApiKey ...}). */
    API_KEY,
    /** A bearer token ({@code Authorization: Bearer ...}). */
    BEARER
  }

  private final Kind kind;
  private final String principal;
  private final String secret;

  private Credentials(Kind kind, String principal, String secret) {
    this.kind = kind;
    this.principal = principal;
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  /**
   * @param username the user name, not {@code null}
   * @param password the password, not {@code null}
   * @return HTTP basic credentials
   */
  public static Credentials basic(String username, String password) {
    return new Credentials(Kind.BASIC, Objects.requireNonNull(username, "username"), password);
  }

  /**
   * @param encoded the API key as Elasticsearch returns it in {@code encoded} (base64 of {@code id:key})
   * @return API key credentials
   */
  public static Credentials apiKey(String encoded) {
    return new Credentials(Kind.API_KEY, null, encoded);
  }

  /**
   * @param id the API key id
   * @param key the API key secret
   * @return API key credentials, encoded as Elasticsearch expects
   */
  public static Credentials apiKey(String id, String key) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    return apiKey(Base64.getEncoder().encodeToString((id + ":" + key).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * @param token an OAuth2 / service account token
   * @return bearer credentials
   */
  public static Credentials bearer(String token) {
    return new Credentials(Kind.BEARER, null, token);
  }

  /**
   * Reads credentials written by {@link #toJson()}.
   *
   * @param json {@code {"kind":"basic","username":..,"password":..}}, {@code {"kind":"api_key","apiKey":..}} or
   *     {@code {"kind":"bearer","token":..}}
   * @return the credentials
   * @throws IllegalArgumentException when the kind is unknown
   */
  public static Credentials fromJson(JsonObject json) {
    String kind = json.getString("kind", "");
    switch (kind) {
      case "basic": return basic(json.getString("username"), json.getString("password"));
      case "api_key": return apiKey(json.getString("apiKey"));
      case "bearer": return bearer(json.getString("token"));
      default: throw new IllegalArgumentException("Unknown credentials kind '" + kind + "': use basic, api_key or bearer");
    }
  }

  /** @return the credentials as JSON, secret included: keep it out of logs */
  public JsonObject toJson() {
    switch (kind) {
      case BASIC: return new JsonObject().put("kind", "basic").put("username", principal).put("password", secret);
      case API_KEY: return new JsonObject().put("kind", "api_key").put("apiKey", secret);
      default: return new JsonObject().put("kind", "bearer").put("token", secret);
    }
  }

  /** @return the kind of credentials */
  public Kind kind() {
    return kind;
  }

  /** @return the value of the {@code Authorization} header these credentials produce */
  public String authorizationHeader() {
    switch (kind) {
      case BASIC:
        return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
      case API_KEY:
        return "ApiKey " + secret;
      default:
        return "Bearer " + secret;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials && ((Credentials) o).kind == kind
      && Objects.equals(((Credentials) o).principal, principal) && ((Credentials) o).secret.equals(secret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, principal, secret);
  }

  /** @return the kind and, for basic, the user name; never the secret */
  @Override
  public String toString() {
    return kind == Kind.BASIC ? "Credentials[basic " + principal + ":***]" : "Credentials[" + kind.name().toLowerCase() + " ***]";
  }
}
