package vn.cantho.ioc.core.notify;

import java.time.Instant;
import java.util.Set;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.auth.Role;

/**
 * The recipients of one alert and the words they get. Two kinds of recipient, both through their
 * own subscriptions: the subject's owner (a farmer: his subscriptions to all his subjects or to
 * {@link #scope}), and the users who hold one of {@link #roles} and whose area holds the alert's
 * zone (operators, maintenance crews, traffic staff: their subscriptions to everything).
 */
public interface AlertAudience {
  /** The owner's username, or null when the subject has none. */
  String owner();

  /**
   * What the storm limit counts per subscription: e.g. {@code pond:p1}, so two probes of one pond
   * bring one message.
   */
  String subject();

  /**
   * The subscriptions' subject this alert is about (a pond id), or null for "all of the owner's".
   */
  String scope();

  /** The roles whose users in the alert's zone hear of it too; empty for the owner alone. */
  Set<Role> roles();

  /** The message for one recipient. */
  Message compose(
      Alert alert,
      boolean escalated,
      Instant at,
      Channel channel,
      Language language,
      String ackUrl);
}
