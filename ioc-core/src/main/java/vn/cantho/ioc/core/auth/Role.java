package vn.cantho.ioc.core.auth;

import java.util.Locale;

/** What a user may do; what he may see further depends on his zones (issue 5). */
public enum Role {
  ADMIN,
  /** The whole city. */
  CITY_OPERATOR,
  /** One or more communes or wards. */
  COMMUNE_OPERATOR,
  TRAFFIC_STAFF,
  MAINTENANCE,
  /** His own farms and ponds. */
  FARMER,
  VIEWER;

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
