package dev.vertx.elasticsearch.helpers;

import dev.vertx.elasticsearch.transport.RetryConfig;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * What the options of the helpers share: one {@link RetryConfig}, with the helper's own default, written to and read
 * from the JSON form under {@code "retry"} (a partial object keeps the default's other fields) and checked as
 * {@code RetryConfig} checks it; and a {@link #toString()} of the JSON form.
 *
 * @param <T> the options class, which the setters return
 */
abstract class RetryingOptions<T extends RetryingOptions<T>> {

  private final RetryConfig defaultRetry;
  private RetryConfig retry;

  /**
   * @param defaultRetry the helper's default, or {@code null} when unset means "the default of each part"
   */
  RetryingOptions(RetryConfig defaultRetry) {
    this.defaultRetry = defaultRetry;
    this.retry = defaultRetry;
  }

  /**
   * @param defaultRetry the helper's default, or {@code null} when unset means "the default of each part"
   * @param json the options' JSON form, whose {@code "retry"} object is read over the default
   * @throws IllegalArgumentException when a retry setting is out of range
   */
  RetryingOptions(RetryConfig defaultRetry, JsonObject json) {
    this(defaultRetry);
    JsonObject r = json.getJsonObject("retry");
    if (r != null) {
      retry = defaultRetry == null ? new RetryConfig(r) : RetryConfig.fromJson(r, defaultRetry);
    }
  }

  /** @return how failed work is retried (the default is named by the options class) */
  public RetryConfig getRetry() {
    return retry;
  }

  /**
   * @param retry how failed work is retried (what that covers is said by the options class)
   * @return this
   * @throws NullPointerException when {@code null} and the options class has a default of its own
   */
  @SuppressWarnings("unchecked")
  public T setRetry(RetryConfig retry) {
    this.retry = defaultRetry == null ? retry : Objects.requireNonNull(retry, "retry");
    return (T) this;
  }

  /** @return the JSON form of every setting */
  public abstract JsonObject toJson();

  /**
   * @param json the options' JSON form
   * @return {@code json} with the retry settings under {@code "retry"}, when set
   */
  JsonObject putRetry(JsonObject json) {
    return retry == null ? json : json.put("retry", retry.toJson());
  }

  /** @return the class name and the JSON form */
  @Override
  public String toString() {
    return getClass().getSimpleName() + toJson().encode();
  }
}
