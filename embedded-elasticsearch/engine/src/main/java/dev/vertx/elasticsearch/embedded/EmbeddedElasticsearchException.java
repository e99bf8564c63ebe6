package dev.vertx.elasticsearch.embedded;

/** A node could not be started, stopped or reached. The message holds the last lines of the node's output. */
public class EmbeddedElasticsearchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the last lines of the node output */
    public EmbeddedElasticsearchException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the last lines of the node output
     * @param cause the underlying failure
     */
    public EmbeddedElasticsearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
