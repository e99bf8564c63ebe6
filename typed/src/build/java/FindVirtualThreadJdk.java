import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build-time finder of a JDK with virtual threads (21+) for the tests that need one, looked for the way the embedded
 * engine looks for its JDK: {@code ES_JAVA_HOME}, the JVM running the build, {@code JAVA_HOME}, then the newest JDK
 * under {@code /usr/lib/jvm}. Writes a properties file with {@code vt.java} (its {@code java} launcher, or the build's
 * own when there is none: the tests then skip themselves with a reason) and {@code vt.java.feature}.
 * <p>
 * Usage: {@code java FindVirtualThreadJdk.java <properties file>}
 */
public class FindVirtualThreadJdk {

  private static final int MIN_FEATURE = 21;
  private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);

  record Jdk(Path home, int feature) {
    Path java() {
      return home.resolve("bin").resolve(System.getProperty("os.name", "").toLowerCase().contains("win")
        ? "java.exe" : "java");
    }
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Jdk current = new Jdk(Path.of(System.getProperty("java.home")), Runtime.version().feature());
    List<Jdk> candidates = new ArrayList<>();
    jdk(System.getenv("ES_JAVA_HOME")).ifPresent(candidates::add);
    candidates.add(current);
    jdk(System.getenv("JAVA_HOME")).ifPresent(candidates::add);
    newestUnder(Path.of("/usr/lib/jvm")).ifPresent(candidates::add);
    Jdk found = candidates.stream().filter(j -> j.feature() >= MIN_FEATURE).findFirst().orElse(current);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, "vt.java=" + found.java().toString().replace("\\", "/") + "\n"
      + "vt.java.feature=" + found.feature() + "\n");
    System.out.println(found.feature() >= MIN_FEATURE
      ? "Virtual-thread tests run on Java " + found.feature() + " (" + found.home() + ")"
      : "No JDK " + MIN_FEATURE + "+ found: the virtual-thread tests will be skipped");
  }

  private static Optional<Jdk> jdk(String home) {
    if (home == null || home.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(home);
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(path.resolve("release")));
      Jdk jdk = m.find() ? new Jdk(path, Integer.parseInt(m.group(1))) : null;
      return jdk != null && Files.isExecutable(jdk.java()) ? Optional.of(jdk) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Jdk> newestUnder(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(dir)) {
      return dirs.sorted().map(d -> jdk(d.toString())).flatMap(Optional::stream)
        .max(Comparator.comparingInt(Jdk::feature));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
