package vn.cantho.ioc.lighting;

import java.util.Set;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeaturePermission;

/** What lighting lets whom do (docs/security.md): the roles of each of its permissions. */
public final class LightingPermissions {
  private LightingPermissions() {}

  /**
   * Switch and dim lights by hand: the crews and the operators; a commune operator only lights
   * inside his zones (the route checks every light of the target).
   */
  public static final FeaturePermission COMMAND =
      new FeaturePermission(
          "lighting.command", Set.of(Role.MAINTENANCE, Role.CITY_OPERATOR, Role.COMMUNE_OPERATOR));

  /** Write dimming profiles and assign them to groups: city-wide roles only. */
  public static final FeaturePermission SCHEDULES =
      new FeaturePermission(
          "lighting.schedules.manage", Set.of(Role.MAINTENANCE, Role.CITY_OPERATOR));
}
