package dev.vertx.elasticsearch.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds JDKs and their feature versions (from the {@code release} file, without running them). */
final class JavaRuntimes {

    static final Path DEFAULT_JVM_DIR = Path.of("/usr/lib/jvm");
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"?(\\d+)(?:\\.(\\d+))?", Pattern.MULTILINE);

    private JavaRuntimes() {
    }

    /** A JDK found on this machine. */
    record Runtime(Path home, int feature, String source) {
        Path java() {
            return home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        }
    }

    /** The feature version (17, 21, 25...) of the JDK at {@code home}, if it is one. */
    static OptionalInt featureVersion(Path home) {
        if (home == null) {
            return OptionalInt.empty();
        }
        Path launcher = home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        if (!Files.isExecutable(launcher)) {
            return OptionalInt.empty();
        }
        try {
            String release = Files.readString(home.resolve("release"));
            Matcher m = JAVA_VERSION.matcher(release);
            if (m.find()) {
                int major = Integer.parseInt(m.group(1));
                if (major == 1 && m.group(2) != null) {
                    major = Integer.parseInt(m.group(2)); // 1.8
                }
                return OptionalInt.of(major);
            }
        } catch (IOException | RuntimeException e) {
            // no release file: fall through
        }
        if (home.toAbsolutePath().normalize().equals(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize())) {
            return OptionalInt.of(java.lang.Runtime.version().feature());
        }
        return OptionalInt.empty();
    }

    /** The JDK running this code. */
    static Runtime current() {
        return new Runtime(Path.of(System.getProperty("java.home")), java.lang.Runtime.version().feature(), "current JVM");
    }

    /**
     * A JDK with at least {@code minFeature}: {@code ES_JAVA_HOME}, else the current JVM, else {@code JAVA_HOME}, else
     * the newest JDK under {@code jvmDir} (typically /usr/lib/jvm).
     */
    static Optional<Runtime> find(int minFeature, Map<String, String> env, Path jvmDir) {
        return find(minFeature, env, jvmDir, current());
    }

    static Optional<Runtime> find(int minFeature, Map<String, String> env, Path jvmDir, Runtime current) {
        List<Runtime> candidates = new ArrayList<>();
        candidate(env.get("ES_JAVA_HOME"), "ES_JAVA_HOME").ifPresent(candidates::add);
        if (current != null) {
            candidates.add(current);
        }
        candidate(env.get("JAVA_HOME"), "JAVA_HOME").ifPresent(candidates::add);
        for (Runtime r : candidates) {
            if (r.feature() >= minFeature) {
                return Optional.of(r);
            }
        }
        return newestUnder(jvmDir).filter(r -> r.feature() >= minFeature);
    }

    static Optional<Runtime> newestUnder(Path jvmDir) {
        if (jvmDir == null || !Files.isDirectory(jvmDir)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvmDir)) {
            return dirs.filter(Files::isDirectory)
                .sorted() // deterministic among equal versions
                .flatMap(dir -> {
                    OptionalInt feature = featureVersion(dir);
                    return feature.isPresent() ? Stream.of(new Runtime(dir, feature.getAsInt(), dir.toString())) : Stream.empty();
                })
                .max(Comparator.comparingInt(Runtime::feature));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Runtime> candidate(String home, String source) {
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(home);
        OptionalInt feature = featureVersion(path);
        return feature.isPresent() ? Optional.of(new Runtime(path, feature.getAsInt(), source + "=" + home)) : Optional.empty();
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
    }
}
