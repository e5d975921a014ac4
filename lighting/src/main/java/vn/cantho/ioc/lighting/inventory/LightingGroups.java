package vn.cantho.ioc.lighting.inventory;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;

/**
 * The groups lights are addressed by (a TALQ group in spirit): a device, a circuit ({@code
 * <cabinet>/<n>}), a cabinet, a street, a zone, or the whole city. A target is written {@code
 * <kind>:<id>}, e.g. {@code cabinet:tu-31135-01}, {@code city:all}.
 */
public final class LightingGroups {
  public static final Domain DOMAIN = new Domain("lighting");

  /** The kinds of group, most specific first: the order in which schedules are looked up. */
  public enum Kind {
    DEVICE,
    CIRCUIT,
    CABINET,
    STREET,
    ZONE,
    CITY;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A parsed target. */
  public record Target(Kind kind, String id) {
    public String label() {
      return kind.code() + ":" + id;
    }

    /**
     * @throws IllegalArgumentException for a target not of the form {@code <kind>:<id>}
     */
    public static Target parse(String text) {
      int colon = text == null ? -1 : text.indexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException(
            "target must be <kind>:<id>, kind one of device, circuit, cabinet, street, zone, city");
      }
      Kind kind;
      try {
        kind = Kind.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown target kind: " + text.substring(0, colon), e);
      }
      String id = text.substring(colon + 1);
      if (kind == Kind.CITY && !id.equals("all")) {
        throw new IllegalArgumentException("the whole city is city:all");
      }
      return new Target(kind, id);
    }
  }

  private final DeviceRegistry devices;
  private final LuminaireStore luminaires;

  public LightingGroups(DeviceRegistry devices, LuminaireStore luminaires) {
    this.devices = devices;
    this.luminaires = luminaires;
  }

  /** Every streetlight of the registry, by id. */
  public List<Device> lights() {
    return devices.all().stream()
        .filter(d -> d.domain().equals(DOMAIN))
        .sorted(Comparator.comparing(Device::id))
        .toList();
  }

  /** The lights a target addresses, by id; empty when it names nothing. */
  public List<Device> resolve(Target target) {
    return lights().stream().filter(member(target)).toList();
  }

  private Predicate<Device> member(Target t) {
    return switch (t.kind()) {
      case DEVICE -> d -> d.id().equals(t.id());
      case CIRCUIT -> d -> t.id().equals(luminaire(d).map(Luminaire::circuitId).orElse(null));
      case CABINET -> d -> t.id().equals(luminaire(d).map(Luminaire::cabinetId).orElse(null));
      case STREET -> d -> t.id().equals(luminaire(d).map(Luminaire::street).orElse(null));
      case ZONE -> d -> t.id().equals(d.zoneId());
      case CITY -> d -> true;
    };
  }

  /** The targets a light belongs to, most specific first (device … city). */
  public List<Target> targetsOf(Device d) {
    Optional<Luminaire> l = luminaire(d);
    java.util.ArrayList<Target> out = new java.util.ArrayList<>();
    out.add(new Target(Kind.DEVICE, d.id()));
    l.map(Luminaire::circuitId).ifPresent(id -> out.add(new Target(Kind.CIRCUIT, id)));
    l.map(Luminaire::cabinetId).ifPresent(id -> out.add(new Target(Kind.CABINET, id)));
    l.map(Luminaire::street).ifPresent(id -> out.add(new Target(Kind.STREET, id)));
    if (d.zoneId() != null) {
      out.add(new Target(Kind.ZONE, d.zoneId()));
    }
    out.add(new Target(Kind.CITY, "all"));
    return out;
  }

  private Optional<Luminaire> luminaire(Device d) {
    return luminaires.find(d.id());
  }
}
