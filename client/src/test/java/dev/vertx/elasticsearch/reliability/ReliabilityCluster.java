package dev.vertx.elasticsearch.reliability;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchOptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The 3-node cluster of the reliability suite, started once per test run on first use and closed when the run
 * ends. Its HTTP request limit is small ({@value #MAX_CONTENT_LENGTH}) so that an oversized request is cheap to make.
 */
final class ReliabilityCluster implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedElasticsearch.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return get(context);
  }

  static final String MAX_CONTENT_LENGTH = "2mb";
  static final int MAX_CONTENT_BYTES = 2 * 1024 * 1024;


  static EmbeddedElasticsearch get(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(ReliabilityCluster.class))
      .getOrComputeIfAbsent("cluster", k -> new Holder(EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions()
        .setNodes(3).setClusterName("reliability").putSetting("http.max_content_length", MAX_CONTENT_LENGTH))),
        Holder.class).es;
  }

  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    final EmbeddedElasticsearch es;

    Holder(EmbeddedElasticsearch es) {
      this.es = es;
    }

    @Override
    public void close() {
      es.close();
    }
  }
}
