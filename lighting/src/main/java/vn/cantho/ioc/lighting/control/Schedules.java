package vn.cantho.ioc.lighting.control;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.lighting.inventory.LightingGroups;
import vn.cantho.ioc.lighting.schedule.AstroCache;
import vn.cantho.ioc.lighting.schedule.AstroClock;
import vn.cantho.ioc.lighting.schedule.DimmingProfile;
import vn.cantho.ioc.lighting.schedule.LightLevel;
import vn.cantho.ioc.lighting.schedule.LightingCalendar;
import vn.cantho.ioc.lighting.schedule.Schedule;

/**
 * Which profile each light follows and what level that makes now. Profiles are the built-in ones
 * and the operators' own; a profile is assigned to a group, the most specific assignment of a light
 * wins (device, circuit, cabinet, street, zone, city), and a light with none follows the default
 * profile. Vietnam's holiday calendar applies on top of every profile.
 */
public final class Schedules {
  private final Database database;
  private final LightingGroups groups;
  private final AstroCache astro = new AstroCache(new AstroClock());
  private final Map<String, DimmingProfile> profiles = new ConcurrentHashMap<>();
  private final Map<String, String> assignments = new ConcurrentHashMap<>();
  private final Map<String, Schedule> byProfile = new ConcurrentHashMap<>();

  public Schedules(Database database, LightingGroups groups) {
    this.database = database;
    this.groups = groups;
    profiles.put(DimmingProfile.DEFAULT.id(), DimmingProfile.DEFAULT);
    profiles.put(DimmingProfile.HOLIDAY_FULL.id(), DimmingProfile.HOLIDAY_FULL);
  }

  public void load() throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement ps =
              c.prepareStatement("SELECT id, definition::text FROM lighting_profiles");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          profiles.put(
              rs.getString(1),
              ProfileJson.fromJson(rs.getString(1), new JsonObject(rs.getString(2))));
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement("SELECT target, profile_id FROM lighting_schedule_assignments");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assignments.put(rs.getString(1), rs.getString(2));
        }
      }
    }
  }

  public Map<String, DimmingProfile> profiles() {
    return Map.copyOf(profiles);
  }

  /** Target label → profile id. */
  public Map<String, String> assignments() {
    return new LinkedHashMap<>(assignments);
  }

  public Optional<DimmingProfile> profile(String id) {
    return Optional.ofNullable(profiles.get(id));
  }

  public void saveProfile(DimmingProfile p, String by, Instant at) throws SQLException {
    if (p.id().equals(DimmingProfile.DEFAULT.id())
        || p.id().equals(DimmingProfile.HOLIDAY_FULL.id())) {
      throw new IllegalArgumentException("built-in profile " + p.id() + " cannot be changed");
    }
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO lighting_profiles (id, definition, set_by, set_at)"
                      + " VALUES (?, CAST(? AS jsonb), ?, ?) ON CONFLICT (id) DO UPDATE SET"
                      + " definition = EXCLUDED.definition, set_by = EXCLUDED.set_by,"
                      + " set_at = EXCLUDED.set_at")) {
            ps.setString(1, p.id());
            ps.setString(2, ProfileJson.toJson(p).encode());
            ps.setString(3, by);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
          }
        });
    profiles.put(p.id(), p);
    byProfile.remove(p.id());
  }

  public void assign(LightingGroups.Target target, String profileId, String by, Instant at)
      throws SQLException {
    if (!profiles.containsKey(profileId)) {
      throw new IllegalArgumentException("no profile " + profileId);
    }
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO lighting_schedule_assignments (target, profile_id, set_by, set_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET"
                      + " profile_id = EXCLUDED.profile_id, set_by = EXCLUDED.set_by,"
                      + " set_at = EXCLUDED.set_at")) {
            ps.setString(1, target.label());
            ps.setString(2, profileId);
            ps.setString(3, by);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
          }
        });
    assignments.put(target.label(), profileId);
  }

  /** The profile a light follows: its most specific group's assignment, else the default. */
  public DimmingProfile profileOf(Device light) {
    List<LightingGroups.Target> targets = groups.targetsOf(light);
    for (LightingGroups.Target t : targets) {
      String id = assignments.get(t.label());
      if (id != null && profiles.containsKey(id)) {
        return profiles.get(id);
      }
    }
    return DimmingProfile.DEFAULT;
  }

  /** The level a light's schedule asks for at {@code at}. */
  public LightLevel levelAt(Device light, Instant at) {
    return scheduleOf(light).levelAt(at, light.lat(), light.lon());
  }

  /** The calendar and astro clock a light follows. */
  public Schedule scheduleOf(Device light) {
    DimmingProfile p = profileOf(light);
    return byProfile.computeIfAbsent(
        p.id(),
        id ->
            new Schedule(new LightingCalendar(LightingCalendar.VIETNAM_DEFAULT.rules(), p), astro));
  }
}
