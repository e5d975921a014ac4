package vn.cantho.ioc.core.auth;

import java.time.Instant;
import java.util.List;
import vn.cantho.ioc.core.device.Device;

/**
 * Who is asking, as a verified token says: the user, his role and zones. Decides what of the city
 * he may see; every route and the live feed ask this one place.
 *
 * @param local true when the token was issued by this IOC (the user must still exist), false when
 *     it came from an OpenID Connect provider (which answers for the user)
 */
public record Caller(
    String username, Role role, List<String> zones, Instant expiresAt, boolean local) {
  public Caller {
    zones = List.copyOf(zones);
  }

  public boolean may(Permission permission) {
    return role.permissions().contains(permission);
  }

  /** A commune operator sees his zones, a farmer his own devices, every other role the city. */
  public boolean sees(Device device) {
    return switch (role.scope()) {
      case ZONES -> device.zoneId() != null && zones.contains(device.zoneId());
      case OWN -> username.equals(device.owner());
      case CITY -> true;
    };
  }

  /** The same rule for a pond: a commune operator's zones, a farmer's own, or the whole city. */
  public boolean sees(vn.cantho.ioc.core.farm.Pond pond) {
    return switch (role.scope()) {
      case ZONES -> pond.zoneId() != null && zones.contains(pond.zoneId());
      case OWN -> username.equals(pond.owner());
      case CITY -> true;
    };
  }

  /**
   * The zones a query must stay within, or null when his scope is not a set of zones (the city, or
   * a farmer's own devices: his zones, if any, widen nothing).
   */
  public List<String> zoneScope() {
    return role.scope() == Role.Scope.ZONES ? zones : null;
  }
}
