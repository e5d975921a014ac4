package vn.cantho.ioc.water.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.notify.AlertAudience;
import vn.cantho.ioc.core.notify.AlertNotices;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Message;
import vn.cantho.ioc.water.NightOxygenProjection;
import vn.cantho.ioc.water.farm.FarmStore;
import vn.cantho.ioc.water.rules.ThresholdRule.Direction;

/**
 * Who hears of a water alert and in what words. A pond probe's alert goes to its owner (the farmer:
 * his subscriptions to all his ponds or to that pond), counted per pond by the storm limit so two
 * probes of one pond bring one message. A probe nobody owns (a river station) is the city's: the
 * operators whose area holds it hear, through their own subscriptions.
 */
public final class WaterNotices implements AlertNotices {
  private static final Set<Role> STATION_AUDIENCE =
      Set.of(Role.CITY_OPERATOR, Role.COMMUNE_OPERATOR);

  private final MessageComposer composer;
  private final FarmStore farms;

  public WaterNotices(MessageComposer composer, FarmStore farms) {
    this.composer = composer;
    this.farms = farms;
  }

  /** A farmer may subscribe to one of his ponds alone; staff to a pond in their area. */
  @Override
  public boolean showsScope(Caller caller, String scope) throws SQLException {
    return farms.pond(scope).filter(p -> p.seenBy(caller)).isPresent();
  }

  /**
   * The projected dawn oxygen is the pond's oxygen too, and by day it equals the measured DO, so
   * one oxygen drop would otherwise send two messages.
   */
  @Override
  public List<String> sameNews(String metric) {
    return metric.equals("do") || metric.equals(NightOxygenProjection.METRIC)
        ? List.of("do", NightOxygenProjection.METRIC)
        : List.of(metric);
  }

  @Override
  public Optional<AlertAudience> audience(Connection c, Alert alert) throws SQLException {
    long ruleId;
    try {
      ruleId = Long.parseLong(alert.rule().key());
    } catch (NumberFormatException e) {
      return Optional.empty(); // not one of water's rule rows
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT d.owner, p.id, coalesce(p.name, d.name), r.direction, r.watch, r.warning,"
                + " r.critical FROM devices d"
                + " LEFT JOIN pond_probes pp ON pp.device_id = d.id"
                + " LEFT JOIN ponds p ON p.id = pp.pond_id"
                + " JOIN alert_rules r ON r.id = ?"
                + " WHERE d.id = ?")) {
      ps.setLong(1, ruleId);
      ps.setString(2, alert.deviceId());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        double threshold =
            switch (alert.severity()) {
              case WATCH -> rs.getDouble(5);
              case WARNING -> rs.getDouble(6);
              case CRITICAL -> rs.getDouble(7);
            };
        String owner = rs.getString(1);
        String pondId = rs.getString(2);
        return Optional.of(
            new Audience(
                owner,
                pondId,
                rs.getString(3),
                Direction.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                threshold,
                alert.deviceId()));
      }
    }
  }

  private final class Audience implements AlertAudience {
    private final String owner;
    private final String pondId;
    private final String placeName;
    private final Direction direction;
    private final double threshold;
    private final String deviceId;

    Audience(
        String owner,
        String pondId,
        String placeName,
        Direction direction,
        double threshold,
        String deviceId) {
      this.owner = owner;
      this.pondId = pondId;
      this.placeName = placeName;
      this.direction = direction;
      this.threshold = threshold;
      this.deviceId = deviceId;
    }

    @Override
    public String owner() {
      return owner;
    }

    @Override
    public String subject() {
      return pondId != null ? "pond:" + pondId : "device:" + deviceId;
    }

    @Override
    public String scope() {
      return pondId;
    }

    @Override
    public Set<Role> roles() {
      return owner == null ? STATION_AUDIENCE : Set.of();
    }

    @Override
    public Message compose(
        Alert alert,
        boolean escalated,
        Instant at,
        Channel channel,
        Language language,
        String ackUrl) {
      return composer.compose(
          new Notice(
              placeName,
              alert.metric(),
              alert.lastValue(),
              direction,
              threshold,
              alert.severity(),
              escalated,
              at,
              ackUrl),
          channel,
          language);
    }
  }
}
