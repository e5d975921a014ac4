package vn.cantho.ioc.core.auth;

import java.time.Instant;
import java.util.List;

/** A person who signs in; never carries the password hash out of the store. */
public record User(
    String username, Role role, List<String> zones, Instant createdAt, boolean disabled) {
  public User {
    zones = List.copyOf(zones);
  }
}
