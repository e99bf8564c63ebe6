package dev.vertx.elasticsearch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version/JDK resolution and the recorded classpaths, without starting a node. */
class DistributionTest {

    @TempDir
    Path jvms;

    @Test
    void supportedVersionsComeFromTheParentPom() {
        assertThat(Distribution.supportedVersions()).hasSize(2).allMatch(v -> v.matches("\\d+\\.\\d+\\.\\d+"));
        assertThat(Distribution.supportedVersions().get(0)).startsWith("8.");
        assertThat(Distribution.supportedVersions().get(1)).startsWith("9.");
    }

    @Test
    void recordedClasspathsExistAndMatchTheVersions() {
        JavaRuntimes.Runtime fake = new JavaRuntimes.Runtime(Path.of("/nowhere"), 25, "test");
        for (String version : Distribution.supportedVersions()) {
            // fails if runtime-8 / runtime-9 record another version than the parent's elasticsearchN.version
            Distribution d = Distribution.resolve(version, null, Map.of(), jvms, fake);
            assertThat(d.version).isEqualTo(version);
            assertThat(d.classpath()).allMatch(Files::exists)
                .anyMatch(p -> p.getFileName().toString().equals("elasticsearch-" + version + ".jar"))
                .noneMatch(p -> p.toString().contains("randomizedtesting"));
            assertThat(d.mainClass()).isEqualTo("dev.vertx.elasticsearch.embedded.node.NodeRunner");
        }
    }

    @Test
    void autoPicks9WhenAJava21IsFound() throws IOException {
        fakeJdk("jdk-17", "17.0.2");
        Path jdk25 = fakeJdk("temurin-25", "25.0.1");
        fakeJdk("jdk-21", "21.0.5");
        JavaRuntimes.Runtime current17 = new JavaRuntimes.Runtime(Path.of("/current"), 17, "current");
        Distribution d = Distribution.resolve("auto", null, Map.of(), jvms, current17);
        assertThat(d.major).isEqualTo(9);
        assertThat(d.java.home()).isEqualTo(jdk25); // the newest

        Path esJavaHome = fakeJdk("es-java", "21.0.1");
        d = Distribution.resolve("auto", null, Map.of("ES_JAVA_HOME", esJavaHome.toString()), jvms, current17);
        assertThat(d.java.home()).isEqualTo(esJavaHome); // ES_JAVA_HOME wins
    }

    @Test
    void autoFallsBackTo8WithoutJava21() throws IOException {
        Path jdk17 = fakeJdk("jdk-17", "17.0.2");
        JavaRuntimes.Runtime current17 = new JavaRuntimes.Runtime(jdk17, 17, "current");
        Distribution d = Distribution.resolve("auto", null, Map.of(), jvms, current17);
        assertThat(d.major).isEqualTo(8);
        assertThat(d.java.home()).isEqualTo(jdk17);
        assertThatThrownBy(() -> Distribution.resolve("9", null, Map.of(), jvms, current17))
            .isInstanceOf(EmbeddedElasticsearchException.class).hasMessageContaining("needs Java 21+");
        assertThatThrownBy(() -> Distribution.resolve("9", jdk17, Map.of(), jvms, current17))
            .isInstanceOf(EmbeddedElasticsearchException.class).hasMessageContaining("is Java 17");
    }

    @Test
    void versionAliasesAndErrors() throws IOException {
        JavaRuntimes.Runtime current25 = new JavaRuntimes.Runtime(fakeJdk("jdk-25", "25"), 25, "current");
        assertThat(Distribution.resolve("8", null, Map.of(), jvms, current25).version).isEqualTo(Distribution.supportedVersions().get(0));
        assertThat(Distribution.resolve("9", null, Map.of(), jvms, current25).version).isEqualTo(Distribution.supportedVersions().get(1));
        assertThatThrownBy(() -> Distribution.resolve("8.0.0", null, Map.of(), jvms, current25))
            .hasMessageContaining("Unsupported Elasticsearch version '8.0.0'");
    }

    @Test
    void optionsDefaultsAndSystemProperty() {
        EmbeddedElasticsearchOptions options = new EmbeddedElasticsearchOptions();
        assertThat(options.getVersion()).isEqualTo("auto");
        assertThat(options.getNodes()).isEqualTo(1);
        assertThat(options.getClusterName()).isEqualTo("embedded");
        assertThat(options.getHeap()).isEqualTo("512m");
        assertThat(options.setNodes(3).getHeap()).isEqualTo("1024m");
        assertThat(options.getStartTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.getJavaHome()).isNull();
        assertThat(options.getDataDir()).isNull();

        String saved = System.getProperty(EmbeddedElasticsearchOptions.VERSION_PROPERTY);
        try {
            System.setProperty(EmbeddedElasticsearchOptions.VERSION_PROPERTY, "8");
            assertThat(new EmbeddedElasticsearchOptions().getEffectiveVersion()).isEqualTo("8");
            assertThat(new EmbeddedElasticsearchOptions().setVersion("9").getEffectiveVersion()).isEqualTo("9");
            assertThat(new EmbeddedElasticsearchOptions().setVersion("auto").getEffectiveVersion()).isEqualTo("auto");
        } finally {
            if (saved == null) {
                System.clearProperty(EmbeddedElasticsearchOptions.VERSION_PROPERTY);
            } else {
                System.setProperty(EmbeddedElasticsearchOptions.VERSION_PROPERTY, saved);
            }
        }
    }

    @Test
    void toStringHidesSecrets() {
        String text = new EmbeddedElasticsearchOptions().putSetting("indices.breaker.request.limit", "10b")
            .putSetting("xpack.security.http.ssl.keystore.secure_password", "hunter2").toString();
        assertThat(text).contains("\"indices.breaker.request.limit\":\"10b\"").doesNotContain("hunter2").startsWith("{").endsWith("}");
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name));
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
