package vn.cantho.ioc.core.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One exported row.
 *
 * @param key where the next page starts after this row (opaque to clients: the route wraps it in a
 *     cursor)
 * @param values by column; a value is a String, a Number, a Boolean, an {@link java.time.Instant}
 *     (written ISO-8601) or null
 * @param geometry in WGS84 (lon/lat), or null when the row has no place; GeoJSON exports convert it
 *     to the grid asked for
 */
public record ExportRow(String key, Map<String, Object> values, Geometry geometry) {
  public ExportRow {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
