package vn.cantho.ioc.traffic.incident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.traffic.network.RoadNetwork;
import vn.cantho.ioc.traffic.network.Station;
import vn.cantho.ioc.traffic.network.StationPair;

/**
 * The detector series around an incident, what staff look at to verify it: the stations of its
 * segment and one more on each side (the queue grows upstream, the road empties downstream), from
 * 30 minutes before the incident began to 15 minutes after, minute by minute as stored.
 */
public final class Evidence {
  public static final Duration BEFORE = Duration.ofMinutes(30);
  public static final Duration AFTER = Duration.ofMinutes(15);

  /** One station's minutes; {@code role} is upstream, segment_start, segment_end or downstream. */
  public record StationSeries(String station, String role, List<Point> points) {}

  /** One minute of a station, values null where a metric was not stored. */
  public record Point(Instant at, Double flow, Double speed, Double occupancy) {}

  /** The window and the stations' series. */
  public record Window(Instant from, Instant to, List<StationSeries> stations) {}

  private final Database database;

  public Evidence(Database database) {
    this.database = database;
  }

  /** The evidence of an incident on the network; an empty window off the network. */
  public Window of(Incident incident, RoadNetwork network) throws SQLException {
    Instant from = incident.openedAt().minus(BEFORE).truncatedTo(ChronoUnit.MINUTES);
    Instant to = incident.openedAt().plus(AFTER);
    Map<String, String> roles = stationsAround(incident.location().segment(), network);
    List<StationSeries> out = new ArrayList<>();
    for (Map.Entry<String, String> e : roles.entrySet()) {
      Station s =
          network.stations().stream()
              .filter(x -> x.id().equals(e.getKey()))
              .findFirst()
              .orElseThrow();
      out.add(new StationSeries(s.id(), e.getValue(), series(s.devices(), from, to)));
    }
    return new Window(from, to, out);
  }

  /** Station id → role, upstream to downstream. */
  static Map<String, String> stationsAround(String segment, RoadNetwork network) {
    Map<String, String> roles = new LinkedHashMap<>();
    if (segment == null) {
      return roles;
    }
    List<StationPair> pairs = network.pairs(Double.MAX_VALUE);
    StationPair here =
        pairs.stream().filter(p -> p.upstream().id().equals(segment)).findFirst().orElse(null);
    if (here == null) {
      return roles;
    }
    pairs.stream()
        .filter(p -> p.downstream().id().equals(segment))
        .findFirst()
        .ifPresent(p -> roles.put(p.upstream().id(), "upstream"));
    roles.put(here.upstream().id(), "segment_start");
    roles.put(here.downstream().id(), "segment_end");
    pairs.stream()
        .filter(p -> p.upstream().id().equals(here.downstream().id()))
        .findFirst()
        .ifPresent(p -> roles.put(p.downstream().id(), "downstream"));
    return roles;
  }

  /** The station's minutes: flow summed over its devices, speed and occupancy their mean. */
  private List<Point> series(List<String> devices, Instant from, Instant to) throws SQLException {
    if (devices.isEmpty()) {
      return List.of();
    }
    TreeMap<Instant, double[]> byMinute =
        new TreeMap<>(); // flow, speed sum, occ sum, n speed, n occ
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT date_trunc('minute', ts), metric, value FROM readings WHERE device_id ="
                    + " ANY (?) AND metric IN ('flow', 'speed', 'occupancy') AND ts >= ? AND ts < ?"
                    + " ORDER BY ts")) {
      ps.setArray(1, c.createArrayOf("text", devices.toArray()));
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double[] v =
              byMinute.computeIfAbsent(
                  rs.getTimestamp(1).toInstant(), k -> new double[] {Double.NaN, 0, 0, 0, 0});
          double value = rs.getDouble(3);
          switch (rs.getString(2)) {
            case "flow" -> v[0] = Double.isNaN(v[0]) ? value : v[0] + value;
            case "speed" -> {
              v[1] += value;
              v[3]++;
            }
            default -> {
              v[2] += value;
              v[4]++;
            }
          }
        }
      }
    }
    List<Point> points = new ArrayList<>();
    byMinute.forEach(
        (at, v) ->
            points.add(
                new Point(
                    at,
                    Double.isNaN(v[0]) ? null : v[0],
                    v[3] == 0 ? null : v[1] / v[3],
                    v[4] == 0 ? null : v[2] / v[4])));
    return points;
  }
}
