package vn.cantho.ioc.core.feature;

import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.core.auth.Role;

/**
 * What {@code ioc demo} tells a feature seeding its demo data: the demo's users by role (a farmer,
 * an operator…), the phone number its stub SMS gateway answers for, and the device registry file
 * the demo registered (whose attributes, a light's rated power or cabinet, a feature may read).
 *
 * @param registryFile null when the demo has none
 */
public record DemoSeed(Map<Role, String> users, String phone, java.nio.file.Path registryFile) {
  public DemoSeed {
    users = Map.copyOf(users);
  }

  public DemoSeed(Map<Role, String> users, String phone) {
    this(users, phone, null);
  }

  public Optional<String> user(Role role) {
    return Optional.ofNullable(users.get(role));
  }
}
