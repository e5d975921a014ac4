package vn.cantho.ioc.geo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * An administrative zone (a commune or ward, or any area a city chooses) with its boundary in WGS84
 * lon/lat.
 *
 * @param id stable code of the zone (for Can Tho communes, the national administrative unit code)
 * @param name official name, shown to people
 * @param type kind of zone, e.g. {@code phuong} (urban ward) or {@code xa} (rural commune)
 * @param nameEn English name, may be empty
 * @param boundary polygon or multipolygon in lon/lat
 * @param properties every property of the source feature, kept so nothing is lost on re-export
 */
public record Zone(
    String id,
    String name,
    String type,
    String nameEn,
    Geometry boundary,
    Map<String, Object> properties) {

  public Zone {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(boundary, "boundary");
    type = type == null ? "" : type;
    nameEn = nameEn == null ? "" : nameEn;
    // Real GIS layers carry null properties; Map.copyOf would refuse them.
    properties =
        properties == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }
}
