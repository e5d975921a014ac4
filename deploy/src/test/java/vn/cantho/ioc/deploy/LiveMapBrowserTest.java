package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;

/**
 * Renders the live map in a real headless Chromium (Debian's package; .ci/run installs it) and
 * checks that the page drew a marker for every device. Leaves a screenshot in
 * deploy/target/live-map.png. Skipped where no Chromium is installed.
 */
@ExtendWith(TestStack.class)
class LiveMapBrowserTest {
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Pattern MARKERS = Pattern.compile("id=\"map\"[^>]*data-markers=\"(\\d+)\"");
  private static DemoStack stack;

  @BeforeAll
  static void start(DemoStack started) {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no Chromium at " + CHROMIUM + "; set CHROMIUM or apt-get install chromium");
    stack = started;
  }

  @Test
  void mapShowsEveryDeviceInVietnamese() throws Exception {
    String dom = chromium("--dump-dom", signedIn(Role.CITY_OPERATOR, "/"));
    assertThat(markers(dom)).isEqualTo(TestStack.deviceCount());
    assertThat(dom).contains("Trung tâm điều hành thông minh Cần Thơ").contains("Phường Ninh Kiều");
    assertThat(dom).contains("sapnhap.bando.com.vn"); // attribution of the demo boundaries

    Path screenshot = Path.of("target", "live-map.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    chromium("--screenshot=" + screenshot, signedIn(Role.CITY_OPERATOR, "/"));
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    System.out.println("Live map screenshot: " + screenshot);
  }

  @Test
  void englishOnRequest() throws Exception {
    String dom = chromium("--dump-dom", signedIn(Role.VIEWER, "/?lang=en"));
    assertThat(dom).contains("Can Tho Intelligent Operations Centre").contains("lang=\"en\"");
  }

  @Test
  void withoutATokenTheConsoleAsksToSignInAndShowsNoDevice() throws Exception {
    String dom = chromium("--dump-dom", url("/"));
    assertThat(dom).containsPattern("<form id=\"login\"(?! hidden)").contains("Mật khẩu");
    assertThat(markers(dom)).isZero();
  }

  @Test
  void aCommuneOperatorsMapShowsOnlyHisWard() throws Exception {
    String dom = chromium("--dump-dom", signedIn(Role.COMMUNE_OPERATOR, "/"));
    assertThat(markers(dom)).isEqualTo(TestStack.NINH_KIEU_DEVICES.size());
    assertThat(dom)
        .contains("Phường Ninh Kiều")
        .contains("Khu vực được giao")
        .contains(TestAccess.username(Role.COMMUNE_OPERATOR))
        .doesNotContain("Phường Cái Khế");
  }

  @Test
  void aFarmerSeesHisPondsOnTheFarmMap() throws Exception {
    vn.cantho.ioc.core.device.Device probe =
        stack.server().registry().all().stream()
            .filter(d -> DemoUsers.FARMER.equals(d.owner()) && !d.id().startsWith("fm-"))
            .findFirst()
            .orElseThrow();
    new vn.cantho.ioc.core.farm.FarmStore(stack.server().database())
        .putFarm("trai-ban-do", DemoUsers.FARMER, "Trại bản đồ", probe.zoneId());
    new vn.cantho.ioc.core.farm.FarmStore(stack.server().database())
        .putPond(
            new vn.cantho.ioc.core.farm.Pond(
                "ao-ban-do",
                "trai-ban-do",
                null,
                null,
                "Ao bản đồ",
                "pangasius_pond",
                null,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%1$s,%2$s],[%3$s,%2$s],[%3$s,%4$s],[%1$s,%2$s]]]}"
                    .formatted(
                        probe.lon(), probe.lat(), probe.lon() + 0.0005, probe.lat() + 0.0005),
                probe.lon(),
                probe.lat(),
                probe.zoneId(),
                java.util.List.of(probe.id())));
    int expected = TestAccess.api(stack, Role.FARMER).get("/api/v1/ponds").path("items").size();

    String dom = chromium("--dump-dom", signedIn(Role.FARMER, "/"));
    Matcher ponds = Pattern.compile("id=\"map\"[^>]*data-ponds=\"(\\d+)\"").matcher(dom);
    assertThat(ponds.find()).as(dom).isTrue();
    assertThat(Integer.parseInt(ponds.group(1))).isEqualTo(expected).isPositive();
    assertThat(dom).contains("Ao nuôi thủy sản");
  }

  private static int markers(String dom) {
    Matcher m = MARKERS.matcher(dom);
    assertThat(m.find()).as("map element with a marker count in:\n" + dom).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The console with a token handed over in the URL fragment, as after a sign-in elsewhere. */
  private String signedIn(Role role, String path) {
    return url(path) + "#access_token=" + TestAccess.api(stack, role).token();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + stack.httpPort() + path;
  }

  private static String chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("ioc-chromium");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,900",
                // Lets the page's fetches and script finish before the DOM or pixels are taken.
                "--virtual-time-budget=15000"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
