package vn.cantho.ioc.core.notify;

import jakarta.mail.internet.AddressException;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which providers this IOC sends through, from the environment (secrets never live in the
 * repository or on the command line). A channel without its provider is not an error at start: its
 * messages fail with "no provider is configured", visible in the delivery log.
 *
 * <ul>
 *   <li>{@code IOC_SMS_URL}, {@code IOC_SMS_API_KEY}: the HTTP SMS gateway
 *   <li>{@code IOC_ZALO_TOKEN} (and {@code IOC_ZALO_URL} to override Zalo's endpoint): the OA
 *   <li>{@code IOC_SMTP_HOST}, {@code IOC_SMTP_PORT} (587), {@code IOC_SMTP_FROM}, {@code
 *       IOC_SMTP_USER}, {@code IOC_SMTP_PASSWORD}, {@code IOC_SMTP_STARTTLS} (true)
 *   <li>{@code IOC_WEBHOOK_SECRET}: signs webhook bodies; webhooks are always on, to public
 *       addresses only unless {@code IOC_WEBHOOK_ALLOW_PRIVATE=true}
 *   <li>{@code IOC_PUBLIC_URL}: the address in acknowledge links, as farmers' phones reach the IOC
 * </ul>
 */
public record NotificationSettings(
    URI smsUrl,
    String smsApiKey,
    URI zaloUrl,
    String zaloToken,
    SmtpSender.Config smtp,
    String webhookSecret,
    boolean webhookAllowPrivate,
    String publicUrl) {

  public static NotificationSettings none() {
    return new NotificationSettings(null, null, null, null, null, null, false, null);
  }

  public static NotificationSettings fromEnv(Map<String, String> env) {
    String smtpHost = env.get("IOC_SMTP_HOST");
    return new NotificationSettings(
        uri(env.get("IOC_SMS_URL")),
        env.get("IOC_SMS_API_KEY"),
        env.containsKey("IOC_ZALO_URL")
            ? uri(env.get("IOC_ZALO_URL"))
            : ZaloSender.DEFAULT_ENDPOINT,
        env.get("IOC_ZALO_TOKEN"),
        smtpHost == null
            ? null
            : new SmtpSender.Config(
                smtpHost,
                Integer.parseInt(env.getOrDefault("IOC_SMTP_PORT", "587")),
                env.getOrDefault("IOC_SMTP_FROM", "canhbao@localhost"),
                env.get("IOC_SMTP_USER"),
                env.get("IOC_SMTP_PASSWORD"),
                Boolean.parseBoolean(env.getOrDefault("IOC_SMTP_STARTTLS", "true"))),
        env.get("IOC_WEBHOOK_SECRET"),
        Boolean.parseBoolean(env.getOrDefault("IOC_WEBHOOK_ALLOW_PRIVATE", "false")),
        env.get("IOC_PUBLIC_URL"));
  }

  /**
   * The demo's settings: its local phone as SMS gateway unless one is configured, and webhooks to
   * this machine allowed (the demo runs on loopback).
   */
  public NotificationSettings forDemo(URI localSms) {
    return new NotificationSettings(
        smsUrl != null ? smsUrl : localSms,
        smsApiKey,
        zaloUrl,
        zaloToken,
        smtp,
        webhookSecret,
        true,
        publicUrl);
  }

  public Map<Channel, Sender> senders() throws AddressException {
    Map<Channel, Sender> senders = new EnumMap<>(Channel.class);
    if (smsUrl != null) {
      senders.put(Channel.SMS, new SmsGatewaySender(smsUrl, smsApiKey));
    }
    if (zaloToken != null && !zaloToken.isBlank()) {
      senders.put(Channel.ZALO, new ZaloSender(zaloUrl, zaloToken));
    }
    if (smtp != null) {
      senders.put(Channel.EMAIL, new SmtpSender(smtp));
    }
    senders.put(Channel.WEBHOOK, new WebhookSender(webhookSecret, webhookAllowPrivate));
    return senders;
  }

  /** Which channels are set up, never their secrets. */
  @Override
  public String toString() {
    return "NotificationSettings[sms="
        + (smsUrl != null)
        + ", zalo="
        + (zaloToken != null)
        + ", email="
        + (smtp != null)
        + ", signedWebhooks="
        + (webhookSecret != null)
        + ", publicUrl="
        + publicUrl
        + "]";
  }

  private static URI uri(String value) {
    return value == null || value.isBlank() ? null : URI.create(value);
  }
}
