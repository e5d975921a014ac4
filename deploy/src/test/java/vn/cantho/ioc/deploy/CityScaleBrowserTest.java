package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;
import vn.cantho.ioc.sim.SimDevice;

/**
 * The console with 100,000 extra devices registered (issue 17's city scale): the city operator's
 * map is drawn within 2 s of signing in, the page's JS heap stays under 250 MB, and panning and
 * zooming keep the median frame under 50 ms. Prints the figures as one JSON line (recorded in
 * docs/BENCHMARKS.md). A stack of its own, closed at the end.
 */
class CityScaleBrowserTest {
  static final int EXTRA_DEVICES = 100_000;
  private static DemoStack stack;

  @BeforeAll
  static void start() throws Exception {
    Browser.assertInstalled();
    Path data = TestDirs.create("ioc-city-scale");
    Path registry = data.resolve("devices.json");
    List<SimDevice> devices =
        DemoUsers.giveFarmerPonds(
            new RegistryGenerator(DemoZones.load(), 7).generate(new FleetSize(6, 3, 5)).devices());
    RegistryFile.write(registry, devices);
    stack =
        DemoStack.start(data, "127.0.0.1", 0, DemoStack.freePort(), false, registry, EXTRA_DEVICES);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theCityMapIsInteractiveWithinTwoSecondsWith100000Devices() throws Exception {
    assertThat(stack.server().registry().size()).isGreaterThanOrEqualTo(EXTRA_DEVICES);
    // The node projects its devices to open data once, right after it starts, in one transaction:
    // 100,000 of them hold a core and the database for tens of seconds on two shared cores. The
    // bound is the map's, for an operator signing in to a running node (signing in during that
    // projection took 2.6 s: docs/BENCHMARKS.md, issue 17).
    await().atMost(3, TimeUnit.MINUTES).until(CityScaleBrowserTest::openDataProjected);
    try (Browser browser = Browser.launch()) {
      TestAccess.Account account = TestAccess.account(stack, Role.CITY_OPERATOR);
      browser.open(ConsolePage.url(stack, "/"));
      ConsolePage.awaitSignInForm(browser);
      browser.type("#username", account.username());
      browser.type("#password", account.password());
      browser.eval("window.signInAt = performance.now()");
      browser.click("#login-submit");
      ConsolePage.awaitMap(browser);
      double toMap =
          browser
              .eval("Number(document.getElementById('map').dataset.readyAt) - window.signInAt")
              .asDouble();
      JsonNode view =
          browser.eval(
              "(() => { const d = document.getElementById('map').dataset;"
                  + " return { shown: Number(d.markers), clusters: Number(d.clusters),"
                  + " devices: Number(d.devices) }; })()");
      // The whole city is on the map, as clusters the server made: the page holds no 100,000.
      assertThat(view.path("shown").asInt()).isGreaterThanOrEqualTo(EXTRA_DEVICES);
      assertThat(view.path("clusters").asInt()).isBetween(1, 2_000);
      ConsolePage.awaitFeatures(browser);
      browser.eval(
          "IOC.register({ id: 'frame-probe', onStart(ctx) { window.probeMap = ctx.map; } })");
      browser.awaitTrue("window.probeMap !== undefined");
      JsonNode frames =
          browser.eval(
              "(async () => { const map = window.probeMap; const deltas = [];"
                  + " let last = performance.now(); let running = true;"
                  + " const tick = t => { deltas.push(t - last); last = t;"
                  + " if (running) requestAnimationFrame(tick); };"
                  + " requestAnimationFrame(tick);"
                  + " const wait = ms => new Promise(r => setTimeout(r, ms));"
                  + " for (const [dx, dy] of [[300, 0], [0, 200], [-300, 0], [0, -200]]) {"
                  + " map.panBy([dx, dy], { animate: true, duration: 0.4 }); await wait(800); }"
                  + " for (const dz of [1, 1, -1, -1]) {"
                  + " if (dz > 0) map.zoomIn(1); else map.zoomOut(1); await wait(1200); }"
                  + " running = false; deltas.sort((a, b) => a - b);"
                  + " return { frames: deltas.length, median: deltas[deltas.length >> 1],"
                  + " p95: deltas[Math.floor(deltas.length * 0.95)] }; })()");
      // The map re-read its views while moving: still clusters, never the whole city.
      browser.awaitTrue("Number(document.getElementById('map').dataset.clusters) > 0");
      long heap = browser.usedHeapBytes();
      System.out.printf(
          "{\"bench\":\"console-city-scale\",\"devices\":%d,\"signInToMapMs\":%.0f,"
              + "\"clusters\":%d,\"heapMB\":%.1f,\"frames\":%d,\"frameMedianMs\":%.1f,"
              + "\"frameP95Ms\":%.1f}%n",
          stack.server().registry().size(),
          toMap,
          view.path("clusters").asInt(),
          heap / 1e6,
          frames.path("frames").asInt(),
          frames.path("median").asDouble(),
          frames.path("p95").asDouble());
      ConsolePage.screenshot(browser, "city-scale");
      assertThat(toMap).as("sign-in to a drawn map, ms").isLessThan(2_000);
      assertThat(heap).as("JS heap, bytes").isLessThan(250_000_000L);
      assertThat(frames.path("frames").asInt()).isGreaterThan(20);
      assertThat(frames.path("median").asDouble()).as("median frame, ms").isLessThan(50);
    }
  }

  private static boolean openDataProjected() throws Exception {
    return ClusterNodes.count(
            stack.server().database().dataSource(), "SELECT count(*) FROM sta_things")
        > 0;
  }
}
