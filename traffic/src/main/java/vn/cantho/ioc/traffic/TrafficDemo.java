package vn.cantho.ioc.traffic;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.traffic.incident.IncidentKind;
import vn.cantho.ioc.traffic.incident.IncidentLocation;
import vn.cantho.ioc.traffic.incident.IncidentSeverity;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStore;
import vn.cantho.ioc.traffic.incident.Report;
import vn.cantho.ioc.traffic.network.CorridorFile;
import vn.cantho.ioc.traffic.network.NetworkStore;
import vn.cantho.ioc.traffic.network.Station;

/**
 * The demo's traffic: the bundled corridors with the demo's detectors on their stations, and two
 * reported incidents for the console to show from the first minute.
 */
final class TrafficDemo {
  private TrafficDemo() {}

  static void seed(TrafficFeature feature, FeatureContext context, IncidentStore incidents)
      throws SQLException, IOException {
    List<Device> detectors =
        context.devices().all().stream()
            .filter(d -> d.domain().equals(TrafficFeature.DOMAIN))
            .sorted(Comparator.comparing(Device::id))
            .toList();
    List<Station> stations =
        NetworkStore.demo().stations().stream().sorted(Comparator.comparing(Station::id)).toList();
    Map<String, List<String>> tied = new HashMap<>();
    List<Device> moved = new ArrayList<>();
    for (int i = 0; i < Math.min(detectors.size(), stations.size()); i++) {
      Device d = detectors.get(i);
      Station s = stations.get(i);
      tied.put(s.id(), List.of(d.id()));
      moved.add(
          new Device(
              d.id(),
              d.domain(),
              d.type(),
              "Đầu đo " + s.id(),
              s.lon(),
              s.lat(),
              context.zones().locate(s.lon(), s.lat()).map(Zone::id).orElse(null),
              d.reportIntervalS(),
              d.owner()));
    }
    new DeviceStore(context.database()).upsert(moved);
    moved.forEach(context.devices()::put);
    if (new NetworkStore(context.database()).load().isPresent()) {
      return; // a demo started again keeps its network, its history and its incidents
    }
    feature.importNetwork(CorridorFile.tieDevices(NetworkStore.demoFile(), tied), "demo");
    if (stations.size() > 40) {
      Instant now = context.clock().instant();
      report(
          context,
          incidents,
          stations.get(12),
          IncidentKind.ACCIDENT,
          IncidentSource.STAFF,
          now,
          "Va chạm giữa hai xe máy, chiếm một làn (dữ liệu minh hoạ)");
      report(
          context,
          incidents,
          stations.get(40),
          IncidentKind.STALLED_VEHICLE,
          IncidentSource.CAMERA,
          now,
          "Xe tải chết máy sát lề phải (dữ liệu minh hoạ)");
    }
  }

  private static void report(
      FeatureContext context,
      IncidentStore incidents,
      Station at,
      IncidentKind kind,
      IncidentSource source,
      Instant now,
      String description)
      throws SQLException {
    incidents.report(
        new Report(
            kind,
            IncidentSeverity.MEDIUM,
            source,
            null,
            new IncidentLocation(
                at.lon(), at.lat(), at.corridor(), at.direction(), at.chainageM(), at.id()),
            context.zones().locate(at.lon(), at.lat()).map(Zone::id).orElse(null),
            description,
            now,
            source == IncidentSource.STAFF ? "traffic.staff" : "camera.demo",
            null));
  }
}
