package vn.cantho.ioc.sim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One simulated device as listed in the registry file.
 *
 * @param id unique id, e.g. {@code wq-0001}
 * @param domain {@code water}, {@code traffic} or {@code lighting} (see {@link DeviceDomain})
 * @param type kind of device within the domain, e.g. {@code shrimp_pond}
 * @param name Vietnamese display name, with the zone it stands in
 * @param lon WGS84 longitude
 * @param lat WGS84 latitude
 * @param reportIntervalS seconds between two publications
 * @param attributes optional physical facts (rated power, lanes…); never null, may be empty
 * @param owner the user who owns the device (a farmer's pond probe), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "id",
  "domain",
  "type",
  "name",
  "lon",
  "lat",
  "reportIntervalS",
  "attributes",
  "owner"
})
public record SimDevice(
    String id,
    String domain,
    String type,
    String name,
    double lon,
    double lat,
    int reportIntervalS,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> attributes,
    @JsonInclude(JsonInclude.Include.NON_NULL) String owner) {

  /** City equipment, owned by nobody in particular. */
  public SimDevice(
      String id,
      String domain,
      String type,
      String name,
      double lon,
      double lat,
      int reportIntervalS,
      Map<String, Object> attributes) {
    this(id, domain, type, name, lon, lat, reportIntervalS, attributes, null);
  }

  public SimDevice withOwner(String owner) {
    return new SimDevice(id, domain, type, name, lon, lat, reportIntervalS, attributes, owner);
  }

  public SimDevice {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
      throw new IllegalArgumentException(id + ": coordinates must be finite");
    }
    if (reportIntervalS <= 0) {
      throw new IllegalArgumentException(id + ": reportIntervalS must be positive");
    }
    // A LinkedHashMap rather than Map.copyOf: its iteration order is stable from one JVM run to
    // the next, which keeps the written registry file byte-for-byte reproducible.
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** A numeric attribute, or the fallback when the registry does not give one. */
  public double numberAttribute(String key, double fallback) {
    return attributes.get(key) instanceof Number n ? n.doubleValue() : fallback;
  }

  public Optional<String> textAttribute(String key) {
    return attributes.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
