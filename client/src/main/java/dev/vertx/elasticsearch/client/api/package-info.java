/**
 * The endpoint API below the client: the base of every request ({@link dev.vertx.elasticsearch.client.api.ApiRequest}),
 * the response types ({@link dev.vertx.elasticsearch.client.api.ElasticsearchResponse},
 * {@link dev.vertx.elasticsearch.client.api.SearchHits}), the endpoint catalog, and the one-method seam the generated
 * code sends through ({@link dev.vertx.elasticsearch.client.api.ApiSender}).
 * <p>
 * Layering: this package depends on {@code transport} and {@code error} only. The generated request and namespace
 * classes ({@code client.api.core}, {@code client.api.indices}...) depend on this package only; the generated root
 * interface {@code ElasticsearchApi} lives one level up, in {@code dev.vertx.elasticsearch.client}, which the client
 * extends. Nothing here knows the client, its implementation or the helpers.
 */
package dev.vertx.elasticsearch.client.api;
