package vn.cantho.ioc.lighting.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.notify.AlertAudience;
import vn.cantho.ioc.core.notify.AlertNotices;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Message;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.lighting.fault.FaultKind;
import vn.cantho.ioc.lighting.inventory.Luminaire;
import vn.cantho.ioc.lighting.inventory.LuminaireStore;

/**
 * Who hears of a broken light and in what words: the maintenance crews whose area holds it, told
 * what is wrong and where to find it (street, cabinet and circuit, coordinates), in Vietnamese
 * unless they asked for English; times in Asia/Ho_Chi_Minh.
 */
public final class LightingNotices implements AlertNotices {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy").withZone(CanThoTime.ZONE);

  private final DeviceRegistry devices;
  private final LuminaireStore luminaires;

  public LightingNotices(DeviceRegistry devices, LuminaireStore luminaires) {
    this.devices = devices;
    this.luminaires = luminaires;
  }

  @Override
  public Optional<AlertAudience> audience(Connection c, Alert alert) throws SQLException {
    Optional<FaultKind> kind = kindOf(alert);
    Optional<Device> light = devices.find(alert.deviceId());
    if (kind.isEmpty() || light.isEmpty()) {
      return Optional.empty();
    }
    Optional<Luminaire> luminaire = luminaires.find(alert.deviceId());
    return Optional.of(new Crew(kind.get(), light.get(), luminaire.orElse(null)));
  }

  private static Optional<FaultKind> kindOf(Alert alert) {
    try {
      return Optional.of(FaultKind.valueOf(alert.rule().key().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The words for one fault of one light. */
  static String where(Device light, Luminaire l, Language language) {
    StringBuilder s = new StringBuilder(light.name() == null ? light.id() : light.name());
    if (l != null && l.street() != null) {
      s.append(", ").append(l.street());
    }
    if (l != null && l.cabinetId() != null) {
      s.append(language == Language.VI ? ", tủ " : ", cabinet ").append(l.cabinetId());
      if (l.circuit() > 0) {
        s.append(language == Language.VI ? " lộ " : " circuit ").append(l.circuit());
      }
    }
    s.append(String.format(Locale.ROOT, " (%.5f, %.5f)", light.lat(), light.lon()));
    return s.toString();
  }

  private record Crew(FaultKind kind, Device light, Luminaire luminaire) implements AlertAudience {
    @Override
    public String owner() {
      return null;
    }

    @Override
    public String subject() {
      return "light:" + light.id();
    }

    @Override
    public String scope() {
      return null;
    }

    @Override
    public Set<Role> roles() {
      return Set.of(Role.MAINTENANCE);
    }

    @Override
    public Message compose(
        Alert alert,
        boolean escalated,
        Instant at,
        Channel channel,
        Language language,
        String ackUrl) {
      boolean vi = language == Language.VI;
      String label = vi ? kind.labelVi() : kind.labelEn();
      String title = (vi ? "Sự cố đèn đường: " : "Streetlight fault: ") + label;
      String body =
          label
              + " – "
              + where(light, luminaire, language)
              + (vi ? ", từ " : ", since ")
              + TIME.format(alert.raisedAt())
              + (ackUrl == null ? "" : (vi ? ". Xác nhận: " : ". Acknowledge: ") + ackUrl);
      return new Message(title, body);
    }
  }
}
