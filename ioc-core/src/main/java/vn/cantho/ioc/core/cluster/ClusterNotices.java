package vn.cantho.ioc.core.cluster;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

/**
 * What one node tells the others through PostgreSQL NOTIFY, and how it reads what they told it. The
 * NOTIFY runs inside the transaction that commits what it announces, so PostgreSQL delivers it
 * exactly when that commits, and never for what rolled back.
 *
 * <p>Readings: one batch becomes the newest value of each (device, metric) it holds (the live map
 * and the latest state only keep the newest), written as lines of tab-separated fields under a
 * header naming the node, cut into payloads under PostgreSQL's 8,000-byte limit, and sent with one
 * statement per batch however many payloads it takes. Alerts: the alert's id and the transition's
 * kind (the others read the alert itself). Devices: the changed device as JSON.
 */
public final class ClusterNotices {
  public static final String READINGS = "ioc_readings";
  public static final String ALERTS = "ioc_alerts";
  public static final String DEVICES = "ioc_devices";

  /** Below PostgreSQL's 8,000 bytes, with room for the header. */
  static final int MAX_PAYLOAD = 7_800;

  private static final String NOTIFY_ALL = "SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p";

  private final String nodeId;

  public ClusterNotices(String nodeId) {
    if (nodeId.contains("\n") || nodeId.contains(" ") || nodeId.contains("\t")) {
      throw new IllegalArgumentException("a node id has no blanks: " + nodeId);
    }
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Announces a batch of readings inside the transaction that stores it. */
  public void readings(Connection c, List<Reading> readings) throws SQLException {
    List<String> payloads = encode(nodeId, readings);
    if (payloads.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(NOTIFY_ALL)) {
      ps.setString(1, READINGS);
      ps.setArray(2, c.createArrayOf("text", payloads.toArray()));
      ps.execute();
    }
  }

  /** Announces an alert transition inside its transaction (an {@code AlertStore} hook). */
  public void alert(Connection c, Alert alert, String kind) throws SQLException {
    notify(c, ALERTS, nodeId + " " + alert.id() + " " + kind);
  }

  /** Announces a device as the registry now holds it; the caller's change is already committed. */
  public void device(Connection c, Device d) throws SQLException {
    JsonObject json =
        new JsonObject()
            .put("node", nodeId)
            .put("id", d.id())
            .put("domain", d.domain().code())
            .put("type", d.type())
            .put("name", d.name())
            .put("lon", d.lon())
            .put("lat", d.lat())
            .put("zone", d.zoneId())
            .put("every", d.reportIntervalS())
            .put("owner", d.owner());
    String payload = json.encode();
    if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_PAYLOAD) {
      notify(c, DEVICES, payload);
    }
  }

  private static void notify(Connection c, String channel, String payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, channel);
      ps.setString(2, payload);
      ps.execute();
    }
  }

  /** A readings payload: the node that committed them and the readings. */
  public record ReadingsNotice(String nodeId, List<Reading> readings) {}

  /** An alert payload. */
  public record AlertNotice(String nodeId, long alertId, String kind) {}

  /** A device payload. */
  public record DeviceNotice(String nodeId, Device device) {}

  /**
   * The newest reading of each (device, metric) of the batch, as payloads of at most {@link
   * #MAX_PAYLOAD} bytes. A reading whose text would break the format (a tab or line break in an id;
   * validation refuses those) is left out.
   */
  static List<String> encode(String nodeId, List<Reading> readings) {
    Map<String, Reading> newest = new LinkedHashMap<>();
    for (Reading r : readings) {
      if (!plain(r.deviceId()) || !plain(r.metric()) || !plain(r.source())) {
        continue;
      }
      newest.merge(r.deviceId() + '\t' + r.metric(), r, (a, b) -> b.ts().isBefore(a.ts()) ? a : b);
    }
    List<String> payloads = new ArrayList<>();
    String header = "r1 " + nodeId + '\n';
    StringBuilder out = new StringBuilder(header);
    int bytes = utf8(header);
    for (Reading r : newest.values()) {
      String line =
          r.deviceId()
              + '\t'
              + r.metric()
              + '\t'
              + micros(r.ts())
              + '\t'
              + r.value()
              + '\t'
              + r.quality().name()
              + '\t'
              + r.source()
              + '\n';
      int size = utf8(line);
      if (bytes + size > MAX_PAYLOAD && out.length() > header.length()) {
        payloads.add(out.toString());
        out = new StringBuilder(header);
        bytes = utf8(header);
      }
      if (bytes + size <= MAX_PAYLOAD) {
        out.append(line);
        bytes += size;
      }
    }
    if (out.length() > header.length()) {
      payloads.add(out.toString());
    }
    return payloads;
  }

  static Optional<ReadingsNotice> decodeReadings(String payload) {
    int eol = payload.indexOf('\n');
    if (!payload.startsWith("r1 ") || eol < 0) {
      return Optional.empty();
    }
    String node = payload.substring(3, eol);
    List<Reading> readings = new ArrayList<>();
    for (String line : payload.substring(eol + 1).split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length != 6) {
        continue;
      }
      try {
        readings.add(
            new Reading(
                f[0],
                f[1],
                fromMicros(Long.parseLong(f[2])),
                Double.parseDouble(f[3]),
                Quality.valueOf(f[4]),
                f[5]));
      } catch (IllegalArgumentException e) {
        // a line this version does not understand: the others still count
      }
    }
    return Optional.of(new ReadingsNotice(node, readings));
  }

  static Optional<AlertNotice> decodeAlert(String payload) {
    String[] f = payload.split(" ");
    if (f.length != 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(new AlertNotice(f[0], Long.parseLong(f[1]), f[2]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<DeviceNotice> decodeDevice(String payload) {
    try {
      JsonObject j = new JsonObject(payload);
      return Optional.of(
          new DeviceNotice(
              j.getString("node"),
              new Device(
                  j.getString("id"),
                  Domain.of(j.getString("domain")),
                  j.getString("type"),
                  j.getString("name"),
                  j.getDouble("lon"),
                  j.getDouble("lat"),
                  j.getString("zone"),
                  j.getInteger("every"),
                  j.getString("owner"))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean plain(String s) {
    return s.indexOf('\t') < 0 && s.indexOf('\n') < 0;
  }

  private static int utf8(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      n += ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
    }
    return n;
  }

  private static long micros(Instant ts) {
    return Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1_000);
  }

  private static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
