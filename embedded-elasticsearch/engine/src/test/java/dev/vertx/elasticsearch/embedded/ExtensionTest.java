package dev.vertx.elasticsearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension injects one shared instance into constructors, @BeforeAll and test methods. */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class ExtensionTest {

    private static EmbeddedElasticsearch fromBeforeAll;
    private final EmbeddedElasticsearch fromConstructor;

    ExtensionTest(EmbeddedElasticsearch es) {
        this.fromConstructor = es;
    }

    @BeforeAll
    static void beforeAll(EmbeddedElasticsearch es) {
        fromBeforeAll = es;
    }

    @Test
    void injectsTheSharedInstance(EmbeddedElasticsearch es) {
        assertThat(es).isSameAs(fromConstructor).isSameAs(fromBeforeAll);
        assertThat(es.isRunning(0)).isTrue();
        assertThat(Http.get(es.httpUrl() + "/").statusCode()).isEqualTo(200);
        String property = System.getProperty(EmbeddedElasticsearchOptions.VERSION_PROPERTY);
        if (property != null && !property.isBlank() && !property.equals("auto")) {
            assertThat(es.version()).startsWith(property);
        }
    }

    @Test
    void sameInstanceInEveryTest(EmbeddedElasticsearch es) {
        assertThat(es).isSameAs(fromBeforeAll);
    }
}
