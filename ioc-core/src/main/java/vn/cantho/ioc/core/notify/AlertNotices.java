package vn.cantho.ioc.core.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.auth.Caller;

/**
 * What a feature says about its alerts when the kernel turns one into messages: who hears of it and
 * in what words. One per feature ({@link vn.cantho.ioc.core.feature.IocFeature#alertNotices}); the
 * kernel keeps the rest (subscriptions, the storm limit, quiet hours, the outbox, delivery).
 */
public interface AlertNotices {

  /**
   * Who hears of this alert, read inside the transition's transaction; empty when nobody does (a
   * device without an owner and a rule without roles).
   */
  Optional<AlertAudience> audience(Connection c, Alert alert) throws SQLException;

  /**
   * Whether the caller sees this subject of the feature's (a pond id), so may subscribe to it
   * alone; by default the feature has no such subjects. Blocking.
   */
  default boolean showsScope(Caller caller, String scope) throws SQLException {
    return false;
  }

  /**
   * Metrics that bring a recipient the same news: the storm limit counts them as one. By default
   * only the metric itself.
   */
  default List<String> sameNews(String metric) {
    return List.of(metric);
  }
}
