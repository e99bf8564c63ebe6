package dev.vertx.elasticsearch.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to run: the exact Elasticsearch version, the JDK for it and the forked JVM's classpath (server jars from the
 * local Maven repository, downloaded from Maven Central when missing, plus the node runner).
 */
final class Distribution {

    private static final System.Logger LOG = System.getLogger(EmbeddedElasticsearch.class.getName());
    static final String RESOURCE_DIR = "META-INF/embedded-elasticsearch/";
    static final String REPOSITORY_PROPERTY = "embedded.es.maven.repository";
    private static final String DEFAULT_REPOSITORY = "https://repo1.maven.org/maven2/";
    private static final String M2_REPO = "@M2_REPO@";

    final String version;
    final int major;
    final JavaRuntimes.Runtime java;

    private Distribution(String version, JavaRuntimes.Runtime java) {
        this.version = version;
        this.major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        this.java = java;
    }

    /** The versions this launcher supports: [8.x, 9.x], from engine.properties. */
    static List<String> supportedVersions() {
        Properties p = new Properties();
        try (InputStream in = resource("engine.properties").openStream()) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(p.getProperty("elasticsearch8.version"), p.getProperty("elasticsearch9.version"));
    }

    static Distribution resolve(EmbeddedElasticsearchOptions options) {
        return resolve(options.getEffectiveVersion(), options.getJavaHome(), System.getenv(), JavaRuntimes.DEFAULT_JVM_DIR);
    }

    static Distribution resolve(String requested, Path javaHome, Map<String, String> env, Path jvmDir) {
        return resolve(requested, javaHome, env, jvmDir, JavaRuntimes.current());
    }

    /** {@code current}: the JVM running this code (a parameter for tests), may be null. */
    static Distribution resolve(String requested, Path javaHome, Map<String, String> env, Path jvmDir,
                                JavaRuntimes.Runtime current) {
        List<String> supported = supportedVersions();
        String v8 = supported.get(0);
        String v9 = supported.get(1);
        JavaRuntimes.Runtime explicitJava = null;
        if (javaHome != null) {
            OptionalInt feature = JavaRuntimes.featureVersion(javaHome);
            if (feature.isEmpty()) {
                throw new EmbeddedElasticsearchException("javaHome " + javaHome + " is not a JDK (no executable bin/java or no release file)");
            }
            explicitJava = new JavaRuntimes.Runtime(javaHome, feature.getAsInt(), "javaHome option");
        }
        String version = switch (requested) {
            case "auto", "" -> null;
            case "8" -> v8;
            case "9" -> v9;
            default -> {
                if (!supported.contains(requested)) {
                    throw new EmbeddedElasticsearchException("Unsupported Elasticsearch version '" + requested
                        + "': use auto, 8, 9, " + v8 + " or " + v9);
                }
                yield requested;
            }
        };
        if (version == null) { // auto
            Optional<JavaRuntimes.Runtime> java21 = explicitJava != null
                ? Optional.of(explicitJava).filter(r -> r.feature() >= 21)
                : JavaRuntimes.find(21, env, jvmDir, current);
            if (java21.isPresent()) {
                return new Distribution(v9, java21.get());
            }
            LOG.log(Level.WARNING, "embedded-elasticsearch: no Java 21+ runtime found ("
                + (explicitJava != null ? "javaHome option is Java " + explicitJava.feature()
                    : "checked ES_JAVA_HOME, the current JVM, JAVA_HOME and " + jvmDir)
                + "); Elasticsearch " + v9 + " needs Java 21+, so falling back to Elasticsearch " + v8);
            return new Distribution(v8, explicitJava != null ? explicitJava : require17(env, jvmDir, v8, current));
        }
        int minJava = version.startsWith("8.") ? 17 : 21;
        if (explicitJava != null) {
            if (explicitJava.feature() < minJava) {
                throw new EmbeddedElasticsearchException("Elasticsearch " + version + " needs Java " + minJava
                    + "+, but javaHome " + javaHome + " is Java " + explicitJava.feature());
            }
            return new Distribution(version, explicitJava);
        }
        if (minJava == 17) {
            return new Distribution(version, require17(env, jvmDir, version, current));
        }
        return new Distribution(version, JavaRuntimes.find(21, env, jvmDir, current).orElseThrow(() -> new EmbeddedElasticsearchException(
            "Elasticsearch " + version + " needs Java 21+, but none was found (checked ES_JAVA_HOME, the current JVM, JAVA_HOME and "
                + jvmDir + "); set ES_JAVA_HOME or the javaHome option, or use version 8")));
    }

    private static JavaRuntimes.Runtime require17(Map<String, String> env, Path jvmDir, String version,
                                                  JavaRuntimes.Runtime current) {
        return JavaRuntimes.find(17, env, jvmDir, current).orElseThrow(() -> new EmbeddedElasticsearchException(
            "Elasticsearch " + version + " needs Java 17+, but none was found"));
    }

    /** The forked JVM's classpath: the server's jars then the node runner. */
    List<Path> classpath() {
        List<Path> classpath = new ArrayList<>();
        Path repository = localRepository();
        String recorded;
        URL resource = resource(version + ".classpath");
        try (InputStream in = resource.openStream()) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String entry : recorded.split("[|\\n]")) {
            entry = entry.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith(M2_REPO)) {
                String relative = entry.substring(M2_REPO.length()).replaceFirst("^/+", "");
                Path jar = repository.resolve(relative);
                if (!Files.isRegularFile(jar)) {
                    download(relative, jar);
                }
                classpath.add(jar);
            } else {
                classpath.add(Path.of(entry));
            }
        }
        classpath.add(nodeRunnerLocation());
        return classpath;
    }

    String mainClass() {
        Properties p = new Properties();
        try (InputStream in = resource("node-runner.properties").openStream()) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("main-class");
    }

    /** The jar (or classes directory) of embedded-elasticsearch-node. */
    static Path nodeRunnerLocation() {
        URL url = resource("node-runner.properties");
        try {
            if ("jar".equals(url.getProtocol())) {
                String spec = url.getPath(); // file:/.../x.jar!/META-INF/...
                return Path.of(new URI(spec.substring(0, spec.indexOf("!/"))));
            }
            if ("file".equals(url.getProtocol())) {
                Path file = Path.of(url.toURI());
                return file.getParent().getParent().getParent(); // strip META-INF/embedded-elasticsearch/x
            }
        } catch (URISyntaxException e) {
            throw new EmbeddedElasticsearchException("Cannot locate the node runner from " + url, e);
        }
        throw new EmbeddedElasticsearchException("Cannot locate the node runner from " + url
            + " (embedded-elasticsearch-node must be a jar or a directory on the classpath)");
    }

    private static URL resource(String name) {
        URL url = Distribution.class.getClassLoader().getResource(RESOURCE_DIR + name);
        if (url == null) {
            throw new EmbeddedElasticsearchException("Resource " + RESOURCE_DIR + name + " not found: the artifacts "
                + "embedded-elasticsearch-node, -runtime-8 and -runtime-9 must be on the classpath next to embedded-elasticsearch");
        }
        return url;
    }

    /** -Dmaven.repo.local, else localRepository of ~/.m2/settings.xml, else ~/.m2/repository. */
    static Path localRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>").matcher(Files.readString(settings));
                if (m.find() && !m.group(1).contains("${")) {
                    return Path.of(m.group(1));
                }
            } catch (IOException e) {
                // ignore, use the default
            }
        }
        return m2.resolve("repository");
    }

    private static void download(String relative, Path target) {
        String base = System.getProperty(REPOSITORY_PROPERTY, DEFAULT_REPOSITORY);
        if (!base.endsWith("/")) {
            base += "/";
        }
        URI uri = URI.create(base + relative);
        LOG.log(Level.INFO, "embedded-elasticsearch: downloading " + uri);
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20)).build();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                HttpResponse<Path> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofFile(tmp));
                if (response.statusCode() != 200) {
                    throw new EmbeddedElasticsearchException("Cannot download " + uri + ": HTTP " + response.statusCode());
                }
                HttpResponse<String> sha1 = client.send(HttpRequest.newBuilder(URI.create(uri + ".sha1"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                if (sha1.statusCode() == 200) {
                    String expected = sha1.body().trim().split("\\s+")[0];
                    String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(tmp)));
                    if (!expected.equalsIgnoreCase(actual)) {
                        throw new EmbeddedElasticsearchException("Checksum mismatch for " + uri + ": " + actual + " != " + expected);
                    }
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new EmbeddedElasticsearchException("Cannot download " + uri + " into " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedElasticsearchException("Interrupted while downloading " + uri, e);
        }
    }
}
