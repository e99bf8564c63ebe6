package dev.vertx.elasticsearch.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks that the demo stack's files fit together without starting anything: {@code docker-compose.yml},
 * {@code otel-collector.yaml}, {@code service-example/Dockerfile} and the sample data with its mappings.
 * Surefire runs in the module directory, so the repository root is {@code ..}.
 */
class DemoStackWiringTest {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
  private static final Path COLLECTOR_FILE = ROOT.resolve("otel-collector.yaml");
  private static final Path DOCKERFILE = MODULE.resolve("Dockerfile");
  private static final Path SAMPLE_DATA = MODULE.resolve("src/main/resources/sample-data/books.ndjson");
  private static final Path MAPPINGS = MODULE.resolve("src/main/resources/sample-data/books-mappings.json");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode compose;
  private static JsonNode services;
  private static JsonNode collector;

  @BeforeAll
  static void load() throws IOException {
    for (Path file : List.of(COMPOSE_FILE, COLLECTOR_FILE, DOCKERFILE, SAMPLE_DATA, MAPPINGS)) {
      assertThat(file).as("run from service-example/ (surefire's working directory)").isRegularFile();
    }
    compose = YAML.readTree(COMPOSE_FILE.toFile());
    services = compose.path("services");
    collector = YAML.readTree(COLLECTOR_FILE.toFile());
    assertThat(services.isObject() && services.size() > 0).as("compose services").isTrue();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // otel-collector.yaml

  @Test
  void everyCollectorPipelineNamesDefinedComponents() {
    JsonNode pipelines = collector.path("service").path("pipelines");
    assertThat(names(pipelines)).as("pipelines").contains("traces");
    for (String pipeline : names(pipelines)) {
      JsonNode p = pipelines.path(pipeline);
      assertThat(strings(p.path("receivers"))).as(pipeline + " receivers").isNotEmpty()
        .allSatisfy(r -> assertThat(names(collector.path("receivers"))).as("defined receivers").contains(r));
      assertThat(strings(p.path("processors"))).as(pipeline + " processors")
        .allSatisfy(r -> assertThat(names(collector.path("processors"))).as("defined processors").contains(r));
      assertThat(strings(p.path("exporters"))).as(pipeline + " exporters").isNotEmpty()
        .allSatisfy(r -> assertThat(names(collector.path("exporters"))).as("defined exporters").contains(r));
      List<String> processors = strings(p.path("processors"));
      if (processors.contains("memory_limiter")) {
        assertThat(processors.get(0)).as("memory_limiter comes first in " + pipeline).isEqualTo("memory_limiter");
      }
    }
    assertThat(strings(collector.path("service").path("extensions")))
      .allSatisfy(e -> assertThat(names(collector.path("extensions"))).as("defined extensions").contains(e));

    JsonNode traces = pipelines.path("traces");
    assertThat(strings(traces.path("receivers"))).containsExactly("otlp");
    assertThat(strings(traces.path("processors"))).containsExactly("memory_limiter", "batch");
    assertThat(strings(traces.path("exporters"))).containsExactly("otlp_grpc/jaeger", "debug");
    // Metrics (the client's db.client.operation.duration and the service's own): Prometheus and the log.
    JsonNode metrics = pipelines.path("metrics");
    assertThat(strings(metrics.path("receivers"))).containsExactly("otlp");
    assertThat(strings(metrics.path("processors"))).containsExactly("memory_limiter", "batch");
    assertThat(strings(metrics.path("exporters"))).containsExactly("prometheus", "debug");
    int prometheusPort = port(collector.path("exporters").path("prometheus").path("endpoint"));
    assertThat(publishedContainerPorts("otel-collector")).contains(prometheusPort);
    assertThat(collector.path("processors").path("memory_limiter").has("check_interval")).isTrue();
    assertThat(collector.path("processors").path("memory_limiter").path("limit_mib").asInt()).isPositive();
    assertThat(collector.path("exporters").path("debug").path("verbosity").asText()).isEqualTo("basic");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // docker-compose.yml

  @Test
  void everyDependencyExistsAndIsWaitedForProperly() {
    int edges = 0;
    for (String name : names(services)) {
      JsonNode dependsOn = services.path(name).path("depends_on");
      if (dependsOn.isMissingNode()) {
        continue;
      }
      assertThat(dependsOn.isObject()).as(name + ": depends_on uses the long form with a condition").isTrue();
      for (String target : names(dependsOn)) {
        edges++;
        assertThat(names(services)).as(name + " depends on " + target).contains(target);
        String condition = dependsOn.path(target).path("condition").asText();
        JsonNode targetService = services.path(target);
        if (condition.equals("service_completed_successfully")) {
          // A one-shot job (the collector's healthcheck tools): it exits, so it has no healthcheck to wait for.
          assertThat(targetService.path("restart").asText("no")).as(target + " runs once").isEqualTo("no");
          assertThat(targetService.has("command")).as(target + " has a job to do").isTrue();
        } else {
          assertThat(condition).as(name + " waits for " + target + " to be healthy").isEqualTo("service_healthy");
          assertThat(healthcheck(target)).as(target + " healthcheck").isNotEmpty()
            .doesNotContain("NONE");
        }
      }
    }
    assertThat(edges).isGreaterThanOrEqualTo(4);
    for (String name : List.of("elasticsearch", "otel-collector", "jaeger", "service")) {
      assertThat(healthcheck(name)).as(name + " has a healthcheck").isNotEmpty();
    }
    // The service starts without Elasticsearch (its readiness waits for it), as it must on Kubernetes or after a
    // restart of Elasticsearch: compose does not hide that.
    assertThat(names(services.path("service").path("depends_on"))).doesNotContain("elasticsearch");
    assertThat(strings(services.path("service").path("depends_on").path("otel-collector").path("condition")))
      .containsExactly("service_healthy");
    assertThat(strings(services.path("traffic").path("depends_on").path("service").path("condition")))
      .containsExactly("service_healthy");
  }

  @Test
  void everyImageIsPinned() throws IOException {
    for (String name : names(services)) {
      JsonNode service = services.path(name);
      assertThat(service.has("image") || service.has("build")).as(name + " has an image or a build").isTrue();
      if (service.has("image")) {
        assertPinned(service.path("image").asText(), "compose service " + name);
      }
      if (service.has("build")) {
        JsonNode build = service.path("build");
        Path context = ROOT.resolve(build.path("context").asText("."));
        Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize();
        assertThat(dockerfile).as(name + " Dockerfile").isRegularFile();
        fromImages(dockerfile).forEach(image -> assertPinned(image, dockerfile.getFileName() + " of " + name));
      }
    }
    assertThat(services.path("elasticsearch").path("image").asText())
      .isEqualTo("docker.elastic.co/elasticsearch/elasticsearch:9.5.3");
  }

  @Test
  void theTracingImagesAreCurrent() {
    // Jaeger v1 reached end of life on 2025-12-31: v2 only.
    Matcher jaeger = Pattern.compile("jaegertracing/jaeger:(\\d+)\\.(\\d+)\\.(\\d+)")
      .matcher(services.path(serviceWithImage("jaegertracing/")).path("image").asText());
    assertThat(jaeger.matches()).as("jaegertracing/jaeger:2.x.y").isTrue();
    assertThat(Integer.parseInt(jaeger.group(1))).isEqualTo(2);
    // Collector contrib on the 0.16x line; the config uses the exporter names of 0.144 and later.
    Matcher contrib = Pattern.compile("otel/opentelemetry-collector-contrib:0\\.(\\d+)\\.(\\d+)")
      .matcher(services.path("otel-collector").path("image").asText());
    assertThat(contrib.matches()).as("otel/opentelemetry-collector-contrib:0.x.y").isTrue();
    assertThat(Integer.parseInt(contrib.group(1))).isGreaterThanOrEqualTo(160);
    for (String exporter : names(collector.path("exporters"))) {
      String type = exporter.split("/")[0];
      assertThat(type).as("exporter " + exporter + " uses a current type name").isNotIn("otlp", "otlphttp");
    }
  }

  @Test
  void theServiceSendsItsTracesToTheCollectorsHttpReceiver() {
    Map<String, String> env = environment("service");
    assertThat(env).containsEntry("OTEL_SERVICE_NAME", "search-service")
      .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
      .containsEntry("ELASTICSEARCH_URL", "http://elasticsearch:9200")
      .containsKey("SERVICE_API_KEYS_FILE")
      .containsEntry("OTEL_TRACES_EXPORTER", "otlp")
      .containsEntry("OTEL_METRICS_EXPORTER", "otlp");
    URI endpoint = URI.create(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));

    String collectorService = serviceWithImage("otel/opentelemetry-collector");
    assertThat(endpoint.getScheme()).isEqualTo("http");
    assertThat(endpoint.getHost()).as("OTLP endpoint host is the collector service").isEqualTo(collectorService);
    int httpPort = port(collector.path("receivers").path("otlp").path("protocols").path("http").path("endpoint"));
    assertThat(endpoint.getPort()).as("OTLP endpoint port is the collector's http receiver port").isEqualTo(httpPort);
    assertThat(port(collector.path("receivers").path("otlp").path("protocols").path("grpc").path("endpoint")))
      .isEqualTo(4317);
    assertThat(publishedContainerPorts(collectorService)).contains(4317, 4318);

    // The collector reads the file this test checked.
    String configPath = "/etc/otelcol-contrib/config.yaml";
    for (JsonNode arg : services.path(collectorService).path("command")) {
      if (arg.asText().startsWith("--config=")) {
        configPath = arg.asText().substring("--config=".length());
      }
    }
    String mount = "./otel-collector.yaml:" + configPath;
    assertThat(strings(services.path(collectorService).path("volumes")))
      .anySatisfy(v -> assertThat(v).startsWith(mount));

    // Its healthcheck asks the health_check extension, on the port the extension listens on.
    int healthPort = port(collector.path("extensions").path("health_check").path("endpoint"));
    assertThat(healthPort).isEqualTo(13133);
    assertThat(healthcheck(collectorService)).contains(":" + healthPort);
  }

  @Test
  void theCollectorExportsToJaegerOnAPortJaegerServes() {
    String jaeger = serviceWithImage("jaegertracing/jaeger");
    JsonNode exporter = collector.path("exporters").path("otlp_grpc/jaeger");
    String endpoint = exporter.path("endpoint").asText();
    URI uri = URI.create(endpoint.contains("://") ? endpoint : "grpc://" + endpoint);
    assertThat(uri.getHost()).as("exporter host is the jaeger service").isEqualTo(jaeger);
    assertThat(uri.getPort()).as("OTLP gRPC").isEqualTo(4317);
    Set<Integer> jaegerPorts = new HashSet<>(publishedContainerPorts(jaeger));
    for (String exposed : strings(services.path(jaeger).path("expose"))) {
      jaegerPorts.add(Integer.parseInt(exposed.split("/")[0]));
    }
    assertThat(jaegerPorts).contains(uri.getPort(), 16686, 13133);
    assertThat(exporter.path("tls").path("insecure").asBoolean()).isTrue();
    // Jaeger v2's built-in configuration serves its health on 13133/status.
    assertThat(healthcheck(jaeger)).contains("http://127.0.0.1:13133/status");
    assertThat(strings(services.path(jaeger).path("command"))).as("runs the built-in all-in-one configuration")
      .isEmpty();
    assertThat(names(services.path("otel-collector").path("depends_on"))).contains(jaeger);
  }

  @Test
  void theServiceHealthcheckHitsReadinessOnItsPortAndStopsGracefully() {
    Map<String, String> env = environment("service");
    String port = env.getOrDefault("PORT", "8080");
    assertThat(port).isEqualTo("8080");
    Matcher url = Pattern.compile("https?://[^\\s'\"]+").matcher(healthcheck("service"));
    assertThat(url.find()).as("the service healthcheck calls a URL").isTrue();
    URI checked = URI.create(url.group());
    assertThat(checked.getPath()).isEqualTo("/health/ready");
    assertThat(checked.getPort()).isEqualTo(Integer.parseInt(port));
    assertThat(publishedContainerPorts("service")).contains(Integer.parseInt(port));
    // Compose waits stop_grace_period after SIGTERM before it kills: longer than the service's own grace period.
    long graceMs = Long.parseLong(env.getOrDefault("SHUTDOWN_GRACE_MS", "10000"));
    String stopGrace = services.path("service").path("stop_grace_period").asText("10s");
    assertThat(stopGrace).matches("\\d+s");
    assertThat(Long.parseLong(stopGrace.replace("s", "")) * 1000).isGreaterThan(graceMs);
  }

  @Test
  void theTrafficGeneratorRunsFromTheServiceImage() throws Exception {
    JsonNode traffic = services.path("traffic");
    String image = services.path("service").path("image").asText(null);
    assertThat(image).as("the built service image has a name to share").isNotNull();
    assertThat(traffic.path("image").asText()).isEqualTo(image);
    assertThat(strings(traffic.path("entrypoint")))
      .containsExactly("java", "-cp", "/app/service.jar", TrafficGenerator.class.getName());
    assertThat(TrafficGenerator.class.getMethod("main", String[].class)).isNotNull();
    Map<String, String> env = environment("traffic");
    URI target = URI.create(env.get("TARGET_URL"));
    assertThat(target.getHost()).isEqualTo("service");
    assertThat(target.getPort()).isEqualTo(Integer.parseInt(environment("service").getOrDefault("PORT", "8080")));
    TrafficGenerator.Settings settings = TrafficGenerator.Settings.fromEnvironment(env);
    assertThat(settings.ratePerSecond()).isPositive();
  }

  @Test
  void theStackShipsNoKeyAndTheServiceReadsTheGeneratedOne() throws IOException {
    String text = Files.readString(COMPOSE_FILE);
    assertThat(text).as("no default key in the compose file").doesNotContain("demo-key")
      .doesNotContainPattern("\\$\\{SERVICE_API_KEY:-[^}]+\\}");
    for (String name : names(services)) {
      Map<String, String> env = environment(name);
      if (env.containsKey("SERVICE_API_KEY")) {
        assertThat(env.get("SERVICE_API_KEY")).as(name + ": SERVICE_API_KEY only from the caller's environment")
          .isEqualTo("${SERVICE_API_KEY:-}");
      }
    }
    // The one-shot generator writes the file the service reads, on a volume they share (read-only for the service).
    Map<String, String> generator = environment("api-keys");
    String keysFile = environment("service").get("SERVICE_API_KEYS_FILE");
    assertThat(generator.get("KEYS_FILE")).isEqualTo(keysFile);
    String keysDir = keysFile.substring(0, keysFile.lastIndexOf('/'));
    String generatorVolume = volumeAt("api-keys", keysDir);
    assertThat(strings(services.path("service").path("volumes"))).contains(generatorVolume + ":" + keysDir + ":ro");
    assertThat(names(compose.path("volumes"))).contains(generatorVolume);
    assertThat(services.path("service").path("depends_on").path("api-keys").path("condition").asText())
      .isEqualTo("service_completed_successfully");
    // The file is given to the service image's user, whose uid the Dockerfile sets.
    List<String> users = instructions(DOCKERFILE).stream().filter(i -> keyword(i).equals("USER")).toList();
    assertThat(generator.get("KEY_OWNER")).isEqualTo(users.get(users.size() - 1).substring(4).trim());
    // The generator runs the repository's script.
    String script = strings(services.path("api-keys").path("volumes")).stream().filter(v -> v.startsWith("./"))
      .findFirst().orElseThrow();
    assertThat(ROOT.resolve(script.split(":")[0]).normalize()).isEqualTo(MODULE.resolve("scripts/api-keys.sh"));
    assertThat(strings(services.path("api-keys").path("command"))).containsExactly("sh", script.split(":")[1]);
    // The services with no access control of their own are published on loopback only.
    for (String name : List.of("elasticsearch", "otel-collector", "jaeger")) {
      assertThat(strings(services.path(name).path("ports"))).as(name + " ports")
        .allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
    }
  }

  @Test
  void theKeyScriptGeneratesKeepsAndRotatesKeys() throws Exception {
    Path dir = Files.createTempDirectory("keys");
    Path file = dir.resolve("service-api-keys");
    try {
      assertThat(runKeyScript(file, "")).contains("Generated").doesNotContainPattern("[0-9a-f]{64}");
      List<String> first = Files.readAllLines(file);
      assertThat(first).hasSize(1);
      assertThat(first.get(0)).matches("[0-9a-f]{64}");
      assertThat(Files.getPosixFilePermissions(file)).containsOnly(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      runKeyScript(file, "");
      assertThat(Files.readAllLines(file)).as("a later start keeps the key").isEqualTo(first);
      runKeyScript(file, "add");
      List<String> two = Files.readAllLines(file);
      assertThat(two).hasSize(2).startsWith(first.get(0));
      assertThat(two.get(1)).matches("[0-9a-f]{64}").isNotEqualTo(first.get(0));
      runKeyScript(file, "drop-oldest");
      assertThat(Files.readAllLines(file)).containsExactly(two.get(1));
      runKeyScript(file, "drop-oldest");
      assertThat(Files.readAllLines(file)).as("the last key is kept").containsExactly(two.get(1));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  private static String runKeyScript(Path file, String rotate) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", MODULE.resolve("scripts/api-keys.sh").toString())
      .redirectErrorStream(true);
    builder.environment().put("KEYS_FILE", file.toString());
    builder.environment().put("ROTATE", rotate);
    builder.environment().remove("KEY_OWNER");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** @return the named volume a service mounts at a container path */
  private static String volumeAt(String service, String containerPath) {
    for (String volume : strings(services.path(service).path("volumes"))) {
      String[] parts = volume.split(":");
      if (parts.length >= 2 && parts[1].equals(containerPath) && !parts[0].startsWith(".")) {
        return parts[0];
      }
    }
    throw new AssertionError(service + " mounts no named volume at " + containerPath);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // service-example/Dockerfile

  @Test
  void theDockerfileBuildsTheFatJarAndRunsItUnprivileged() throws IOException {
    List<String> instructions = instructions(DOCKERFILE);
    List<String> froms = instructions.stream().filter(i -> keyword(i).equals("FROM")).toList();
    assertThat(froms).hasSize(2);
    assertThat(froms.get(0)).matches("(?i)FROM maven:3\\.9\\.\\d+-eclipse-temurin-17 AS build");
    assertThat(froms.get(1)).matches("(?i)FROM eclipse-temurin:17[.0-9_]*-jre");
    fromImages(DOCKERFILE).forEach(image -> assertPinned(image, "Dockerfile"));

    assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("RUN").contains("mvn -B -ntp -DskipTests")
      .contains("-pl service-example -am package"));
    assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("COPY . "));

    List<String> runtime = instructions.subList(instructions.indexOf(froms.get(1)), instructions.size());
    List<String> users = runtime.stream().filter(i -> keyword(i).equals("USER")).toList();
    assertThat(users).as("the runtime stage sets a USER").isNotEmpty();
    String user = users.get(users.size() - 1).substring(4).trim().split(":")[0];
    assertThat(user).as("non-root user").isNotIn("root", "0");
    assertThat(runtime).contains("EXPOSE 8080");
    assertThat(runtime).anySatisfy(i -> assertThat(i).startsWith("COPY --from=build")
      .contains("service-example/target/service-example-fat.jar").endsWith("/app/service.jar"));
    assertThat(runtime.get(runtime.size() - 1)).isEqualTo("ENTRYPOINT [\"java\", \"-jar\", \"/app/service.jar\"]");
    assertThat(instructions).noneSatisfy(i -> assertThat(keyword(i)).isEqualTo("HEALTHCHECK"));

    List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
    assertThat(ignored).contains(".git", "**/target/");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // sample data

  @Test
  void theSampleDataMatchesItsMappings() throws IOException {
    JsonNode mappings = JSON.readTree(MAPPINGS.toFile());
    assertThat(mappings.path("settings").path("number_of_shards").asInt()).isEqualTo(1);
    assertThat(mappings.path("settings").path("number_of_replicas").asInt()).isZero();
    JsonNode properties = mappings.path("mappings").path("properties");
    Map<String, String> types = new LinkedHashMap<>();
    properties.fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue().path("type").asText()));
    assertThat(types).containsKeys("id", "title", "description", "genre", "language", "publisher", "tags", "pages",
      "price", "rating", "published");
    assertThat(types).containsEntry("title", "text").containsEntry("description", "text")
      .containsEntry("genre", "keyword").containsEntry("language", "keyword").containsEntry("publisher", "keyword")
      .containsEntry("tags", "keyword").containsEntry("id", "keyword").containsEntry("published", "date");
    assertThat(properties.path("title").path("fields").path("keyword").path("type").asText()).isEqualTo("keyword");

    List<String> lines = Files.readAllLines(SAMPLE_DATA, StandardCharsets.UTF_8);
    assertThat(lines.size()).as("documents").isGreaterThanOrEqualTo(2_000);
    assertThat(Files.size(SAMPLE_DATA)).as("bytes").isLessThan(2L * 1024 * 1024);

    Set<String> ids = new HashSet<>();
    Map<String, Set<String>> facetValues = new HashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String where = "line " + (n + 1);
      JsonNode doc;
      try {
        doc = JSON.readTree(lines.get(n));
      } catch (IOException e) {
        fail(where + " is not JSON: " + e.getMessage());
        return;
      }
      assertThat(doc.isObject()).as(where).isTrue();
      assertThat(names(doc)).as(where + " has exactly the mapped fields").containsExactlyInAnyOrderElementsOf(
        types.keySet());
      for (Map.Entry<String, String> field : types.entrySet()) {
        assertFits(doc.path(field.getKey()), field.getValue(), where + " " + field.getKey());
      }
      assertThat(ids.add(doc.path("id").asText())).as(where + " id is unique").isTrue();
      for (String facet : List.of("genre", "language", "publisher")) {
        facetValues.computeIfAbsent(facet, f -> new HashSet<>()).add(doc.path(facet).asText());
      }
    }
    assertThat(facetValues.get("genre")).as("genres").hasSizeGreaterThan(5);
    assertThat(facetValues.get("language")).as("languages").hasSizeGreaterThan(3);
    assertThat(facetValues.get("publisher")).as("publishers").hasSizeGreaterThan(5);
    assertThat(Files.readString(SAMPLE_DATA)).endsWith("\n").doesNotContain("\r");
    assertThat(MODULE.resolve("src/main/resources/sample-data/README.md")).isRegularFile();
    assertThat(MODULE.resolve("scripts/generate-sample-data.py")).isRegularFile();
  }

  private static void assertFits(JsonNode value, String type, String what) {
    switch (type) {
      case "text", "keyword" -> {
        if (value.isArray()) {
          assertThat(value.size()).as(what).isPositive();
          value.forEach(v -> assertThat(v.isTextual() && !v.asText().isBlank()).as(what + " element").isTrue());
        } else {
          assertThat(value.isTextual() && !value.asText().isBlank()).as(what + " is a non-empty string").isTrue();
        }
      }
      case "integer", "long", "short" -> assertThat(value.isIntegralNumber()).as(what + " is a whole number").isTrue();
      case "float", "half_float", "double", "scaled_float" ->
        assertThat(value.isNumber()).as(what + " is a number").isTrue();
      case "boolean" -> assertThat(value.isBoolean()).as(what + " is a boolean").isTrue();
      case "date" -> {
        try {
          LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
          fail(what + " is not a yyyy-MM-dd date: " + value);
        }
      }
      default -> fail(what + ": the test does not know mapping type " + type);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // helpers

  private static final Pattern IMAGE_TAG = Pattern.compile("^(?<name>[^@]+?)(?::(?<tag>[\\w][\\w.-]{0,127}))?"
    + "(?:@sha256:[0-9a-f]{64})?$");

  private static void assertPinned(String image, String where) {
    Matcher m = IMAGE_TAG.matcher(image);
    assertThat(m.matches()).as(where + ": image reference " + image).isTrue();
    String tag = m.group("tag");
    boolean digest = image.contains("@sha256:");
    assertThat(tag != null || digest).as(where + ": " + image + " has a tag or digest").isTrue();
    if (tag != null) {
      assertThat(tag).as(where + ": " + image + " is pinned").isNotEqualToIgnoringCase("latest");
    }
  }

  /** The base images of a Dockerfile, without references to its own earlier stages. */
  private static List<String> fromImages(Path dockerfile) throws IOException {
    List<String> images = new ArrayList<>();
    Set<String> stages = new HashSet<>();
    for (String instruction : instructions(dockerfile)) {
      if (!keyword(instruction).equals("FROM")) {
        continue;
      }
      List<String> words = new ArrayList<>(List.of(instruction.split(" ")));
      words.remove(0);
      words.removeIf(w -> w.startsWith("--")); // --platform=...
      assertThat(words).as(instruction).isNotEmpty();
      String image = words.get(0);
      if (!stages.contains(image.toLowerCase())) {
        images.add(image);
      }
      if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
        stages.add(words.get(2).toLowerCase());
      }
    }
    return images;
  }

  /** Instructions with continuation lines joined and comments dropped. */
  private static List<String> instructions(Path dockerfile) throws IOException {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(dockerfile)) {
      String line = raw.strip();
      if (line.startsWith("#") || line.isEmpty()) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      result.add(current.toString().replaceAll("\\s+", " ").trim());
      current.setLength(0);
    }
    return result;
  }

  private static String keyword(String instruction) {
    int space = instruction.indexOf(' ');
    return (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase();
  }

  private static String healthcheck(String service) {
    JsonNode test = services.path(service).path("healthcheck").path("test");
    if (test.isTextual()) {
      return test.asText();
    }
    return String.join(" ", strings(test));
  }

  private static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = services.path(service).path("environment");
    if (node.isArray()) {
      for (JsonNode entry : node) {
        String text = entry.asText();
        int eq = text.indexOf('=');
        env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
      }
    } else {
      node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    return env;
  }

  /** Container-side ports of the {@code ports} entries ("8080:8080", "127.0.0.1:9200:9200", "4317"). */
  private static List<Integer> publishedContainerPorts(String service) {
    List<Integer> ports = new ArrayList<>();
    for (String entry : strings(services.path(service).path("ports"))) {
      String withoutProtocol = entry.split("/")[0];
      String[] parts = withoutProtocol.split(":");
      ports.add(Integer.parseInt(parts[parts.length - 1]));
    }
    return ports;
  }

  private static String serviceWithImage(String prefix) {
    List<String> matching = names(services).stream()
      .filter(name -> services.path(name).path("image").asText("").startsWith(prefix)).toList();
    assertThat(matching).as("one service runs " + prefix).hasSize(1);
    return matching.get(0);
  }

  private static int port(JsonNode endpoint) {
    String text = endpoint.asText();
    assertThat(text).as("endpoint").contains(":");
    return Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    } else if (node.isValueNode()) {
      values.add(node.asText());
    }
    return values;
  }
}
