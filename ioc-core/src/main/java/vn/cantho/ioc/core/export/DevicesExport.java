package vn.cantho.ioc.core.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceFilter;
import vn.cantho.ioc.core.device.DeviceRegistry;

/**
 * The registered devices the caller sees, by id. The owner is left out: it names a person, and the
 * platforms that read exports need where things are, not whose.
 */
final class DevicesExport implements ExportDataset {
  static final GeometryFactory WGS84 = new GeometryFactory();

  private final DeviceRegistry registry;

  DevicesExport(DeviceRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "devices";
  }

  @Override
  public List<String> columns() {
    return List.of("id", "domain", "type", "name", "lon", "lat", "zoneId", "reportIntervalS");
  }

  @Override
  public boolean timed() {
    return false;
  }

  @Override
  public ExportPage read(ExportQuery q) {
    DeviceRegistry.Page page =
        registry.page(
            new DeviceFilter(null, q.zone(), null), q.caller().deviceScope(), q.after(), q.limit());
    List<ExportRow> rows = new ArrayList<>();
    for (Device d : page.items()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", d.id());
      v.put("domain", d.domain().code());
      v.put("type", d.type());
      v.put("name", d.name());
      v.put("lon", d.lon());
      v.put("lat", d.lat());
      v.put("zoneId", d.zoneId());
      v.put("reportIntervalS", d.reportIntervalS());
      rows.add(new ExportRow(d.id(), v, point(d)));
    }
    return new ExportPage(
        rows, page.more() && !rows.isEmpty() ? rows.get(rows.size() - 1).key() : null);
  }

  static Point point(Device d) {
    return WGS84.createPoint(new Coordinate(d.lon(), d.lat()));
  }
}
