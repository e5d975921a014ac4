package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.cantho.ioc.core.auth.Role;

/** The console as the browser tests use it: open, sign in through the form, screenshots. */
final class ConsolePage {
  /** Where the tests leave the screenshots the README shows. */
  static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

  private ConsolePage() {}

  static String url(DemoStack stack, String path) {
    return "http://127.0.0.1:" + stack.httpPort() + path;
  }

  /** Opens the console and signs in through its form, typing as a person would. */
  static void signIn(Browser browser, DemoStack stack, Role role, String path) {
    TestAccess.Account account = TestAccess.account(stack, role);
    browser.open(url(stack, path));
    awaitSignInForm(browser);
    browser.type("#username", account.username());
    browser.type("#password", account.password());
    browser.click("#login-submit");
    browser.awaitTrue(
        "document.getElementById('login')?.hidden === true"
            + " && sessionStorage.getItem('ioc.access') !== null");
  }

  static void awaitSignInForm(Browser browser) {
    browser.awaitTrue(
        "document.readyState === 'complete' && document.getElementById('login')?.hidden === false");
  }

  /** Waits until the map has drawn its first view (zones, clusters or devices). */
  static void awaitMap(Browser browser) {
    browser.awaitTrue("document.getElementById('map')?.dataset.ready === 'true'");
  }

  /**
   * Waits until the installed features have added the tabs every role gets (alerts, water, traffic,
   * flood; lighting's is for those who may command lights).
   */
  static void awaitFeatures(Browser browser) {
    browser.awaitTrue(
        "['alerts', 'water', 'traffic', 'flood'].every(id =>"
            + " document.getElementById('tab-' + id))");
  }

  static void screenshot(Browser browser, String name) throws IOException {
    Path png = SCREENSHOTS.resolve(name + ".png").toAbsolutePath().normalize();
    browser.screenshot(png);
    assertThat(Files.size(png)).isGreaterThan(10_000);
    System.out.println("Screenshot: " + png);
  }

  /** The serious and critical axe-core violations on the page, as "rule: nodes" lines. */
  static String seriousViolations(Browser browser) throws IOException {
    if (!browser.eval("typeof window.axe").asText().equals("object")) {
      try (InputStream in =
          ConsolePage.class.getResourceAsStream(
              "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
        assertThat(in).as("axe-core WebJar on the test classpath").isNotNull();
        // Run as the test's own script: the page's CSP rightly refuses inline scripts.
        browser.run(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return browser
        .eval(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 5).map(n =>"
                + " n.target.join(' ')).join(' | ')).join('\\n'))")
        .asText();
  }
}
