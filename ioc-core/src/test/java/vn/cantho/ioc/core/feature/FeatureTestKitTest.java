package vn.cantho.ioc.core.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.OpenApi;
import vn.cantho.ioc.core.api.RouteCoverage;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * The kit itself, with a feature written for this test: its routes serve behind the kernel's
 * authentication and permissions, its metric is in the catalog, its live messages are recorded, and
 * it sees the devices the kit registered.
 */
@ExtendWith(PostgresExtension.class)
class FeatureTestKitTest {
  static final FeaturePermission COUNT =
      new FeaturePermission("kit.count", Set.of(Role.CITY_OPERATOR));

  private static final Device LAMP =
      new Device("kit-lamp-1", Domain.LIGHTING, "led", "Đèn thử", 105.78, 10.03, null, 60);

  private static FeatureTestKit kit;

  /** Counts the devices it is shown and tells the live map when asked. */
  static final class KitFeature implements IocFeature {
    private FeatureContext context;

    @Override
    public String id() {
      return "kit";
    }

    @Override
    public List<Metric> metrics() {
      return List.of(
          new Metric(Domain.LIGHTING, "kit_glow", "%", 0, 100, "Độ sáng thử", "Test glow"));
    }

    @Override
    public List<FeaturePermission> permissions() {
      return List.of(COUNT);
    }

    @Override
    public java.util.Set<String> liveTypes() {
      return Set.of("kit.ping");
    }

    @Override
    public void start(FeatureContext context) {
      this.context = context;
    }

    @Override
    public void routes(FeatureRoutes routes) {
      routes.get(
          "/api/v1/kit/devices/:id",
          COUNT,
          r ->
              new JsonObject()
                  .put("id", r.path().get("id"))
                  .put("known", context.devices().find(r.path().get("id")).isPresent())
                  .put("by", r.caller().username()));
      routes.post(
          "/api/v1/kit/ping",
          COUNT,
          r -> {
            Object n = r.body().getValue("n");
            if (!(n instanceof Integer)) {
              throw new BadRequest("n must be a whole number");
            }
            context
                .live()
                .publish(
                    "kit.ping", context.devices().find(LAMP.id()).orElseThrow(), r.body().copy());
            return new JsonObject().put("sent", n);
          });
    }
  }

  @BeforeAll
  static void start(Database db) throws Exception {
    kit = new FeatureTestKit(db, List.of(new KitFeature()), List.of(LAMP));
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void itsRoutesServeBehindTheKernelsAuthenticationAndPermissions() throws Exception {
    String operator = kit.token("kit-operator", Role.CITY_OPERATOR, List.of());
    HttpResponse<String> known = kit.get("/api/v1/kit/devices/" + LAMP.id(), operator);
    assertThat(known.statusCode()).as(known.body()).isEqualTo(200);
    assertThat(new JsonObject(known.body()))
        .isEqualTo(
            new JsonObject().put("id", LAMP.id()).put("known", true).put("by", "kit-operator"));

    String viewer = kit.token("kit-viewer", Role.VIEWER, List.of());
    HttpResponse<String> denied = kit.get("/api/v1/kit/devices/" + LAMP.id(), viewer);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(kit.get("/api/v1/kit/devices/" + LAMP.id(), null).statusCode()).isEqualTo(401);
    assertThat(kit.token("kit-operator", Role.CITY_OPERATOR, List.of()))
        .as("a second token of the same user")
        .isNotBlank();
  }

  @Test
  void itsRoutesAreTheRoutersSoAFeatureCanCheckItsOpenApiFragments() throws Exception {
    JsonObject document = new JsonObject(kit.get(OpenApi.PATH, null).body());
    RouteCoverage.Gaps gaps = RouteCoverage.check(kit.routes(), document);
    // This feature ships no fragment: exactly its two routes are served and not described.
    assertThat(gaps.undocumented())
        .containsExactly(
            new RouteCoverage.Operation("GET", "/api/v1/kit/devices/{id}"),
            new RouteCoverage.Operation("POST", "/api/v1/kit/ping"));
    assertThat(gaps.unserved()).isEmpty();
  }

  @Test
  void itsMetricAndDevicesAreTheKernelsAndWhatItPublishesLiveIsRecorded() throws Exception {
    assertThat(kit.catalog().find(Domain.LIGHTING, "kit_glow")).isPresent();
    assertThat(kit.devices().find(LAMP.id())).contains(LAMP);
    assertThat(new vn.cantho.ioc.core.store.DeviceStore(kit.database()).loadAll())
        .extracting(Device::id)
        .contains(LAMP.id());

    String operator = kit.token("kit-pinger", Role.CITY_OPERATOR, List.of());
    HttpResponse<String> bad = kit.post("/api/v1/kit/ping", operator, "{\"n\":\"x\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("n must be a whole number");
    HttpResponse<String> ok = kit.post("/api/v1/kit/ping", operator, "{\"n\":7}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getInteger("sent")).isEqualTo(7);
    assertThat(kit.live())
        .containsExactly(
            new FeatureTestKit.LiveMessage("kit.ping", LAMP, null, new JsonObject().put("n", 7)));
  }
}
