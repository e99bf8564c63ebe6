package dev.vertx.elasticsearch.client.api;

/** A generated enum of a path part or query parameter: each constant knows the value sent on the wire. */
public interface ApiEnum {

  /** @return the value sent, e.g. {@code dfs_query_then_fetch} */
  String value();
}
