package vn.cantho.ioc.core.feature;

import java.util.Set;
import vn.cantho.ioc.core.auth.Role;

/**
 * What a feature's route needs, and which roles have it; an admin has every permission. The
 * kernel's own routes use {@link vn.cantho.ioc.core.auth.Permission}.
 *
 * @param code e.g. {@code traffic.incidents.work}, as audited in a denial
 */
public record FeaturePermission(String code, Set<Role> roles) {
  public FeaturePermission {
    roles = Set.copyOf(roles);
  }

  public boolean allows(Role role) {
    return role == Role.ADMIN || roles.contains(role);
  }
}
