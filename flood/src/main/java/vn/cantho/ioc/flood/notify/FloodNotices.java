package vn.cantho.ioc.flood.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.notify.AlertAudience;
import vn.cantho.ioc.core.notify.AlertNotices;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Message;
import vn.cantho.ioc.flood.monitor.FloodAlerts;
import vn.cantho.ioc.flood.monitor.FloodLog;
import vn.cantho.ioc.flood.station.AlarmLevels;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.station.StationStore;
import vn.cantho.ioc.flood.watch.PreAlert;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Who hears of a flood warning and in what words: the city's operators, and the commune operators
 * of the ward the alert is for (the kernel matches the alert's zone against their areas), in
 * Vietnamese unless they asked for English; levels in metres, times in Asia/Ho_Chi_Minh, as the
 * hydrological bulletins give them.
 */
public final class FloodNotices implements AlertNotices {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy").withZone(CanThoTime.ZONE);

  private final StationStore stations;

  public FloodNotices(StationStore stations) {
    this.stations = stations;
  }

  @Override
  public Optional<AlertAudience> audience(Connection c, Alert alert) throws SQLException {
    Optional<FloodAlerts.Kind> kind = FloodAlerts.Kind.of(alert.rule());
    Optional<FloodStation> station = stations.find(alert.deviceId());
    if (kind.isEmpty() || station.isEmpty()) {
      return Optional.empty();
    }
    // Written just before the alert's transition: the newest is the one the alert is about.
    PreAlert pre =
        kind.get() == FloodAlerts.Kind.FORECAST
            ? FloodLog.latestPreAlert(c, alert.deviceId()).orElse(null)
            : null;
    return Optional.of(new Operators(kind.get(), station.get(), pre));
  }

  /** "1,93 m" as the bulletins write it. */
  static String metres(double cm, Language language) {
    String m = String.format(Locale.ROOT, "%.2f", cm / 100);
    return (language == Language.VI ? m.replace('.', ',') : m) + " m";
  }

  private record Operators(FloodAlerts.Kind kind, FloodStation station, PreAlert pre)
      implements AlertAudience {
    @Override
    public String owner() {
      return null;
    }

    @Override
    public String subject() {
      return "flood:" + station.deviceId() + ":" + kind.code();
    }

    @Override
    public String scope() {
      return null;
    }

    @Override
    public Set<Role> roles() {
      return Set.of(Role.CITY_OPERATOR, Role.COMMUNE_OPERATOR);
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
      String body =
          switch (kind) {
            case LEVEL -> level(alert, vi, language);
            case FORECAST -> forecast(alert, vi, language);
            case RISE -> rise(alert, vi);
          };
      String title =
          switch (kind) {
            case LEVEL -> vi ? "Triều cường vượt báo động" : "Tidal flood above alarm level";
            case FORECAST -> vi ? "Dự báo triều cường" : "Tidal flood forecast";
            case RISE -> vi ? "Mực nước lên nhanh" : "Water rising fast";
          };
      if (ackUrl != null) {
        body += (vi ? " Xác nhận: " : " Acknowledge: ") + ackUrl;
      }
      return new Message(title + " – " + station.name(), body);
    }

    private String level(Alert alert, boolean vi, Language language) {
      AlarmLevels l = station.levels();
      int k = l.reachedBy(alert.lastValue());
      if (k == 0) {
        k = l.reachedBy(alert.raisedValue());
      }
      String label = AlarmLevels.label(Math.max(1, k));
      double over = alert.lastValue() - l.cm(Math.max(1, k));
      return vi
          ? String.format(
              "Mực nước tại %s: %s lúc %s, vượt %s (%s) %s.",
              station.name(),
              metres(alert.lastValue(), language),
              TIME.format(alert.raisedAt()),
              label,
              metres(l.cm(Math.max(1, k)), language),
              metres(over, language))
          : String.format(
              "Water level at %s: %s at %s, %s above %s (%s).",
              station.name(),
              metres(alert.lastValue(), language),
              TIME.format(alert.raisedAt()),
              metres(over, language),
              label,
              metres(l.cm(Math.max(1, k)), language));
    }

    private String forecast(Alert alert, boolean vi, Language language) {
      if (pre == null) {
        return vi
            ? "Dự báo đỉnh triều tới vượt mức báo động tại " + station.name() + "."
            : "The coming high water is forecast above an alarm level at " + station.name() + ".";
      }
      Duration lead = pre.leadTime();
      String leadText =
          vi
              ? lead.toHours() + " giờ " + lead.toMinutesPart() + " phút"
              : lead.toHours() + " h " + lead.toMinutesPart() + " min";
      String label = AlarmLevels.label(pre.level());
      return vi
          ? String.format(
              "Dự báo đỉnh triều tại %s: %s lúc %s, vượt %s (%s); còn khoảng %s. Dự báo lúc %s.",
              station.name(),
              metres(pre.peakCm(), language),
              TIME.format(pre.peakAt()),
              label,
              metres(station.levels().cm(pre.level()), language),
              leadText,
              TIME.format(pre.issuedAt()))
          : String.format(
              "Forecast high water at %s: %s at %s, above %s (%s); about %s from now. Issued %s.",
              station.name(),
              metres(pre.peakCm(), language),
              TIME.format(pre.peakAt()),
              label,
              metres(station.levels().cm(pre.level()), language),
              leadText,
              TIME.format(pre.issuedAt()));
    }

    private String rise(Alert alert, boolean vi) {
      String rate = String.format(Locale.ROOT, "%.0f", alert.lastValue());
      return vi
          ? "Mực nước tại "
              + station.name()
              + " lên nhanh hơn thủy triều "
              + rate
              + " cm/giờ (gió, mưa) từ "
              + TIME.format(alert.raisedAt())
              + "."
          : "Water at "
              + station.name()
              + " is rising "
              + rate
              + " cm/h faster than the tide (wind, rain) since "
              + TIME.format(alert.raisedAt())
              + ".";
    }
  }
}
