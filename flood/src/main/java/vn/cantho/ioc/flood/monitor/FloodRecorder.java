package vn.cantho.ioc.flood.monitor;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.watch.LevelEvent;
import vn.cantho.ioc.flood.watch.PreAlert;
import vn.cantho.ioc.flood.watch.PreAlertPlanner;
import vn.cantho.ioc.flood.watch.RiseWatch;

/**
 * What the monitor's decisions do in the node: kept in {@link FloodLog} and turned into the
 * kernel's alerts for the station's wards ({@link FloodAlerts}). A failed write is logged and the
 * monitor goes on: the next reading decides again from the state it has.
 */
final class FloodRecorder implements StationMonitor.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(FloodRecorder.class);

  private final FloodLog log;
  private final FloodAlerts alerts;

  FloodRecorder(FloodLog log, FloodAlerts alerts) {
    this.log = log;
    this.alerts = alerts;
  }

  @Override
  public void level(FloodStation station, LevelEvent e, int alarm) {
    try {
      log.crossing(e);
      if (alarm > 0) {
        alerts.raise(
            station, FloodAlerts.Kind.LEVEL, FloodAlerts.levelSeverity(alarm), e.valueCm(), e.at());
      } else {
        alerts.clear(station, FloodAlerts.Kind.LEVEL, e.valueCm(), e.at());
      }
    } catch (SQLException ex) {
      LOG.error("crossing of {} at {} not recorded", station.deviceId(), e.at(), ex);
    }
  }

  @Override
  public void forecast(FloodStation station, Forecast f) {
    try {
      log.forecast(f);
    } catch (SQLException ex) {
      LOG.error("forecast of {} at {} not stored", station.deviceId(), f.issuedAt(), ex);
    }
  }

  @Override
  public void preAlert(FloodStation station, PreAlertPlanner.Decision d) {
    PreAlert p = d.preAlert();
    try {
      if (d instanceof PreAlertPlanner.End end) {
        log.preAlert(station.deviceId(), end.passed() ? "passed" : "called_off", p, end.at());
        alerts.clear(station, FloodAlerts.Kind.FORECAST, p.peakCm(), end.at());
      } else {
        log.preAlert(
            station.deviceId(),
            d instanceof PreAlertPlanner.Raise ? "raise" : "escalate",
            p,
            p.issuedAt());
        raise(station, p);
      }
    } catch (SQLException ex) {
      LOG.error("pre-alert of {} for {} not recorded", station.deviceId(), p.peakAt(), ex);
    }
  }

  private void raise(FloodStation station, PreAlert p) throws SQLException {
    alerts.raise(
        station,
        FloodAlerts.Kind.FORECAST,
        FloodAlerts.forecastSeverity(p.level()),
        p.peakCm(),
        p.issuedAt());
  }

  @Override
  public void rise(FloodStation station, RiseWatch.RiseEvent e) {
    try {
      if (e.rising()) {
        alerts.raise(
            station,
            FloodAlerts.Kind.RISE,
            vn.cantho.ioc.core.alert.Severity.WARNING,
            e.cmPerHour(),
            e.at());
      } else {
        alerts.clear(station, FloodAlerts.Kind.RISE, e.cmPerHour(), e.at());
      }
    } catch (SQLException ex) {
      LOG.error("rapid rise of {} at {} not recorded", station.deviceId(), e.at(), ex);
    }
  }
}
