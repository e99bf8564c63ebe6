/**
 * Internal support shared by the client's packages and the other modules (typed): small utilities that depend on no
 * other package of the project, so that any package can use them without creating a cycle. Not API.
 */
package dev.vertx.elasticsearch.impl;
