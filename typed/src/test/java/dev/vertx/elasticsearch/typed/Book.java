package dev.vertx.elasticsearch.typed;

/**
 * The test document.
 *
 * @param title the title (text)
 * @param genre the genre (keyword)
 * @param year the year of publication
 * @param rating the rating
 */
public record Book(String title, String genre, int year, double rating) {
}
