package dev.vertx.elasticsearch.mutiny;

/** A document of the tests. */
public record Book(String title, int year) {
}
