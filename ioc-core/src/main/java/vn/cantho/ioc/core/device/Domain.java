package vn.cantho.ioc.core.device;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The city service a device belongs to; the code is what topics, files and the API use. Not an
 * enum: the node serves the domains of the metrics its features bring ({@link
 * vn.cantho.ioc.core.catalog.MetricCatalog#domains}), so a feature adds a domain without editing
 * the kernel. The constants are the device domains whose features have not landed yet; each moves
 * to its feature when it does (water's is {@code WaterFeature.DOMAIN}).
 */
public record Domain(String code) implements Comparable<Domain> {
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  public static final Domain LIGHTING = new Domain("lighting");

  /** Drainage pumping stations, tidal sluice gates and water-level gauges (urban flooding). */
  public static final Domain FLOOD = new Domain("flood");

  public Domain {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("domain '" + code + "' is not [a-z][a-z0-9_]{0,31}");
    }
  }

  public static Domain of(String code) {
    return new Domain(code);
  }

  /**
   * The domain a well-formed code names; whether this node serves it is the catalog's question
   * ({@link vn.cantho.ioc.core.catalog.MetricCatalog#domains}).
   */
  public static Optional<Domain> fromCode(String code) {
    return code != null && CODE.matcher(code).matches()
        ? Optional.of(new Domain(code))
        : Optional.empty();
  }

  @Override
  public int compareTo(Domain other) {
    return code.compareTo(other.code);
  }

  @Override
  public String toString() {
    return code;
  }
}
