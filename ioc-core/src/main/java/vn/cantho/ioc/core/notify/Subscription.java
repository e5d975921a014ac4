package vn.cantho.ioc.core.notify;

import java.time.LocalTime;
import java.util.Objects;
import vn.cantho.ioc.core.alert.Severity;

/**
 * What one person (an owner or a member of staff) wants to hear about on one channel.
 *
 * @param pondId one of the owner's subjects (a pond), or null for everything he may hear of
 * @param quietStart with quietEnd, local (Asia/Ho_Chi_Minh) hours when only critical alerts are
 *     sent at once; the rest wait until quietEnd. Null for none. May wrap midnight (22:00–05:00).
 */
public record Subscription(
    long id,
    String username,
    String pondId,
    Channel channel,
    String address,
    Language language,
    Severity minSeverity,
    LocalTime quietStart,
    LocalTime quietEnd) {

  public Subscription {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(minSeverity, "minSeverity");
    if (!channel.validAddress(address)) {
      throw new IllegalArgumentException("not a valid " + channel.code() + " address");
    }
    if ((quietStart == null) != (quietEnd == null)) {
      throw new IllegalArgumentException("quiet hours need both a start and an end");
    }
  }

  /** Whether a local time falls in the quiet hours. */
  public boolean quietAt(LocalTime local) {
    if (quietStart == null || quietStart.equals(quietEnd)) {
      return false;
    }
    return quietStart.isBefore(quietEnd)
        ? !local.isBefore(quietStart) && local.isBefore(quietEnd)
        : !local.isBefore(quietStart) || local.isBefore(quietEnd);
  }
}
