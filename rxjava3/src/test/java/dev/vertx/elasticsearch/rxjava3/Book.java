package dev.vertx.elasticsearch.rxjava3;

/** A document of the tests. */
public record Book(String title, int year) {
}
