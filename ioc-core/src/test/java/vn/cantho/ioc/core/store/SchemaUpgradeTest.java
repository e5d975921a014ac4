package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.User;
import vn.cantho.ioc.core.auth.UserStore;

/**
 * A database made by the previous release upgrades in place: its schema and data, written by the
 * migrations as they were then, are migrated by the current code on open, and what was there still
 * reads back (a city's history is never rebuilt from scratch).
 */
class SchemaUpgradeTest {
  /**
   * The last migration of the previous main (before issue 13). Raise it to the newest version at
   * each release, so the test always upgrades from what is deployed.
   */
  private static final String PREVIOUS_RELEASE = "13";

  @Test
  void aDatabaseOfThePreviousReleaseUpgradesInPlaceAndKeepsItsData() throws Exception {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder().setServerConfig("timezone", "UTC").start()) {
      DatabaseConfig config =
          new DatabaseConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 2, 30);
      Flyway.configure()
          .dataSource(config.jdbcUrl(), config.user(), config.password())
          .target(PREVIOUS_RELEASE)
          .load()
          .migrate();
      Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      char[] password = "an old password".toCharArray();
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        writeAsThePreviousReleaseDid(c, ts, new PasswordHasher().hash(password));
      }

      try (Database upgraded = Database.open(config)) {
        assertThat(schemaVersion(upgraded)).isEqualTo(newestMigration());
        assertThat(new DeviceStore(upgraded).loadAll())
            .extracting(d -> d.id())
            .containsExactly("wq-old-1");
        assertThat(readingsOf(upgraded, "wq-old-1")).isEqualTo(2);
        Optional<User> user =
            new UserStore(upgraded, new PasswordHasher()).authenticate("old.operator", password);
        assertThat(user).isPresent();
        assertThat(user.get().uid()).isNotBlank();
        assertThat(user.get().tokenGeneration()).isZero();
        assertThat(ruleSources(upgraded)).noneMatch(source -> source.contains("DOMAIN"));
        // V14: an open water alert keeps its rule, now named by feature and key, and stays the
        // one open alert of that rule and device.
        AlertStore alerts = new AlertStore(upgraded);
        Alert open = alerts.open("water").get(0);
        assertThat(open.rule()).isEqualTo(new RuleKey("water", String.valueOf(oldRuleId)));
        assertThat(open.deviceId()).isEqualTo("wq-old-1");
        assertThat(
                alerts.raise(open.rule(), "wq-old-1", null, "do", Severity.WARNING, 1.5, ts).id())
            .isEqualTo(open.id());
      }
    }
  }

  private static long oldRuleId;

  /** Rows in the columns the previous release had, no more. */
  private static void writeAsThePreviousReleaseDid(Connection c, Instant ts, String hash)
      throws SQLException {
    writeDevicesReadingsAndUser(c, ts, hash);
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id FROM alert_rules WHERE profile = 'pangasius_pond' AND metric = 'do'"
                    + " AND direction = 'below'")) {
      rs.next();
      oldRuleId = rs.getLong(1);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO alerts (rule_id, device_id, metric, severity, state, raised_at,"
                + " raised_value, last_value) VALUES (?, 'wq-old-1', 'do', 'watch', 'raised', ?,"
                + " 2.7, 2.7)")) {
      ps.setLong(1, oldRuleId);
      ps.setTimestamp(2, Timestamp.from(ts));
      ps.executeUpdate();
    }
  }

  private static void writeDevicesReadingsAndUser(Connection c, Instant ts, String hash)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO devices (id, domain, type, name, lon, lat, zone_id, report_interval_s)"
              + " VALUES ('wq-old-1', 'water', 'pangasius_pond', 'Ao cũ', 105.70, 10.05, NULL, 60)");
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO readings (device_id, metric, ts, value, source) VALUES (?, ?, ?, ?, ?)")) {
      for (String metric : new String[] {"do", "ph"}) {
        ps.setString(1, "wq-old-1");
        ps.setString(2, metric);
        ps.setTimestamp(3, Timestamp.from(ts));
        ps.setDouble(4, 6.5);
        ps.setString(5, "mqtt");
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO users (username, password_hash, role) VALUES (?, ?, 'city_operator')")) {
      ps.setString(1, "old.operator");
      ps.setString(2, hash);
      ps.executeUpdate();
    }
  }

  private static String schemaVersion(Database db) {
    return Flyway.configure()
        .dataSource(db.dataSource())
        .load()
        .info()
        .current()
        .getVersion()
        .getVersion();
  }

  /** The highest V<n>__ file among the migrations this build ships. */
  private static String newestMigration() throws IOException, URISyntaxException {
    Path folder = Path.of(SchemaUpgradeTest.class.getResource("/db/migration").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .max(Integer::compare)
          .map(String::valueOf)
          .orElseThrow();
    }
  }

  private static java.util.List<String> ruleSources(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT source FROM alert_rules")) {
      java.util.List<String> sources = new java.util.ArrayList<>();
      while (rs.next()) {
        sources.add(rs.getString(1));
      }
      return sources;
    }
  }

  private static long readingsOf(Database db, String device) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM readings WHERE device_id = ?")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
