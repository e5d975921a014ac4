package vn.cantho.ioc.sharing;

import java.time.Duration;
import java.util.Base64;
import vn.cantho.ioc.core.feature.FeatureConfig;
import vn.cantho.ioc.core.notify.RetryPolicy;

/**
 * Sharing's knobs, from {@code IOC_SHARING_…} on a node (docs/sharing.md).
 *
 * @param perSecond export and feed requests a caller may make per second, sustained
 * @param burst how many at once
 * @param retry webhook deliveries: attempts and back-off, as the notification outbox's
 * @param secretKey the AES-256 key webhook secrets are stored under ({@code
 *     IOC_SHARING_SECRET_KEY}, base64 of 32 bytes); null: webhooks cannot be registered
 * @param allowPrivateUrls whether a webhook may lead into a private network ({@code
 *     IOC_SHARING_ALLOW_PRIVATE_URLS}): a provincial platform on the government's own network needs
 *     it; off by default, as for alert webhooks
 * @param gapWait how long a hole in a dataset's log is waited for before the tail passes it: an id
 *     taken by a transaction not yet committed fills in, one rolled back never does
 */
public record SharingSettings(
    double perSecond,
    int burst,
    RetryPolicy retry,
    byte[] secretKey,
    boolean allowPrivateUrls,
    Duration gapWait) {
  /** Eight attempts over about 20 minutes, as alert messages get. */
  public static final RetryPolicy RETRY = RetryPolicy.DEFAULT;

  public SharingSettings {
    if (secretKey != null && secretKey.length != 32) {
      throw new IllegalArgumentException("IOC_SHARING_SECRET_KEY must be 32 bytes, base64");
    }
    secretKey = secretKey == null ? null : secretKey.clone();
  }

  /** A node's: 2 requests a second with bursts of 20 per caller. */
  public static SharingSettings from(FeatureConfig config) {
    return new SharingSettings(
        config.number("EXPORTS_PER_MINUTE", 120) / 60.0,
        (int) config.number("EXPORT_BURST", 20),
        new RetryPolicy(
            (int) config.number("WEBHOOK_ATTEMPTS", RETRY.maxAttempts()),
            RETRY.base(),
            RETRY.max()),
        config.get("SECRET_KEY").map(k -> Base64.getDecoder().decode(k.strip())).orElse(null),
        config.get("ALLOW_PRIVATE_URLS").map(Boolean::parseBoolean).orElse(false),
        Duration.ofSeconds(10));
  }

  @Override
  public byte[] secretKey() {
    return secretKey == null ? null : secretKey.clone();
  }

  @Override
  public String toString() {
    return "SharingSettings[perSecond="
        + perSecond
        + ", burst="
        + burst
        + ", retry="
        + retry
        + ", secretKey="
        + (secretKey == null ? "unset" : "hidden")
        + ", allowPrivateUrls="
        + allowPrivateUrls
        + "]";
  }
}
