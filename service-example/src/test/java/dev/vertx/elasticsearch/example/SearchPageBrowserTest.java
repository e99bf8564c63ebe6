package dev.vertx.elasticsearch.example;

import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearch;
import dev.vertx.elasticsearch.embedded.EmbeddedElasticsearchExtension;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.vertx.elasticsearch.example.ServiceTestSupport.await;
import static dev.vertx.elasticsearch.example.ServiceTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search page at {@code /}, end to end in a real headless Chromium driven through chromedriver: the query
 * box, results with highlights, facet counts that filter, pagination and the document view; each search the page
 * makes shows up as a trace ({@code GET /search} with the client's {@code search} span under it) in the in-test
 * OTLP receiver. Skipped only when no Chromium is installed ({@code .ci/run} installs Debian's).
 */
@ExtendWith(EmbeddedElasticsearchExtension.class)
class SearchPageBrowserTest {

  private static final String INDEX = "page-books";

  private static Vertx vertx;
  private static Vertx testVertx;
  private static OpenTelemetrySdk otel;
  private static OtlpReceiver receiver;
  private static WebClient web;
  private static WebDriver browser;
  private static int port;

  @BeforeAll
  static void start(EmbeddedElasticsearch es) throws Exception {
    Optional<Path> chromium = executable("chromium", "chromium-browser");
    Assumptions.assumeTrue(chromium.isPresent(), "No Chromium installed (apt-get install chromium chromium-driver):"
      + " the browser test of the search page is skipped");
    Path driver = executable("chromedriver").or(() -> Optional.of(Path.of("/usr/lib/chromium/chromedriver"))
      .filter(Files::isExecutable)).orElseThrow(() -> new AssertionError("Chromium is installed but not its"
        + " chromedriver: apt-get install chromium-driver"));

    testVertx = Vertx.vertx();
    receiver = new OtlpReceiver(testVertx);
    otel = ServiceTestSupport.exportingTo(receiver, "search-page-test");
    vertx = ServiceTestSupport.tracedVertx(otel);
    SearchVerticle verticle = new SearchVerticle(otel);
    ServiceConfig config = ServiceTestSupport.config(es, INDEX, null);
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.toJson())).await(30, TimeUnit.SECONDS);
    port = verticle.actualPort();
    web = WebClient.create(testVertx);
    ServiceTestSupport.awaitReady(web, port, Duration.ofSeconds(90));

    Path profile = Files.createTempDirectory("search-page-chromium-");
    ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile()).addArguments("--headless",
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile);
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
      .usingAnyFreePort().build(), options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (vertx != null) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    if (otel != null) {
      otel.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (testVertx != null) {
      testVertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBrowserSearchesFiltersPagesAndOpensADocumentAndEachSearchIsATrace() {
    List<String> searchTraces = new ArrayList<>();
    browser.get("http://127.0.0.1:" + port + "/");
    assertThat(browser.getTitle()).isEqualTo("Book search");
    String firstPage = awaitStatus(s -> s.contains("results, page 1"));
    assertThat(firstPage).startsWith("3000 results");
    searchTraces.add(traceId());

    // Pagination.
    browser.findElement(By.id("next")).click();
    awaitStatus(s -> s.contains("results, page 2"));
    assertThat(browser.findElement(By.id("page")).getText()).startsWith("Page 2 of ");
    assertThat(browser.findElements(By.cssSelector("#results li.result"))).hasSize(10);
    searchTraces.add(traceId());

    // A query: results with highlights.
    WebElement box = browser.findElement(By.id("q"));
    box.clear();
    box.sendKeys("dragon");
    browser.findElement(By.id("search")).click();
    wait(d -> "dragon".equals(d.findElement(By.id("status")).getDomAttribute("data-query")));
    String dragons = awaitStatus(s -> s.contains("results, page 1"));
    long total = Long.parseLong(dragons.split(" ")[0]);
    assertThat(total).isPositive();
    assertThat(browser.findElements(By.cssSelector("#results mark"))).isNotEmpty()
      .allSatisfy(mark -> assertThat(mark.getText()).containsIgnoringCase("dragon"));
    searchTraces.add(traceId());

    // A facet: its count is the number of results once it filters.
    WebElement genre = browser.findElements(By.cssSelector("#facets button.facet[data-facet='genre']")).get(0);
    long count = Long.parseLong(genre.findElement(By.className("count")).getText());
    genre.click();
    awaitStatus(s -> s.startsWith(count + " results, page 1"));
    assertThat(browser.findElement(By.cssSelector("#facets button.facet.active")).getDomAttribute("data-facet"))
      .isEqualTo("genre");
    searchTraces.add(traceId());

    // The document view.
    WebElement first = browser.findElement(By.cssSelector("#results a.title"));
    String id = first.getDomAttribute("data-id");
    first.click();
    wait(d -> id.equals(d.findElement(By.id("document")).getDomAttribute("data-id")));
    assertThat(browser.findElement(By.cssSelector("#document h2")).getText()).isNotBlank();

    // Each search the page made is a trace: GET /search with the client's search span under it.
    assertThat(searchTraces).doesNotContain("").doesNotHaveDuplicates();
    ServiceTestSupport.until("a trace for each search of the page", Duration.ofSeconds(30), () -> searchTraces
      .stream().allMatch(trace -> server(trace).isPresent() && receiver.spans().stream()
        .anyMatch(s -> hex(s.getTraceId()).equals(trace) && s.getName().equals("search " + INDEX))));
    for (String trace : searchTraces) {
      Span server = server(trace).orElseThrow();
      assertThat(server.getName()).isEqualTo("GET /search");
      assertThat(receiver.spans()).anySatisfy(s -> {
        assertThat(hex(s.getTraceId())).isEqualTo(trace);
        assertThat(s.getName()).isEqualTo("search " + INDEX);
        assertThat(s.getParentSpanId()).isEqualTo(server.getSpanId());
      });
    }
  }

  @Test
  void jsonClientsKeepJsonAtTheRoot() {
    HttpResponse<Buffer> json = await(web.get(port, "127.0.0.1", "/").putHeader("Accept", "application/json").send());
    assertThat(json.getHeader("content-type")).startsWith("application/json");
    assertThat(json.bodyAsJsonObject().getString("service")).isEqualTo("search-service");
    HttpResponse<Buffer> anything = await(web.get(port, "127.0.0.1", "/").putHeader("Accept", "*/*").send());
    assertThat(anything.getHeader("content-type")).startsWith("application/json");
    HttpResponse<Buffer> html = await(web.get(port, "127.0.0.1", "/")
      .putHeader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").send());
    assertThat(html.getHeader("content-type")).startsWith("text/html");
    assertThat(html.getHeader("content-security-policy")).contains("default-src 'self'");
    assertThat(html.bodyAsString()).contains("<form id=\"search-form\"");
    assertThat(await(web.get(port, "127.0.0.1", "/assets/app.js").send()).statusCode()).isEqualTo(200);
  }

  private static Optional<Span> server(String traceId) {
    return receiver.spans().stream().filter(s -> hex(s.getTraceId()).equals(traceId)
      && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst();
  }

  private static String awaitStatus(java.util.function.Predicate<String> condition) {
    wait(d -> condition.test(d.findElement(By.id("status")).getText()));
    return browser.findElement(By.id("status")).getText();
  }

  private static String traceId() {
    return String.valueOf(browser.findElement(By.id("status")).getDomAttribute("data-trace-id"));
  }

  private static void wait(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition::apply);
  }

  private static Optional<Path> executable(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Optional<Path> found = Arrays.stream(names).map(name -> Path.of(dir, name)).filter(Files::isExecutable)
        .findFirst();
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

}
