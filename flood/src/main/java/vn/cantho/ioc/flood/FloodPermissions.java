package vn.cantho.ioc.flood;

import java.util.Set;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeaturePermission;

/** What the flood feature lets whom do (docs/security.md). */
public final class FloodPermissions {
  private FloodPermissions() {}

  /**
   * Start and stop pumps, open, close or set sluice gates, return a station to automatic: the
   * operators and the crews; a commune operator only stations that stand in his zones.
   */
  public static final FeaturePermission CONTROL =
      new FeaturePermission(
          "flood.control", Set.of(Role.CITY_OPERATOR, Role.COMMUNE_OPERATOR, Role.MAINTENANCE));

  /** Set a station's alarm levels, rules and protected wards: city-wide operators only. */
  public static final FeaturePermission STATIONS =
      new FeaturePermission("flood.stations.manage", Set.of(Role.CITY_OPERATOR));
}
