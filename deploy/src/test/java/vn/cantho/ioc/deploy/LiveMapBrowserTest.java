package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;

/**
 * Renders the live map in a real headless Chromium (Debian's package; .ci/run installs it), signed
 * in through the console's own form, and checks that the page drew a marker for every device.
 * Leaves a screenshot in deploy/target/live-map.png. Skipped where no Chromium is installed.
 */
@ExtendWith(TestStack.class)
class LiveMapBrowserTest {
  private static final Pattern MARKERS = Pattern.compile("id=\"map\"[^>]*data-markers=\"(\\d+)\"");
  private static DemoStack stack;

  @BeforeAll
  static void start(DemoStack started) {
    // A missing browser fails the run rather than hiding the console's tests (.ci/run installs it).
    Browser.assertInstalled();
    stack = started;
  }

  /**
   * Also the traffic feature's script: an incident traffic staff reported is listed and on the map,
   * and the city operator verifies it from its popup.
   */
  @Test
  void mapShowsEveryDeviceInVietnamese() throws Exception {
    HttpResponse<String> reported =
        TestAccess.api(stack, Role.TRAFFIC_STAFF)
            .post(
                "/api/v1/traffic/incidents",
                "application/json",
                "{\"kind\":\"accident\",\"severity\":\"high\",\"lon\":105.7605,\"lat\":10.0150,"
                    + "\"description\":\"<b>Va chạm thử</b>\"}");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
    long incident = ApiClient.JSON.readTree(reported.body()).path("id").asLong();
    String listed =
        "document.querySelector('.traffic-list li[data-incident=\"" + incident + "\"]')";
    try (Browser browser = Browser.launch()) {
      signIn(browser, Role.CITY_OPERATOR, "/");
      awaitMarkers(browser, TestStack.deviceCount());
      String dom = browser.dom();
      assertThat(dom)
          .contains("Trung tâm điều hành thông minh Cần Thơ")
          .contains("Phường Ninh Kiều");
      browser.awaitTrue(
          "document.body.innerHTML.includes('sapnhap.bando.com.vn')"); // the demo boundaries

      browser.awaitTrue(listed + "?.textContent.includes('Tai nạn')");
      browser.eval(listed + ".click()");
      String popup = "document.querySelector('.traffic-popup[data-incident=\"" + incident + "\"]')";
      String reporter = TestAccess.username(Role.TRAFFIC_STAFF);
      browser.awaitTrue(
          popup + "?.textContent.includes('" + reporter + " · Báo cáo (Cán bộ giao thông)')");
      assertThat(browser.eval(popup + ".textContent").asText())
          .contains("Nghiêm trọng", "Mới", "<b>Va chạm thử</b>", "Xác minh", "Báo động sai");
      browser.eval(popup + ".querySelector('button[data-to=\"verified\"]').click()");
      browser.awaitTrue(listed + "?.dataset.status === 'verified'");
      browser.awaitTrue(popup + ".textContent.includes('Đã cập nhật')");
    }
  }

  /**
   * The flood feature's script: each operator's panel lists the stations protecting his wards, with
   * their latest level against the alarm levels; another ward's station is not there.
   */
  @Test
  void theFloodPanelShowsTheStationsOfTheOperatorsWards() throws Exception {
    ApiClient city = TestAccess.api(stack, Role.CITY_OPERATOR);
    putStation(city, "wl-test-nk", "Trạm đo thử sông Hậu", DemoUsers.NINH_KIEU_WARD);
    putStation(city, "wl-test-vt", "Trạm đo thử Vị Thanh", "31321");
    // Two readings at BĐ II from a gateway, over HTTP: 202 once they are committed.
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    HttpResponse<String> posted =
        new ApiClient(stack.httpPort())
            .withAuthorization(TestAccess.gatewayBasic(stack))
            .post(
                "/api/v1/ingest",
                "application/json",
                "[{\"deviceId\":\"wl-test-nk\",\"ts\":\""
                    + t
                    + "\",\"values\":{\"level\":193.5}},"
                    + "{\"deviceId\":\"wl-test-nk\",\"ts\":\""
                    + t.plusSeconds(300)
                    + "\",\"values\":{\"level\":194.2}}]");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    // The panel reads the stations when it opens: first the node has decided both readings.
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  city.get("/api/v1/flood/stations").path("stations").findValues("alarm").stream()
                      .anyMatch(a -> a.asInt() == 2));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "the gauge's readings were not decided: stations "
              + city.get("/api/v1/flood/stations")
              + ", readings "
              + city.send("/api/v1/devices/wl-test-nk/readings?metric=level").body()
              + ", quarantine "
              + TestAccess.api(stack, Role.ADMIN)
                  .send("/api/v1/quarantine?deviceId=wl-test-nk")
                  .body(),
          e);
    }
    try (Browser browser = Browser.launch()) {
      signIn(browser, Role.COMMUNE_OPERATOR, "/");
      String panel = "document.querySelector('.flood-panel')";
      browser.awaitTrue(panel + "?.textContent.includes('Trạm đo thử sông Hậu')");
      // His ward's station, in his language: the level in metres and the alarm it stands at.
      browser.awaitTrue(panel + ".textContent.includes('1,94 m (BĐ II)')");
      assertThat(browser.eval(panel + ".textContent").asText())
          .contains("Triều cường", "Đỉnh triều tới: chưa có dự báo", "BĐ I 1,80 m")
          .doesNotContain("Vị Thanh");
      browser.click("#tab-flood");
      ConsolePage.screenshot(browser, "flood-panel");
    }
  }

  private static void putStation(ApiClient api, String id, String name, String ward)
      throws Exception {
    HttpResponse<String> r =
        api.send(
            api.request("/api/v1/flood/stations/" + id)
                .header("Content-Type", "application/json")
                .PUT(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\""
                            + name
                            + "\",\"levels\":{\"bd1\":180,\"bd2\":190,\"bd3\":200},"
                            + "\"wards\":[\""
                            + ward
                            + "\"]}")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void englishOnRequest() throws Exception {
    try (Browser browser = Browser.launch()) {
      signIn(browser, Role.VIEWER, "/?lang=en");
      browser.awaitTrue("document.documentElement.lang === 'en'");
      assertThat(browser.dom()).contains("Can Tho Intelligent Operations Centre");
      browser.awaitTrue("document.body.innerHTML.includes('Open traffic incidents')");
    }
  }

  @Test
  void withoutATokenTheConsoleAsksToSignInAndShowsNoDevice() throws Exception {
    try (Browser browser = Browser.launch()) {
      browser.open(url("/"));
      awaitSignInForm(browser);
      String dom = browser.dom();
      assertThat(dom).containsPattern("<form id=\"login\"(?! hidden)").contains("Mật khẩu");
      assertThat(markers(dom)).isZero();
    }
  }

  /** A crafted link must not sign the victim's tab into the link maker's account (login CSRF). */
  @Test
  void aTokenInTheLinkDoesNotSignIn() throws Exception {
    String token = TestAccess.api(stack, Role.CITY_OPERATOR).token();
    assertThat(TestAccess.api(stack, Role.CITY_OPERATOR).send("/api/v1/devices").statusCode())
        .as("the token itself is valid")
        .isEqualTo(200);
    try (Browser browser = Browser.launch()) {
      browser.open(url("/#access_token=" + token));
      awaitSignInForm(browser);
      assertThat(browser.eval("sessionStorage.getItem('ioc.access')").isNull()).isTrue();
      assertThat(browser.eval("document.getElementById('logout').hidden").asBoolean()).isTrue();
      assertThat(markers(browser.dom())).isZero();
    }
  }

  @Test
  void aCommuneOperatorsMapShowsOnlyHisWard() throws Exception {
    try (Browser browser = Browser.launch()) {
      signIn(browser, Role.COMMUNE_OPERATOR, "/");
      awaitMarkers(browser, TestStack.NINH_KIEU_DEVICES.size());
      browser.awaitTrue("document.getElementById('who')?.textContent.length > 0");
      assertThat(browser.dom())
          .contains("Phường Ninh Kiều")
          .contains("Khu vực được giao")
          .contains(TestAccess.username(Role.COMMUNE_OPERATOR))
          .doesNotContain("Phường Cái Khế");
    }
  }

  @Test
  void aFarmerSeesHisPondsOnTheFarmMap() throws Exception {
    vn.cantho.ioc.core.device.Device probe =
        stack.server().registry().all().stream()
            .filter(d -> DemoUsers.FARMER.equals(d.owner()) && !d.id().startsWith("fm-"))
            .findFirst()
            .orElseThrow();
    new vn.cantho.ioc.water.farm.FarmStore(stack.server().database())
        .putFarm("trai-ban-do", DemoUsers.FARMER, "Trại bản đồ", probe.zoneId());
    new vn.cantho.ioc.water.farm.FarmStore(stack.server().database())
        .putPond(
            new vn.cantho.ioc.water.farm.Pond(
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

    assertThat(expected).isPositive();
    try (Browser browser = Browser.launch()) {
      signIn(browser, Role.FARMER, "/");
      browser.awaitTrue("document.getElementById('map')?.dataset.ponds === '" + expected + "'");
      assertThat(browser.dom()).contains("Ao nuôi thủy sản");
    }
  }

  /** A device panel names its metrics and units as the API's catalog does, in the page language. */
  @Test
  void aDevicePanelShowsTheCatalogsLabelsAndUnits() throws Exception {
    Device probe =
        TestStack.generated(stack)
            .filter(d -> d.domain().equals(Domain.of("water")))
            .reduce((first, second) -> second)
            .orElseThrow();
    String batch =
        "[{\"deviceId\":\"%s\",\"ts\":\"%s\",\"values\":{\"do\":7.25,\"no3\":1.5}}]"
            .formatted(probe.id(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    HttpResponse<String> sent =
        new ApiClient(stack.httpPort())
            .withAuthorization(TestAccess.gatewayBasic(stack))
            .post("/api/v1/ingest", "application/json", batch);
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    ApiClient operator = TestAccess.api(stack, Role.CITY_OPERATOR);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                operator.get("/api/v1/devices/" + probe.id()).at("/latest/no3/value").asDouble()
                    == 1.5);
    try (Browser browser = Browser.launch()) {
      signIn(browser, Role.CITY_OPERATOR, "/");
      awaitMarkers(browser, TestStack.deviceCount());
      browser.eval(
          "document.querySelector('.device-marker[data-device="
              + ApiClient.JSON.valueToTree(probe.id())
              + "]').focus()");
      browser.press(org.openqa.selenium.Keys.ENTER);
      String values = "document.querySelector('#device-body .device-values')?.textContent";
      browser.awaitTrue(values + "?.includes('Oxy hòa tan')");
      assertThat(browser.eval(values).asText())
          .contains("Oxy hòa tan", "7,25", "mg/L", "Nitrat (N-NO3)", "1,50")
          .doesNotContain("no3");
      assertThat(browser.eval("document.getElementById('device-title').textContent").asText())
          .isEqualTo(probe.name());
    }
  }

  private static int markers(String dom) {
    Matcher m = MARKERS.matcher(dom);
    assertThat(m.find()).as("map element with a marker count in:\n" + dom).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static void signIn(Browser browser, Role role, String path) {
    ConsolePage.signIn(browser, stack, role, path);
  }

  private static void awaitSignInForm(Browser browser) {
    ConsolePage.awaitSignInForm(browser);
  }

  private static void awaitMarkers(Browser browser, int expected) {
    browser.awaitTrue("document.getElementById('map')?.dataset.markers === '" + expected + "'");
  }

  private static String url(String path) {
    return ConsolePage.url(stack, path);
  }
}
