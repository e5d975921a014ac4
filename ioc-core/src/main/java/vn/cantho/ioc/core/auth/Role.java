package vn.cantho.ioc.core.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a user may do; what he may see further depends on his zones (issue 5). */
public enum Role {
  ADMIN,
  /** The whole city. */
  CITY_OPERATOR,
  /** One or more communes or wards. */
  COMMUNE_OPERATOR,
  TRAFFIC_STAFF,
  MAINTENANCE,
  /** A citizen who owns devices (a farmer's probes): sees only what he owns. */
  FARMER,
  VIEWER;

  /**
   * The one table of who may do what in the kernel; features add their own permissions with the
   * roles that hold them ({@link vn.cantho.ioc.core.feature.FeaturePermission}). docs/security.md
   * has both as a matrix.
   */
  public Set<Permission> permissions() {
    return switch (this) {
      case ADMIN -> EnumSet.allOf(Permission.class);
      case CITY_OPERATOR ->
          EnumSet.of(
              Permission.READ_MAP, Permission.READ_QUARANTINE, Permission.ACKNOWLEDGE_ALERTS);
      case MAINTENANCE ->
          EnumSet.of(
              Permission.READ_MAP,
              Permission.READ_QUARANTINE,
              Permission.MANAGE_DEVICE_CREDENTIALS);
      case COMMUNE_OPERATOR, FARMER ->
          EnumSet.of(Permission.READ_MAP, Permission.ACKNOWLEDGE_ALERTS);
      case TRAFFIC_STAFF, VIEWER -> EnumSet.of(Permission.READ_MAP);
    };
  }

  /** How far a role's view reaches. */
  public enum Scope {
    /** The whole city. */
    CITY,
    /** The user's zones only. */
    ZONES,
    /** The devices the user owns (and what features hang on them) only, whatever zones he has. */
    OWN
  }

  /**
   * The one rule of what a role sees; {@link Caller} and every list query follow it. It depends on
   * the role alone: a farmer with zones (an OpenID Connect claim, a careless admin) still sees only
   * his own devices.
   */
  public Scope scope() {
    return switch (this) {
      case COMMUNE_OPERATOR -> Scope.ZONES;
      case FARMER -> Scope.OWN;
      default -> Scope.CITY;
    };
  }

  /** True for roles whose view is the whole city rather than their zones or what they own. */
  public boolean seesWholeCity() {
    return scope() == Scope.CITY;
  }

  /** The code used in the database, tokens and the CLI, e.g. {@code commune_operator}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromCode(String code) {
    for (Role r : values()) {
      if (r.code().equals(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role: " + code);
  }
}
