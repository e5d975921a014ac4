package vn.cantho.ioc.core.feature;

import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.core.auth.Role;

/**
 * What {@code ioc demo} tells a feature seeding its demo data: the demo's users by role (a farmer,
 * an operator…) and the phone number its stub SMS gateway answers for.
 */
public record DemoSeed(Map<Role, String> users, String phone) {
  public DemoSeed {
    users = Map.copyOf(users);
  }

  public Optional<String> user(Role role) {
    return Optional.ofNullable(users.get(role));
  }
}
