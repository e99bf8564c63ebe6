package dev.vertx.elasticsearch.embedded;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: injects an {@link EmbeddedElasticsearch} parameter (constructors, test methods, {@code @BeforeAll},
 * {@code @BeforeEach}...). One single-node instance is shared by the whole test run (all classes using the extension)
 * and closed when the run ends. The version comes from the system property
 * {@value EmbeddedElasticsearchOptions#VERSION_PROPERTY} ({@code auto} by default).
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedElasticsearchExtension.class)
 * class MyTest {
 *     MyTest(EmbeddedElasticsearch es) { this.url = es.httpUrl(); }
 * }
 * }</pre>
 */
public final class EmbeddedElasticsearchExtension implements ParameterResolver {

    private static final String KEY = EmbeddedElasticsearchExtension.class.getName() + ".shared-single-node";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedElasticsearch.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return shared(extensionContext);
    }

    /**
     * The instance shared by the whole test run, started on first use with the default options and closed when the run
     * ends.
     *
     * @param context any extension context of the run
     * @return the shared single-node cluster
     */
    public static EmbeddedElasticsearch shared(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.getOrComputeIfAbsent(KEY,
            key -> new SharedInstance(EmbeddedElasticsearch.start(new EmbeddedElasticsearchOptions())), SharedInstance.class).instance;
    }

    /** Closed by JUnit when the root context (the whole run) ends. */
    private static final class SharedInstance implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final EmbeddedElasticsearch instance;

        SharedInstance(EmbeddedElasticsearch instance) {
            this.instance = instance;
        }

        @Override
        public void close() {
            instance.close();
        }
    }
}
