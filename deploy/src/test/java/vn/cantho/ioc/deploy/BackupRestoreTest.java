package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.core.store.PartitionMaintainer;
import vn.cantho.ioc.core.store.ReadingPacker;
import vn.cantho.ioc.core.store.ReadingWriter;
import vn.cantho.ioc.traffic.incident.IncidentKind;
import vn.cantho.ioc.traffic.incident.IncidentLocation;
import vn.cantho.ioc.traffic.incident.IncidentSeverity;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStatus;
import vn.cantho.ioc.traffic.incident.IncidentStore;
import vn.cantho.ioc.traffic.incident.Report;

/**
 * The backup and restore drill (issue 19, ADR 0021): a database filled through the stores the node
 * uses (readings raw in daily partitions and the default one and packed by the hour, alerts through
 * their lifecycle, a traffic incident with its timeline, users, audit) plus a test feature's
 * awkward tables is backed up by {@code ioc backup} while its server runs, restored by {@code ioc
 * restore} into a new database, and compared table by table, partition by partition, sequence by
 * sequence. Then what must be refused is: a changed archive, one newer than the code, one with a
 * feature the code lacks, a database that is not empty or is in use.
 */
class BackupRestoreTest {
  private static final char[] PASSWORD = "mật khẩu của Lan".toCharArray();
  private static final List<IocFeature> FEATURES =
      Stream.concat(FeatureHost.installed().stream(), Stream.of((IocFeature) () -> "backupprobe"))
          .toList();

  private static Path root;
  private static EmbeddedDatabase source;
  private static Path archive;
  private static String printed;
  private static long lastAlertId;

  @BeforeAll
  static void fillAndBackUp() throws Exception {
    root = TestDirs.create("ioc-backup");
    source = EmbeddedDatabase.start(root.resolve("a/postgres"));
    try (Database db = Database.open(source.config(2))) {
      new FeatureHost(FEATURES).migrate(db);
      new PartitionMaintainer(db).maintain(LocalDate.now(ZoneOffset.UTC));
      fill(db);
    }
    archive = root.resolve("ioc-backup.zip");
    // The source's server runs (this JVM owns it, as a demo would): backup reads it where it runs.
    printed =
        BackupCommand.execute(
            List.of("--to", archive.toString(), "--data", root.resolve("a").toString()));
  }

  @AfterAll
  static void stop() throws IOException {
    if (source != null) {
      source.close();
    }
  }

  @Test
  void aRestoredDatabaseHoldsWhatTheBackupTookTableByTable() throws Exception {
    assertThat(printed).startsWith("Backed up ").contains(" to " + archive);
    assertThat(Files.getPosixFilePermissions(archive))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    try (BackupArchive opened = BackupArchive.open(archive)) {
      Map<String, BackupManifest.Format> formats = new TreeMap<>();
      opened.manifest().tables().forEach(t -> formats.put(t.name(), t.format()));
      assertThat(formats)
          .containsEntry("readings_raw", BackupManifest.Format.BINARY)
          .containsEntry("readings_packed", BackupManifest.Format.BINARY)
          .containsEntry("series", BackupManifest.Format.BINARY)
          .containsEntry("probe_items", BackupManifest.Format.TEXT)
          // views (ADR 0023's readings among them) are the migrations' to make
          .doesNotContainKeys("readings", "flyway_schema_history", "sta_observation_rows");
      assertThat(opened.manifest().featureVersions()).containsKeys("traffic", "backupprobe");
    }

    Path target = root.resolve("b");
    String restored =
        RestoreCommand.execute(
            List.of("--from", archive.toString(), "--data", target.toString()), FEATURES);
    assertThat(restored).startsWith("Restored ");

    Snapshot before = Snapshot.of(source.dataSource());
    assertThat(before.rows("readings_raw_default")).isEqualTo(3);
    assertThat(before.partitions().keySet())
        .contains("readings_raw_default", "probe_events_b", "probe_events_b_2026")
        .anyMatch(p -> p.matches("readings_raw_p\\d{8}"));
    assertThat(before.rowsOfAll("readings_raw_p")).isEqualTo(2 * 720);
    assertThat(before.rows("readings_packed")).isEqualTo(1);
    assertThat(before.readings()).startsWith((2 * 720 + 3 + 5) + ":");
    for (String table :
        List.of(
            "devices",
            "alerts",
            "alert_events",
            "traffic_incidents",
            "traffic_incident_events",
            "users",
            "audit_log",
            "probe_items",
            "probe_events_a",
            "probe_events_b_2026")) {
      assertThat(before.rows(table)).as(table).isPositive();
    }
    try (EmbeddedDatabase copy = EmbeddedDatabase.start(target.resolve("postgres"))) {
      Snapshot after = Snapshot.of(copy.dataSource());
      assertThat(after.tables()).isEqualTo(before.tables());
      assertThat(after.partitions()).isEqualTo(before.partitions());
      assertThat(after.sequences()).isEqualTo(before.sequences());
      assertThat(after.histories()).isEqualTo(before.histories());
      assertThat(after.readings()).isEqualTo(before.readings());

      try (Database db = Database.open(copy.config(2))) {
        // The same user signs in with the same password, and the counters go on past the
        // restored rows instead of colliding with them.
        assertThat(new UserStore(db, new PasswordHasher()).authenticate("lan.bk", PASSWORD))
            .isPresent();
        Alert next =
            new AlertStore(db)
                .raise(
                    new RuleKey("water", "after-restore"),
                    "wq-bk-1",
                    "31135",
                    "do",
                    Severity.WATCH,
                    3.0,
                    Instant.now());
        assertThat(next.id()).isGreaterThan(lastAlertId);
      }
    }
  }

  @Test
  void aChangedArchiveIsRefusedBeforeAnyDatabaseIsMade() throws Exception {
    Path tampered = root.resolve("tampered.zip");
    String readingsEntry;
    try (BackupArchive opened = BackupArchive.open(archive)) {
      readingsEntry =
          opened.manifest().tables().stream()
              .filter(t -> t.name().equals("readings_raw"))
              .findFirst()
              .orElseThrow()
              .entry();
    }
    rewrite(
        archive,
        tampered,
        readingsEntry,
        bytes -> {
          bytes[bytes.length / 2] ^= 0x01; // one bit of one value
          return bytes;
        });
    Path target = root.resolve("c");
    assertThatThrownBy(
            () ->
                RestoreCommand.execute(
                    List.of("--from", tampered.toString(), "--data", target.toString()), FEATURES))
        .isInstanceOf(CommandRefused.class)
        .hasMessageContaining("damaged or was changed")
        .hasMessageContaining("table readings_raw")
        .hasMessageContaining("SHA-256");
    assertThat(target).doesNotExist();

    Path notZip = root.resolve("not-a-backup.zip");
    Files.writeString(notZip, "hello");
    assertThatThrownBy(
            () ->
                RestoreCommand.execute(
                    List.of("--from", notZip.toString(), "--data", target.toString()), FEATURES))
        .isInstanceOf(CommandRefused.class)
        .hasMessageContaining("not a backup archive");
    assertThat(target).doesNotExist();
  }

  @Test
  void anArchiveOfANewerSchemaIsRefusedAndTheDatabaseLeftEmpty() throws Exception {
    Path newer = root.resolve("newer.zip");
    rewrite(
        archive,
        newer,
        DatabaseBackup.MANIFEST,
        bytes ->
            new String(bytes, StandardCharsets.UTF_8)
                .replaceFirst("\"kernel\" : \"\\d+\"", "\"kernel\" : \"999\"")
                .getBytes(StandardCharsets.UTF_8));
    Path target = root.resolve("d");
    assertThatThrownBy(
            () ->
                RestoreCommand.execute(
                    List.of("--from", newer.toString(), "--data", target.toString()), FEATURES))
        .isInstanceOf(CommandRefused.class)
        .hasMessageContaining("newer than this IOC")
        .hasMessageContaining("999");
    try (EmbeddedDatabase d = EmbeddedDatabase.start(target.resolve("postgres"))) {
      assertThat(Snapshot.of(d.dataSource()).tables()).isEmpty();
    }
  }

  @Test
  void anArchiveWithAFeatureThisIocLacksIsRefused() {
    Path target = root.resolve("f");
    assertThatThrownBy(
            () ->
                RestoreCommand.execute(
                    List.of("--from", archive.toString(), "--data", target.toString())))
        .isInstanceOf(CommandRefused.class)
        .hasMessageContaining("feature backupprobe");
    assertThat(target).doesNotExist();
  }

  @Test
  void aDatabaseInUseOrNotEmptyIsRefusedAndReplaceRestoresItWhole() throws Exception {
    // The source's server runs in this JVM, like a demo: restoring over it is refused.
    assertThatThrownBy(
            () ->
                RestoreCommand.execute(
                    List.of("--from", archive.toString(), "--data", root.resolve("a").toString()),
                    FEATURES))
        .isInstanceOf(CommandRefused.class)
        .hasMessageContaining("in use by a running IOC");

    Path target = root.resolve("e");
    RestoreCommand.execute(
        List.of("--from", archive.toString(), "--data", target.toString()), FEATURES);
    assertThatThrownBy(
            () ->
                RestoreCommand.execute(
                    List.of("--from", archive.toString(), "--data", target.toString()), FEATURES))
        .isInstanceOf(CommandRefused.class)
        .hasMessageContaining("not empty")
        .hasMessageContaining("--replace");

    Snapshot expected = Snapshot.of(source.dataSource());
    try (EmbeddedDatabase e = EmbeddedDatabase.start(target.resolve("postgres"))) {
      try (Database db = Database.open(e.config(2))) {
        new UserStore(db, new PasswordHasher())
            .add("since.backup", Role.VIEWER, List.of(), "x".repeat(20).toCharArray());
        new AuditLog(db).record("cli:test", "user.add", "since.backup", null);
      }
      // The same database as an external one (IOC_DB_URL), with a session of someone else open.
      String url = e.config(2).jdbcUrl() + "&password=" + e.config(2).password();
      List<String> external =
          List.of("--from", archive.toString(), "--db-url", url, "--db-user", "postgres");
      try (Connection other = e.dataSource().getConnection()) {
        assertThat(other.isValid(2)).isTrue();
        assertThatThrownBy(
                () ->
                    RestoreCommand.execute(
                        Stream.concat(external.stream(), Stream.of("--replace")).toList(),
                        FEATURES))
            .isInstanceOf(CommandRefused.class)
            .hasMessageContaining("other sessions");
      }
      assertThat(Snapshot.of(e.dataSource()).rows("users")).isEqualTo(expected.rows("users") + 1);

      RestoreCommand.execute(
          Stream.concat(external.stream(), Stream.of("--replace")).toList(), FEATURES);
      Snapshot replaced = Snapshot.of(e.dataSource());
      assertThat(replaced.tables()).isEqualTo(expected.tables());
      assertThat(replaced.partitions()).isEqualTo(expected.partitions());
      assertThat(replaced.sequences()).isEqualTo(expected.sequences());
      assertThat(replaced.readings()).isEqualTo(expected.readings());
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void fill(Database db) throws Exception {
    Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    new DeviceStore(db)
        .upsert(
            List.of(
                new Device(
                    "wq-bk-1",
                    Domain.of("water"),
                    "water_probe",
                    "Ao số 1",
                    105.71,
                    10.02,
                    "31135",
                    300,
                    "farmer.bk"),
                new Device(
                    "tr-bk-1",
                    Domain.of("traffic"),
                    "detector",
                    "Cầu Hưng Lợi",
                    105.77,
                    10.02,
                    "31135",
                    60)));
    // Two days of readings in the daily partitions (every 4 minutes, two metrics), three ten
    // days ahead in the default partition, and five of 2020, packed into one hour's row.
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 720; i++) {
      Instant ts = today.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(4L * i));
      readings.add(
          new Reading("wq-bk-1", "do", ts, 4.0 + Math.sin(i / 30.0), Quality.GOOD, "mqtt"));
      readings.add(
          new Reading("tr-bk-1", "speed", ts, 35.0 + i % 17 / 3.0, Quality.UNCERTAIN, "http"));
    }
    for (int i = 0; i < 5; i++) {
      readings.add(
          new Reading(
              "wq-bk-1",
              "do",
              Instant.parse("2020-03-01T00:00:00Z").plusSeconds(i),
              0.1 * i,
              Quality.GOOD,
              "opcua"));
    }
    for (int i = 0; i < 3; i++) {
      readings.add(
          new Reading(
              "tr-bk-1",
              "speed",
              today.plus(Duration.ofDays(10)).plusSeconds(60L * i),
              40.0 + i,
              Quality.GOOD,
              "http"));
    }
    new ReadingWriter(db).write(readings);
    new ReadingPacker(db, Clock.systemUTC()).packBefore(Instant.parse("2021-01-01T00:00:00Z"));

    UserStore users = new UserStore(db, new PasswordHasher());
    users.add("lan.bk", Role.COMMUNE_OPERATOR, List.of("31135"), "tạm thời".toCharArray());
    users.setPassword("lan.bk", PASSWORD); // the trigger bumps its token generation
    users.add("admin.bk", Role.ADMIN, List.of(), "một mật khẩu khác".toCharArray());
    AuditLog audit = new AuditLog(db);
    audit.record("cli:test", "user.add", "lan.bk", null);
    audit.record("cli:test", "user.passwd", "lan.bk", "127.0.0.1");

    Instant t = today.plus(Duration.ofHours(5));
    AlertStore alerts = new AlertStore(db);
    Alert low =
        alerts.raise(
            new RuleKey("water", "do-low"), "wq-bk-1", "31135", "do", Severity.WARNING, 2.1, t);
    alerts.escalate(low.id(), Severity.CRITICAL, 1.4, t.plus(Duration.ofMinutes(5)));
    alerts.acknowledge(low.id(), "lan.bk", t.plus(Duration.ofMinutes(7)));
    Alert slow =
        alerts.raise(
            new RuleKey("traffic", "slow"), "tr-bk-1", "31135", "speed", Severity.WATCH, 9.0, t);
    alerts.clear(slow.id(), 30.0, t.plus(Duration.ofMinutes(20)));
    lastAlertId = slow.id();

    IncidentStore incidents = new IncidentStore(db);
    long incident =
        incidents
            .report(
                new Report(
                    IncidentKind.ACCIDENT,
                    IncidentSeverity.HIGH,
                    IncidentSource.STAFF,
                    null,
                    new IncidentLocation(105.77, 10.02, null, null, null, "cau-hung-loi"),
                    "31135",
                    "va chạm trên cầu Hưng Lợi",
                    t,
                    "staff.bk",
                    null))
            .incident()
            .id();
    incidents.transition(
        incident,
        IncidentStatus.VERIFIED,
        "staff.bk",
        "doi.1",
        "đã xác minh",
        t.plus(Duration.ofMinutes(2)));
    incidents.comment(incident, "staff.bk", "gọi 113", t.plus(Duration.ofMinutes(3)));

    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("UPDATE probe_items SET label = 'hạt giống, đã sửa' WHERE id = 1");
      s.execute(
          "INSERT INTO probe_items (moods, mood, label) VALUES ('{calm,busy}', 'busy', 'hai'),"
              + " ('{}', 'calm', 'ba')");
      // 2 and 3 refer to each other; after the updates 2's row lies after 3's on disk.
      s.execute("UPDATE probe_items SET parent_id = 3 WHERE id = 2");
      s.execute("UPDATE probe_items SET parent_id = 2 WHERE id = 3");
      s.execute(
          "CREATE TABLE probe_events_b PARTITION OF probe_events FOR VALUES IN ('b', 'b''s')"
              + " PARTITION BY RANGE (at)");
      s.execute(
          "CREATE TABLE probe_events_b_2026 PARTITION OF probe_events_b"
              + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
      s.execute(
          "INSERT INTO probe_events VALUES ('a', now(), 'một'), ('b', '2026-06-01', NULL),"
              + " ('b''s', '2026-07-01T03:04:05.123456Z', E'tab\\there')");
    }
  }

  /** A copy of an archive with one entry's bytes changed by {@code change}. */
  private static void rewrite(Path from, Path to, String entry, UnaryOperator<byte[]> change)
      throws IOException {
    try (ZipFile in = new ZipFile(from.toFile());
        OutputStream file = Files.newOutputStream(to);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
        ZipEntry z = e.nextElement();
        byte[] bytes;
        try (InputStream data = in.getInputStream(z)) {
          bytes = data.readAllBytes();
        }
        out.putNextEntry(new ZipEntry(z.getName()));
        out.write(z.getName().equals(entry) ? change.apply(bytes) : bytes);
        out.closeEntry();
      }
    }
  }

  /**
   * What a database holds, computed by SQL and independent of where rows lie on disk: for each
   * table and each partition (each read alone) its row count and the MD5 of its rows' text in
   * sorted order; each partition's parent and bound; each sequence's position; each migration
   * history without its timestamps.
   */
  private record Snapshot(
      Map<String, String> tables,
      Map<String, String> partitions,
      Map<String, String> sequences,
      Map<String, String> histories,
      String readings) {

    static Snapshot of(DataSource ds) throws SQLException {
      Map<String, String> tables = new TreeMap<>();
      Map<String, String> partitions = new TreeMap<>();
      Map<String, String> sequences = new TreeMap<>();
      Map<String, String> histories = new TreeMap<>();
      String readings;
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        PGConnection pg = c.unwrap(PGConnection.class);
        for (String table :
            strings(
                s,
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    + " AND relkind = 'r'")) {
          String q = pg.escapeIdentifier(table);
          if (table.startsWith("flyway_")) {
            histories.put(
                table,
                one(
                    s,
                    "SELECT string_agg(concat_ws('|', version, description, type, checksum,"
                        + " success), ';' ORDER BY installed_rank) FROM "
                        + q));
          } else {
            tables.put(
                table,
                one(
                    s,
                    "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n'"
                        + " ORDER BY t::text)), '') FROM ONLY "
                        + q
                        + " t"));
          }
        }
        for (String row :
            strings(
                s,
                "SELECT c.relname || '=' || p.relname || ' ' || pg_get_expr(c.relpartbound, c.oid)"
                    + " FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid"
                    + " JOIN pg_class p ON p.oid = i.inhparent"
                    + " WHERE c.relnamespace = 'public'::regnamespace AND c.relispartition"
                    + " AND c.relkind IN ('r', 'p')")) {
          partitions.put(row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
        }
        for (String seq :
            strings(
                s,
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    + " AND relkind = 'S'")) {
          sequences.put(
              seq,
              one(s, "SELECT last_value || ' ' || is_called FROM " + pg.escapeIdentifier(seq)));
        }
        // every reading as the application reads them, raw and packed (ADR 0023)
        readings =
            tables.isEmpty()
                ? ""
                : one(
                    s,
                    "SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, E'\\n'"
                        + " ORDER BY r::text)), '') FROM readings_all r");
      }
      return new Snapshot(tables, partitions, sequences, histories, readings);
    }

    long rows(String table) {
      String digest = tables.get(table);
      assertThat(digest).as("table %s", table).isNotNull();
      return Long.parseLong(digest.substring(0, digest.indexOf(':')));
    }

    long rowsOfAll(String prefix) {
      return tables.keySet().stream().filter(t -> t.startsWith(prefix)).mapToLong(this::rows).sum();
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }

    private static String one(Statement s, String sql) throws SQLException {
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
