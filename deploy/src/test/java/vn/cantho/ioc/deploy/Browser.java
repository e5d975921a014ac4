package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's package) driven by Selenium through Debian's chromedriver:
 * load a page, evaluate script in it (to fill and submit a form as a person would, or to read the
 * DOM), wait for a condition, take a screenshot, read the page's JS heap. One browser per instance
 * with a fresh profile, so nothing (sessionStorage included) carries over between instances. Both
 * programs are named explicitly, so Selenium never tries to download a browser or a driver.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Fails (never skips) when the browser or its driver is missing: .ci/run installs both. */
  static void assertInstalled() {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("no Chromium at " + CHROMIUM + "; set CHROMIUM or apt-get install chromium")
        .isTrue();
    assertThat(Files.isExecutable(CHROMEDRIVER))
        .as("no chromedriver at " + CHROMEDRIVER + "; apt-get install chromium-driver")
        .isTrue();
  }

  /** A wall-screen sized browser (1920×1080). */
  static Browser launch() throws IOException {
    return launch(1920, 1080);
  }

  static Browser launch(int width, int height) throws IOException {
    assertInstalled();
    Path profile = TestDirs.create("ioc-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this
    // machine's closed network refuses.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(WAIT).pageLoadTimeout(WAIT);
    // The page's own size, exactly (a headless window's viewport is otherwise a little smaller).
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    return new Browser(driver, profile);
  }

  /** Loads the URL in the tab and waits for its load event. */
  void open(String url) {
    driver.get(url);
  }

  /** Waits for the element to be shown, then clicks it as a mouse would (scrolled into view). */
  void click(String css) {
    awaitTrue(
        "(() => { const e = document.querySelector("
            + ApiClient.JSON.valueToTree(css)
            + "); return !!e && e.offsetParent !== null && !e.disabled; })()");
    // A list the page redraws (live updates) may swap the element between finding and clicking.
    await()
        .atMost(WAIT)
        .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
        .untilAsserted(() -> driver.findElement(By.cssSelector(css)).click());
  }

  /** Types into a field as a keyboard would, after clearing it. */
  void type(String css, String text) {
    WebElement field = driver.findElement(By.cssSelector(css));
    field.clear();
    field.sendKeys(text);
  }

  /** Presses keys on whatever has the focus. */
  void press(CharSequence... keys) {
    new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
  }

  /** Emulates a phone's screen (CSS pixels, touch, mobile viewport) for this tab. */
  void emulatePhone(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true));
  }

  /**
   * The value of a JavaScript expression (a promise is awaited), as JSON; null when it has none. An
   * exception in the page fails the test with the script and the page's message.
   */
  JsonNode eval(String expression) {
    try {
      Object value = driver.executeScript("return (\n" + expression + "\n);");
      return ApiClient.JSON.valueToTree(value);
    } catch (WebDriverException e) {
      throw new AssertionError(expression + " threw " + e.getMessage(), e);
    }
  }

  /** Runs a whole script (statements, not an expression) in the page, for its effects. */
  void run(String script) {
    try {
      driver.executeScript(script);
    } catch (WebDriverException e) {
      throw new AssertionError("script threw " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the expression is true in the page. While a page loads, the script may run in the
   * one being left or fail with it; that counts as not yet.
   */
  void awaitTrue(String expression) {
    awaitTrue(expression, WAIT);
  }

  void awaitTrue(String expression, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .alias(expression)
        .until(
            () -> {
              try {
                return eval(expression).asBoolean(false);
              } catch (AssertionError | RuntimeException notYet) {
                return false;
              }
            });
  }

  String dom() {
    return eval("document.documentElement.outerHTML").asText();
  }

  void screenshot(Path png) throws IOException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** The page's used JS heap in bytes, after a full garbage collection, from DevTools. */
  long usedHeapBytes() {
    driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
    Object used = driver.executeCdpCommand("Runtime.getHeapUsage", Map.of()).get("usedSize");
    return ((Number) used).longValue();
  }

  /** For what this class does not wrap: keyboard input, elements. */
  ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException ignored) {
        // a temporary profile left behind costs only disk
      }
    }
  }
}
