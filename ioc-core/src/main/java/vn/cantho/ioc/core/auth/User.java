package vn.cantho.ioc.core.auth;

import java.time.Instant;
import java.util.List;

/**
 * A person who signs in; never carries the password hash out of the store.
 *
 * @param uid random and fixed for this row: a user created again under the same name gets another
 * @param tokenGeneration bumped by every change of password, role, zones or enabling; tokens issued
 *     at an older generation are refused
 */
public record User(
    String username,
    Role role,
    List<String> zones,
    Instant createdAt,
    boolean disabled,
    String uid,
    long tokenGeneration) {
  public User {
    zones = List.copyOf(zones);
  }
}
