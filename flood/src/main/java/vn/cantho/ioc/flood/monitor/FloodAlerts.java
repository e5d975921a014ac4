package vn.cantho.ioc.flood.monitor;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.flood.station.FloodStation;

/**
 * A station's warnings as the kernel's alerts, one per ward it protects: the kernel scopes an alert
 * by its zone, so each ward's operators see and hear of their own, and the other wards' do not.
 * Rule keys are {@code <kind>:<zone>} on the station's device ({@code level:31135}), so "one open
 * alert per rule and device" means one per kind, station and ward.
 */
public final class FloodAlerts {
  public static final String FEATURE = "flood";

  /** The kinds of flood alert: a crossing, a forecast crossing, a rapid rise. */
  public enum Kind {
    LEVEL("level"),
    FORECAST("forecast"),
    RISE("rise");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public RuleKey rule(String zoneId) {
      return new RuleKey(FEATURE, code + ":" + zoneId);
    }

    /** The kind of a flood alert's rule, if it is one. */
    public static Optional<Kind> of(RuleKey rule) {
      if (!FEATURE.equals(rule.feature())) {
        return Optional.empty();
      }
      for (Kind k : values()) {
        if (rule.key().startsWith(k.code + ":")) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  private final AlertStore alerts;
  private final DeviceRegistry devices;

  public FloodAlerts(AlertStore alerts, DeviceRegistry devices) {
    this.alerts = alerts;
    this.devices = devices;
  }

  /** Water at alarm level k: watch at BĐ I, warning at BĐ II, critical at BĐ III. */
  public static Severity levelSeverity(int k) {
    return k >= 3 ? Severity.CRITICAL : k == 2 ? Severity.WARNING : Severity.WATCH;
  }

  /** A forecast is a warning at most: watch for BĐ I and II, warning for BĐ III. */
  public static Severity forecastSeverity(int k) {
    return k >= 3 ? Severity.WARNING : Severity.WATCH;
  }

  /** Raises the ward alerts of a kind at {@code severity}, or escalates those already open. */
  public void raise(FloodStation station, Kind kind, Severity severity, double valueCm, Instant at)
      throws SQLException {
    for (String zone : zones(station)) {
      Alert a =
          alerts.raise(
              kind.rule(zone),
              station.deviceId(),
              zone,
              station.levelMetric(),
              severity,
              valueCm,
              at);
      if (a.severity().ordinal() < severity.ordinal()) {
        alerts.escalate(a.id(), severity, valueCm, at);
      }
    }
  }

  /**
   * Clears the station's open alerts of a kind, whatever ward they were raised for: a ward taken
   * off the station since must not keep a warning nobody will end.
   */
  public void clear(FloodStation station, Kind kind, double valueCm, Instant at)
      throws SQLException {
    for (Alert open : alerts.openOf(List.of(station.deviceId()))) {
      if (Kind.of(open.rule()).orElse(null) == kind) {
        alerts.clear(open.id(), valueCm, at);
      }
    }
  }

  /** The wards a station protects, or the zone it stands in when it names none. */
  List<String> zones(FloodStation station) {
    if (!station.wards().isEmpty()) {
      return station.wards();
    }
    return devices.find(station.deviceId()).map(d -> d.zoneId()).stream().toList();
  }
}
