package vn.cantho.ioc.sharing.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.notify.Delivery;
import vn.cantho.ioc.core.notify.HttpPost;
import vn.cantho.ioc.core.notify.PrivateAddresses;
import vn.cantho.ioc.core.notify.RetryPolicy;

/**
 * Sends due deliveries, each one event as JSON signed with its webhook's secret ({@link
 * Signature}), and records the outcome as the notification dispatcher does (the same {@link
 * HttpPost} reading of answers and {@link RetryPolicy}): 2xx delivered; 408, 425, 429, 5xx,
 * time-outs and refused connections retried with back-off until the last attempt, then failed;
 * other 4xx failed at once. Runs as the feature's periodic job, at most {@link #PER_RUN} sends a
 * run, one at a time (a run still going when the next is due is skipped), so a platform that hangs
 * holds one worker thread, not the pool.
 */
public final class WebhookPusher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookPusher.class);
  static final int PER_RUN = 8;

  private final Deliveries deliveries;
  private final SecretBox secrets;
  private final RetryPolicy retry;
  private final boolean allowPrivate;
  private final HttpPost http;
  private final Clock clock;

  public WebhookPusher(
      Deliveries deliveries,
      SecretBox secrets,
      RetryPolicy retry,
      boolean allowPrivate,
      HttpPost http,
      Clock clock) {
    this.deliveries = deliveries;
    this.secrets = secrets;
    this.retry = retry;
    this.allowPrivate = allowPrivate;
    this.http = http;
    this.clock = clock;
  }

  /** Sends what is due now; returns how many attempts it made. */
  public int pushDue() throws SQLException, InterruptedException {
    List<Deliveries.Claimed> due = deliveries.claimDue(PER_RUN, clock.instant());
    for (Deliveries.Claimed d : due) {
      long started = System.nanoTime();
      Delivery outcome = attempt(d);
      int elapsed = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
      Instant now = clock.instant();
      switch (outcome.outcome()) {
        case DELIVERED -> deliveries.delivered(d.id(), outcome.detail(), elapsed, now);
        case REJECTED -> deliveries.failed(d.id(), "rejected: " + outcome.detail(), elapsed, now);
        case RETRY -> {
          if (d.attempt() >= retry.maxAttempts()) {
            deliveries.failed(
                d.id(),
                "gave up after " + d.attempt() + " attempts: " + outcome.detail(),
                elapsed,
                now);
          } else {
            deliveries.retryAt(
                d.id(), now.plus(retry.delayAfter(d.attempt())), outcome.detail(), elapsed, now);
          }
        }
      }
    }
    return due.size();
  }

  private Delivery attempt(Deliveries.Claimed d) throws InterruptedException {
    URI uri = URI.create(d.url());
    Delivery refused = refusal(uri);
    if (refused != null) {
      return refused;
    }
    String secret;
    try {
      secret = secrets.open(d.sealedSecret());
    } catch (IllegalStateException e) {
      LOG.error("Webhook delivery {}: {}", d.id(), e.getMessage());
      return Delivery.rejected("the webhook's secret cannot be opened (IOC_SHARING_SECRET_KEY?)");
    }
    String body = d.event().json().encode();
    Map<String, String> headers =
        Map.of(
            Signature.HEADER,
            Signature.header(secret, clock.instant().getEpochSecond(), body),
            "X-IOC-Event",
            Long.toString(d.event().id()),
            // The same on every attempt of one event: a receiver that keeps it drops a repeat.
            "Idempotency-Key",
            "ioc-sharing-event-" + d.event().id());
    return http.post(uri, body, headers, HttpPost.Reader.ACCEPTED);
  }

  /** As alert webhooks: no private, loopback or link-local address unless the node allows it. */
  private Delivery refusal(URI uri) {
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      return Delivery.rejected("webhook URL is not http(s)");
    }
    if (allowPrivate) {
      return null;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
        if (PrivateAddresses.isPrivate(a)) {
          return Delivery.rejected("webhook address " + uri.getHost() + " is in a private network");
        }
      }
      return null;
    } catch (UnknownHostException e) {
      // A name server's bad minute is not the platform's answer: try again later.
      return Delivery.retry("webhook host " + uri.getHost() + " is not known");
    }
  }
}
