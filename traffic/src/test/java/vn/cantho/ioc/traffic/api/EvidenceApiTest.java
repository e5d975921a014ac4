package vn.cantho.ioc.traffic.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.traffic.TrafficFeature;
import vn.cantho.ioc.traffic.incident.IncidentKind;
import vn.cantho.ioc.traffic.incident.IncidentLocation;
import vn.cantho.ioc.traffic.incident.IncidentSeverity;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStore;
import vn.cantho.ioc.traffic.incident.Report;
import vn.cantho.ioc.traffic.network.NetworkStore;

/**
 * The evidence of an incident: the stations of its segment and their neighbours, 30 minutes before
 * it began to 15 after, read from the stored readings.
 */
@ExtendWith(PostgresExtension.class)
class EvidenceApiTest {
  private static final List<String> STATIONS = List.of("ev-0", "ev-1", "ev-2", "ev-3", "ev-4");

  private static String network() {
    StringBuilder s =
        new StringBuilder(
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"kind\":\"corridor\",\"id\":\"duong-ev\",\"name\":\"Đường thử\","
                + "\"directions\":{\"xuoi\":\"increasing\"}},\"geometry\":{\"type\":\"LineString\","
                + "\"coordinates\":[[105.75,10.03],[105.77,10.03]]}}");
    for (int i = 0; i < STATIONS.size(); i++) {
      s.append(
          ",{\"type\":\"Feature\",\"properties\":{\"kind\":\"station\",\"id\":\"%s\",\"corridor\":\"duong-ev\",\"direction\":\"xuoi\",\"chainage_m\":%d,\"lanes\":2,\"devices\":[\"dev-%s\"]},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s,10.03]}}"
              .formatted(STATIONS.get(i), 500 * i, STATIONS.get(i), 105.75 + 0.005 * i));
    }
    return s.append("]}").toString();
  }

  @Test
  void theEvidenceIsTheSegmentsStationsAroundTheStart(Database db) throws Exception {
    new FeatureHost(List.of(new TrafficFeature())).migrate(db);
    new NetworkStore(db).replace(network(), "test");
    Instant start = Instant.parse("2026-10-08T03:00:00Z");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO readings (device_id, metric, ts, value, source) VALUES (?, ?, ?, ?,"
                    + " 'test')")) {
      for (String s : STATIONS) {
        for (int m = -60; m < 60; m++) {
          for (String metric : List.of("flow", "speed", "occupancy")) {
            ps.setString(1, "dev-" + s);
            ps.setString(2, metric);
            ps.setTimestamp(3, Timestamp.from(start.plus(Duration.ofMinutes(m)).plusSeconds(20)));
            ps.setDouble(4, metric.equals("flow") ? 1000 + m : 30);
            ps.addBatch();
          }
        }
      }
      ps.executeBatch();
    }
    try (FeatureTestKit kit =
        new FeatureTestKit(
            db,
            List.of(new TrafficFeature()),
            List.of(),
            new ZoneIndex(List.of()),
            Clock.systemUTC())) {
      long id =
          new IncidentStore(db)
              .report(
                  new Report(
                      IncidentKind.CONGESTION,
                      IncidentSeverity.MEDIUM,
                      IncidentSource.DETECTION,
                      "bpd",
                      new IncidentLocation(105.76, 10.03, "duong-ev", "xuoi", 1250.0, "ev-2"),
                      null,
                      "",
                      start,
                      "system:bpd",
                      null))
              .incident()
              .id();
      String token = kit.token("ev-staff", Role.TRAFFIC_STAFF, List.of());
      JsonObject detail = new JsonObject(kit.get("/api/v1/traffic/incidents/" + id, token).body());
      JsonObject evidence = detail.getJsonObject("evidence");
      assertThat(evidence.getString("from"))
          .isEqualTo(start.minus(Duration.ofMinutes(30)).toString());
      assertThat(evidence.getString("to")).isEqualTo(start.plus(Duration.ofMinutes(15)).toString());
      JsonArray stations = evidence.getJsonArray("stations");
      assertThat(stations.stream().map(s -> ((JsonObject) s).getString("station")).toList())
          .containsExactly("ev-1", "ev-2", "ev-3", "ev-4");
      assertThat(stations.stream().map(s -> ((JsonObject) s).getString("role")).toList())
          .containsExactly("upstream", "segment_start", "segment_end", "downstream");
      JsonArray points = stations.getJsonObject(1).getJsonArray("points");
      assertThat(points).hasSize(45);
      assertThat(points.getJsonObject(0).getString("at"))
          .isEqualTo(start.minus(Duration.ofMinutes(30)).toString());
      assertThat(points.getJsonObject(0).getDouble("flow")).isEqualTo(970.0);
      assertThat(points.getJsonObject(44).getString("at"))
          .isEqualTo(start.plus(Duration.ofMinutes(14)).toString());
      assertThat(points.getJsonObject(44).getDouble("speed")).isEqualTo(30.0);
    }
  }
}
