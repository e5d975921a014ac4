package vn.cantho.ioc.water.farm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import vn.cantho.ioc.core.export.ExportDataset;
import vn.cantho.ioc.core.export.ExportPage;
import vn.cantho.ioc.core.export.ExportQuery;
import vn.cantho.ioc.core.export.ExportRow;
import vn.cantho.ioc.geo.GeoJsonGeometries;

/**
 * The farm map's ponds as a shared dataset (issue 18): the ponds the caller sees ({@link
 * Pond#seenBy}: a commune operator's zones, a farmer's own), by id, with their outline (their point
 * when none is drawn). The owner is left out: exports say where ponds are, not whose.
 */
public final class PondsExport implements ExportDataset {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeometryFactory WGS84 = new GeometryFactory();

  private final FarmStore farms;

  public PondsExport(FarmStore farms) {
    this.farms = farms;
  }

  @Override
  public String name() {
    return "ponds";
  }

  @Override
  public List<String> columns() {
    return List.of(
        "id", "name", "farmId", "farmName", "profile", "areaM2", "lon", "lat", "zoneId", "probes");
  }

  @Override
  public boolean timed() {
    return false;
  }

  @Override
  public ExportPage read(ExportQuery q) throws Exception {
    List<Pond> ponds =
        farms.all().stream()
            .filter(p -> p.seenBy(q.caller()))
            .filter(p -> q.zone() == null || q.zone().equals(p.zoneId()))
            .filter(p -> q.after() == null || p.id().compareTo(q.after()) > 0)
            .sorted(Comparator.comparing(Pond::id))
            .limit(q.limit() + 1L)
            .toList();
    List<ExportRow> rows = new ArrayList<>();
    for (Pond p : ponds) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", p.id());
      v.put("name", p.name());
      v.put("farmId", p.farmId());
      v.put("farmName", p.farmName());
      v.put("profile", p.profile());
      v.put("areaM2", p.areaM2());
      v.put("lon", p.lon());
      v.put("lat", p.lat());
      v.put("zoneId", p.zoneId());
      v.put("probes", String.join(" ", p.probes()));
      rows.add(new ExportRow(p.id(), v, outline(p)));
    }
    return ExportPage.of(rows, q.limit());
  }

  private static Geometry outline(Pond p) throws Exception {
    if (p.polygon() == null) {
      return WGS84.createPoint(new Coordinate(p.lon(), p.lat()));
    }
    return GeoJsonGeometries.read(JSON.readTree(p.polygon()));
  }
}
