package vn.cantho.ioc.water.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.NotificationPlanner;
import vn.cantho.ioc.core.notify.Subscription;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.water.WaterTestKit;
import vn.cantho.ioc.water.farm.FarmStore;
import vn.cantho.ioc.water.farm.Pond;

/** A farmer's pangasius pond with one probe, and the stores that raise its alerts. */
final class PondFixture {
  static final SigningSecret SECRET =
      SigningSecret.fromBase64("c2VjcmV0LWZvci1ub3RpZmljYXRpb24tdGVzdHMtb25seS0zMmI=");

  final Database db;
  final String device;
  final String pond;
  final String owner;
  final SubscriptionStore subscriptions;
  final AlertStore alerts;
  final RuleKey doRule;

  PondFixture(Database db, String name, Clock clock) throws Exception {
    this.db = db;
    this.device = "nt-" + name;
    this.pond = "pond-" + name;
    this.owner = "farmer-" + name;
    this.subscriptions = new SubscriptionStore(db);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO devices (id, domain, type, name, lon, lat, zone_id,"
                    + " report_interval_s) VALUES (?, 'water', 'pangasius_pond', 'Đầu đo', 105.7,"
                    + " 10.0, '31135', 60)")) {
      ps.setString(1, device);
      ps.executeUpdate();
    }
    FarmStore farms = new FarmStore(db);
    farms.putFarm("farm-" + name, owner, "Trại Bình Thủy", "31135");
    farms.putPond(
        new Pond(
            pond,
            "farm-" + name,
            null,
            null,
            "Ao cá tra số 3",
            "pangasius_pond",
            5000.0,
            null,
            105.7,
            10.0,
            "31135",
            List.of(device)));
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM alert_rules WHERE profile = 'pangasius_pond' AND metric = 'do'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      doRule = new RuleKey("water", String.valueOf(rs.getLong(1)));
    }
    this.alerts =
        new AlertStore(
            db,
            new NotificationPlanner(
                    new AckLinks(SECRET, "https://ioc.cantho.example", clock), clock)
                .register(
                    "water", new WaterNotices(new MessageComposer(WaterTestKit.catalog()), farms)));
  }

  Subscription subscribe(Channel channel, String address, Language language) throws Exception {
    return subscriptions.add(
        new Subscription(0, owner, null, channel, address, language, Severity.WATCH, null, null));
  }
}
