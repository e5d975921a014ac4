package vn.cantho.ioc.deploy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.Secrets;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.sim.SimDevice;

/**
 * The demo's users, one per role, with the commune operator for Ninh Kiều ward. Each demo start
 * gives them new random passwords (the old ones cannot be shown again: only hashes are stored).
 */
final class DemoUsers {
  /** Phường Ninh Kiều in the bundled demo boundaries. */
  static final String NINH_KIEU_WARD = "31135";

  /** The demo farmer's name; he owns a few pond probes. */
  static final String FARMER = "farmer";

  static final int FARMER_PONDS = 4;

  private record DemoUser(String name, Role role, List<String> zones) {}

  private static final List<DemoUser> USERS =
      List.of(
          new DemoUser("admin", Role.ADMIN, List.of()),
          new DemoUser("city.operator", Role.CITY_OPERATOR, List.of()),
          new DemoUser("ninhkieu.operator", Role.COMMUNE_OPERATOR, List.of(NINH_KIEU_WARD)),
          new DemoUser("traffic.staff", Role.TRAFFIC_STAFF, List.of()),
          new DemoUser("maintenance", Role.MAINTENANCE, List.of()),
          new DemoUser(FARMER, Role.FARMER, List.of()),
          new DemoUser("viewer", Role.VIEWER, List.of()));

  private DemoUsers() {}

  /** The first few pond probes (by id) become the demo farmer's. */
  static List<SimDevice> giveFarmerPonds(List<SimDevice> devices) {
    Set<String> ponds =
        devices.stream()
            .filter(d -> d.domain().equals("water") && d.type().endsWith("_pond"))
            .map(SimDevice::id)
            .sorted()
            .limit(FARMER_PONDS)
            .collect(Collectors.toSet());
    return devices.stream().map(d -> ponds.contains(d.id()) ? d.withOwner(FARMER) : d).toList();
  }

  /** What features seeding their demo data learn: who is who, and the demo phone. */
  static DemoSeed seed(java.nio.file.Path registryFile) {
    Map<Role, String> byRole = new EnumMap<>(Role.class);
    USERS.forEach(u -> byRole.putIfAbsent(u.role(), u.name()));
    return new DemoSeed(byRole, DemoPhone.NUMBER, registryFile);
  }

  /** Creates or re-keys the demo users; returns one line per user to print. */
  static List<String> issue(Database database) throws SQLException {
    UserStore store = new UserStore(database, new PasswordHasher());
    AuditLog audit = new AuditLog(database);
    List<String> lines = new ArrayList<>();
    for (DemoUser u : USERS) {
      char[] password = Secrets.newPassword();
      if (store.find(u.name()).isPresent()) {
        store.setPassword(u.name(), password);
        audit.record("demo", "user.passwd", u.name(), null);
      } else {
        store.add(u.name(), u.role(), u.zones(), password);
        audit.record("demo", "user.add", u.name(), null);
      }
      lines.add("demo user: " + u.name() + " " + new String(password) + " " + u.role().code());
    }
    return lines;
  }
}
