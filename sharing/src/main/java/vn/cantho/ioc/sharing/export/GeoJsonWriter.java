package vn.cantho.ioc.sharing.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import vn.cantho.ioc.core.export.ExportRow;
import vn.cantho.ioc.geo.GeoJsonGeometries;
import vn.cantho.ioc.geo.crs.GeoJsonCrs;
import vn.cantho.ioc.geo.crs.GridCrs;
import vn.cantho.ioc.geo.crs.GridTransform;

/**
 * A FeatureCollection of the rows, each with its place (null when it has none) and its values as
 * properties; in WGS84, or converted to a VN-2000 grid and named in a {@code crs} member as {@code
 * GET /api/v1/zones?crs=} writes it (docs/vn2000.md). {@code nextCursor} is a foreign member.
 */
public final class GeoJsonWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GeoJsonWriter() {}

  public static String write(String dataset, List<ExportRow> rows, GridCrs crs, String nextCursor) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("type", "FeatureCollection");
    GeoJsonCrs.name(root, crs);
    root.put("dataset", dataset);
    root.put("nextCursor", nextCursor);
    ArrayNode features = root.putArray("features");
    for (ExportRow row : rows) {
      ObjectNode feature = features.addObject();
      feature.put("type", "Feature");
      feature.put("id", row.key());
      Geometry g = row.geometry();
      if (g == null) {
        feature.putNull("geometry");
      } else {
        feature.set(
            "geometry",
            GeoJsonGeometries.write(crs == GridCrs.WGS84 ? g : GridTransform.fromWgs84(crs, g)));
      }
      ObjectNode properties = feature.putObject("properties");
      row.values()
          .forEach(
              (k, v) -> {
                if (v instanceof Instant i) {
                  properties.put(k, i.toString());
                } else {
                  properties.set(k, MAPPER.valueToTree(v));
                }
              });
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
