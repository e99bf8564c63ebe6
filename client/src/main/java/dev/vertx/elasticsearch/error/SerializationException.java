package dev.vertx.elasticsearch.error;

/**
 * A request body could not be written, or a response body could not be read as the asked type. A request whose body
 * fails to serialise is never sent.
 */
public class SerializationException extends TransportException {

  /**
   * @param message what could not be (de)serialised
   * @param cause the parser or mapper failure
   */
  public SerializationException(String message, Throwable cause) {
    super(message, null, cause);
  }
}
