package vn.cantho.ioc.water.farm;

import java.sql.SQLException;
import java.util.List;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Subscription;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.water.rules.SpeciesProfiles;

/**
 * The demo farmer's farm: one pond around each of his probes (a 60 m square, the size of a
 * pangasius pond) and, the first time, an SMS subscription to the demo phone.
 */
public final class WaterDemo {
  public static final String FARM = "trai-demo";

  /** Half the side of a demo pond in degrees: about 30 m at 10° N. */
  private static final double HALF_SIDE = 0.00027;

  private WaterDemo() {}

  public static void seed(Database database, DeviceRegistry registry, DemoSeed seed)
      throws SQLException {
    String farmer = seed.user(Role.FARMER).orElse(null);
    if (farmer == null) {
      return;
    }
    FarmStore farms = new FarmStore(database);
    List<Device> probes =
        registry.all().stream()
            .filter(d -> farmer.equals(d.owner()))
            .sorted(java.util.Comparator.comparing(Device::id))
            .toList();
    if (probes.isEmpty()) {
      return;
    }
    farms.putFarm(FARM, farmer, "Trại nuôi trồng thủy sản (demo)", probes.get(0).zoneId());
    int n = 1;
    for (Device d : probes) {
      String profile = SpeciesProfiles.forDeviceType(d.type()).orElse("pangasius_pond");
      farms.putPond(
          new Pond(
              "ao-demo-" + n,
              FARM,
              null,
              null,
              "Ao số " + n,
              profile,
              3600.0,
              square(d.lon(), d.lat()),
              d.lon(),
              d.lat(),
              d.zoneId(),
              List.of(d.id())));
      n++;
    }
    SubscriptionStore subscriptions = new SubscriptionStore(database);
    if (subscriptions.of(farmer).isEmpty()) {
      subscriptions.add(
          new Subscription(
              0,
              farmer,
              null,
              Channel.SMS,
              seed.phone(),
              Language.VI,
              Severity.WARNING,
              null,
              null));
    }
  }

  private static String square(double lon, double lat) {
    double w = lon - HALF_SIDE;
    double e = lon + HALF_SIDE;
    double s = lat - HALF_SIDE;
    double n = lat + HALF_SIDE;
    return "{\"type\":\"Polygon\",\"coordinates\":[[["
        + w
        + ","
        + s
        + "],["
        + e
        + ","
        + s
        + "],["
        + e
        + ","
        + n
        + "],["
        + w
        + ","
        + n
        + "],["
        + w
        + ","
        + s
        + "]]]}";
  }
}
