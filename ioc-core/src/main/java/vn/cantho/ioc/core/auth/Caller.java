package vn.cantho.ioc.core.auth;

import java.time.Instant;
import java.util.List;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceScope;

/**
 * Who is asking, as a verified token says: the user, his role and zones. Decides what of the city
 * he may see; every route and the live feed ask this one place.
 *
 * @param username a local user's name, or {@code oidc:<issuer host>/<name>} for a provider's user,
 *     so the two never meet in owners, subscriptions or the audit log
 * @param local true when the token was issued by this IOC (the user must still exist), false when
 *     it came from an OpenID Connect provider (which answers for the user)
 * @param binding for a local access token: the user row and credential generation it was issued
 *     for, checked against the user store at every request; null otherwise
 */
public record Caller(
    String username,
    Role role,
    List<String> zones,
    Instant expiresAt,
    boolean local,
    Binding binding) {
  /** The user row ({@link User#uid()}) and {@link User#tokenGeneration()} a token was issued at. */
  public record Binding(String uid, long tokenGeneration) {
    /** Whether the token still speaks for this user as he is now. */
    public boolean matches(User user) {
      return uid.equals(user.uid()) && tokenGeneration == user.tokenGeneration();
    }
  }

  public Caller {
    zones = List.copyOf(zones);
  }

  /** A caller whose binding was already checked (or who has none). */
  public Caller(String username, Role role, List<String> zones, Instant expiresAt, boolean local) {
    this(username, role, zones, expiresAt, local, null);
  }

  public boolean may(Permission permission) {
    return role.permissions().contains(permission);
  }

  /** The same for a feature's permission: its roles, and admin. */
  public boolean may(vn.cantho.ioc.core.feature.FeaturePermission permission) {
    return permission.allows(role);
  }

  /** A commune operator sees his zones, a farmer his own devices, every other role the city. */
  public boolean sees(Device device) {
    return switch (role.scope()) {
      case ZONES -> device.zoneId() != null && zones.contains(device.zoneId());
      case OWN -> username.equals(device.owner());
      case CITY -> true;
    };
  }

  /** The same rule as {@link #sees(Device)}, as the registry looks devices up by it. */
  public DeviceScope deviceScope() {
    return switch (role.scope()) {
      case ZONES -> DeviceScope.zones(java.util.Set.copyOf(zones));
      case OWN -> DeviceScope.owner(username);
      case CITY -> DeviceScope.ALL;
    };
  }

  /**
   * Whether a message about a whole zone is his to see: the city for city-wide roles, his zones for
   * a commune operator; an owner's view is his own devices, not zones.
   */
  public boolean seesZone(String zoneId) {
    return switch (role.scope()) {
      case ZONES -> zoneId != null && zones.contains(zoneId);
      case OWN -> false;
      case CITY -> true;
    };
  }

  /**
   * The same rule for anything a feature keeps with a zone and an owner (a pond, a farm): a commune
   * operator's zones, an owner's own, or the whole city.
   */
  public boolean sees(String zoneId, String owner) {
    return switch (role.scope()) {
      case ZONES -> zoneId != null && zones.contains(zoneId);
      case OWN -> username.equals(owner);
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
