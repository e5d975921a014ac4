package vn.cantho.ioc.water;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.kpi.KpiSource;
import vn.cantho.ioc.core.kpi.KpiValue;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * The leaders' water-quality indicators (issue 18) against a recomputation from the raw readings:
 * the test seeds each river station's measurements hour by hour, lets the feature's hourly job
 * store VN_WQI as it does in a node, measures the indicators through the seam's kpiSources, and
 * recounts the class shares itself from the values it seeded (the index formula of {@link VnWqi},
 * the newest fresh hour of each station), per ward and for the city. The map's own WQI route
 * classes each station the same.
 */
@ExtendWith(PostgresExtension.class)
class WqiKpisTest {
  private static final String WARD_A = "31135";
  private static final String WARD_B = "31117";
  private static final Instant AT = Instant.parse("2026-11-22T05:20:00Z");
  private static final Instant HOUR = Instant.parse("2026-11-22T04:00:00Z");
  private static final double TEMP_C = 28.0;

  /** One hour's measurements of a station, held steady through the hour (so its mean). */
  private record Hour(Instant start, Map<VnWqi.Parameter, Double> values) {}

  /** A station, its lab coliform (valid for every seeded hour) and its seeded hours. */
  private record Station(Device device, double coliform, List<Hour> hours) {}

  private static Map<VnWqi.Parameter, Double> water(
      double ph, double dissolvedOxygen, double nh4, double cod, double bod5) {
    Map<VnWqi.Parameter, Double> m = new EnumMap<>(VnWqi.Parameter.class);
    m.put(VnWqi.Parameter.PH, ph);
    m.put(VnWqi.Parameter.DO, dissolvedOxygen);
    m.put(VnWqi.Parameter.NH4_N, nh4);
    m.put(VnWqi.Parameter.COD, cod);
    m.put(VnWqi.Parameter.BOD5, bod5);
    return m;
  }

  private static final Map<VnWqi.Parameter, Double> CLEAN = water(7.2, 7.4, 0.1, 8, 3);
  private static final Map<VnWqi.Parameter, Double> FOUL = water(7.0, 3.0, 1.5, 40, 20);
  private static final Map<VnWqi.Parameter, Double> FAIR = water(7.0, 5.5, 0.5, 20, 10);

  @Test
  void theClassSharesMatchARecountOfTheStationsLatestIndexFromTheirRawReadings(Database db)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<Station> stations =
        List.of(
            // Clean an hour before, foul in the latest hour: the latest counts.
            new Station(
                station("wk-" + run + "-1", WARD_A),
                2000,
                List.of(new Hour(HOUR.minus(Duration.ofHours(1)), CLEAN), new Hour(HOUR, FOUL))),
            new Station(station("wk-" + run + "-2", WARD_A), 6000, List.of(new Hour(HOUR, FAIR))),
            new Station(station("wk-" + run + "-3", WARD_B), 2000, List.of(new Hour(HOUR, CLEAN))),
            // Outside every ward: the city's only.
            new Station(station("wk-" + run + "-4", null), 6000, List.of(new Hour(HOUR, FAIR))),
            // Its only index is two days old: not a station with a WQI now.
            new Station(
                station("wk-" + run + "-5", WARD_B),
                2000,
                List.of(new Hour(HOUR.minus(Duration.ofDays(2)), CLEAN))),
            // pH and DO only: too few parameters for an index.
            new Station(
                station("wk-" + run + "-6", WARD_B),
                2000,
                List.of(new Hour(HOUR, Map.of(VnWqi.Parameter.PH, 7.0, VnWqi.Parameter.DO, 6.0)))));
    try (FeatureTestKit kit =
        new FeatureTestKit(
            db,
            List.of(new WaterFeature()),
            stations.stream().map(Station::device).toList(),
            new ZoneIndex(List.of()),
            Clock.systemUTC())) {
      Set<Instant> hours = new LinkedHashSet<>();
      for (Station s : stations) {
        seed(db, s);
        s.hours().forEach(h -> hours.add(h.start()));
      }
      HourlyWqi job = new HourlyWqi(db, kit.devices());
      for (Instant hour : hours) {
        job.compute(hour);
      }

      Map<String, Double> measured = new HashMap<>();
      for (KpiSource source : kit.kpiSources()) {
        for (KpiValue v : source.measure(AT)) {
          measured.put(v.kpi() + "|" + (v.zoneId() == null ? "" : v.zoneId()), v.value());
        }
      }

      Map<String, WqiClass> expected = new HashMap<>();
      for (Station s : stations) {
        recount(s).ifPresent(c -> expected.put(s.device().id(), c));
      }
      assertThat(expected).as("stations 5 and 6 have no fresh index").hasSize(4);
      assertThat(Set.copyOf(expected.values()))
          .as("the fixture spans classes, or a share of 1 would prove little")
          .hasSizeGreaterThanOrEqualTo(3);
      for (String zone : List.of(WARD_A, WARD_B, "")) {
        List<WqiClass> in = new ArrayList<>();
        for (Station s : stations) {
          if (expected.containsKey(s.device().id())
              && (zone.isEmpty() || zone.equals(s.device().zoneId()))) {
            in.add(expected.get(s.device().id()));
          }
        }
        assertThat(measured.get("water.wqi_stations|" + zone)).as(zone).isEqualTo(in.size());
        for (WqiClass c : WqiClass.values()) {
          long n = in.stream().filter(c::equals).count();
          assertThat(measured.get("water.wqi_class_share." + c.code() + "|" + zone))
              .as(zone + " " + c)
              .isCloseTo((double) n / in.size(), Offset.offset(1e-9));
        }
      }

      String viewer = kit.token("wk-viewer", Role.VIEWER, List.of());
      for (Map.Entry<String, WqiClass> e : expected.entrySet()) {
        var wqi =
            kit.get(
                "/api/v1/devices/"
                    + e.getKey()
                    + "/wqi?from="
                    + AT.minus(Duration.ofDays(1))
                    + "&to="
                    + AT,
                viewer);
        assertThat(wqi.statusCode()).as(wqi.body()).isEqualTo(200);
        JsonArray items = new JsonObject(wqi.body()).getJsonArray("items");
        assertThat(items.getJsonObject(items.size() - 1).getString("class"))
            .as("the map's class of " + e.getKey())
            .isEqualTo(e.getValue().code());
      }
    }
  }

  @Test
  void withoutAnyIndexTheCityCountsNoStationAndGivesNoShare(Database db) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    try (FeatureTestKit kit =
        new FeatureTestKit(
            db,
            List.of(new WaterFeature()),
            List.of(station("wk-" + run + "-quiet", WARD_A)),
            new ZoneIndex(List.of()),
            Clock.systemUTC())) {
      List<KpiValue> values = new ArrayList<>();
      for (KpiSource source : kit.kpiSources()) {
        values.addAll(source.measure(AT));
      }
      assertThat(values)
          .containsExactlyInAnyOrder(
              new KpiValue("water.wqi_stations", null, 0),
              new KpiValue("water.wqi_stations", WARD_A, 0));
    }
  }

  /** The class of the station's newest seeded hour of the last day that allows an index. */
  private static Optional<WqiClass> recount(Station s) {
    return s.hours().stream()
        .filter(h -> h.start().isAfter(AT.minus(Duration.ofDays(1))))
        .sorted((a, b) -> b.start().compareTo(a.start()))
        .map(
            h -> {
              Map<VnWqi.Parameter, Double> all = new EnumMap<>(h.values());
              all.put(VnWqi.Parameter.COLIFORM, s.coliform());
              return VnWqi.compute(all, TEMP_C);
            })
        .flatMap(Optional::stream)
        .findFirst()
        .map(VnWqi.Result::value)
        .map(WqiClass::of);
  }

  private static Device station(String id, String zone) {
    return new Device(
        id, WaterFeature.DOMAIN, HourlyWqi.STATION_TYPE, "Trạm " + id, 105.78, 10.04, zone, 300);
  }

  private static final Map<VnWqi.Parameter, String> METRIC =
      Map.of(
          VnWqi.Parameter.PH, "ph",
          VnWqi.Parameter.DO, "do",
          VnWqi.Parameter.NH4_N, "tan",
          VnWqi.Parameter.COD, "cod",
          VnWqi.Parameter.BOD5, "bod5");

  /** The station's raw readings: each hour's values twice, its temperature, one lab coliform. */
  private static void seed(Database db, Station s) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO readings (device_id, metric, ts, value, quality, source)"
                    + " VALUES (?, ?, ?, ?, 0, 'test')")) {
      String id = s.device().id();
      add(ps, id, "coliform", AT.minus(Duration.ofDays(5)), s.coliform());
      for (Hour h : s.hours()) {
        for (Instant ts : List.of(h.start().plusSeconds(60), h.start().plusSeconds(1800))) {
          add(ps, id, "temp", ts, TEMP_C);
          for (Map.Entry<VnWqi.Parameter, Double> v : h.values().entrySet()) {
            add(ps, id, METRIC.get(v.getKey()), ts, v.getValue());
          }
        }
      }
      ps.executeBatch();
    }
  }

  private static void add(PreparedStatement ps, String id, String metric, Instant ts, double v)
      throws Exception {
    ps.setString(1, id);
    ps.setString(2, metric);
    ps.setTimestamp(3, Timestamp.from(ts));
    ps.setDouble(4, v);
    ps.addBatch();
  }
}
