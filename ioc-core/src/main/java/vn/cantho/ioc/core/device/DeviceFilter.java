package vn.cantho.ioc.core.device;

import java.util.function.Predicate;

/** What a client asks to see: a domain, a zone and a lon/lat box, each optional (null = any). */
public record DeviceFilter(Domain domain, String zoneId, Bbox bbox) implements Predicate<Device> {

  public static final DeviceFilter ANY = new DeviceFilter(null, null, null);

  @Override
  public boolean test(Device d) {
    return (domain == null || d.domain().equals(domain))
        && (zoneId == null || zoneId.equals(d.zoneId()))
        && (bbox == null || bbox.contains(d.lon(), d.lat()));
  }
}
