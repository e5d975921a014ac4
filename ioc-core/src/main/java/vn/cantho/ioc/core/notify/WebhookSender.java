package vn.cantho.ioc.core.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An alert as JSON to the subscriber's URL (a cooperative's own system, a chat bot). With a shared
 * secret ({@code IOC_WEBHOOK_SECRET}), {@code X-IOC-Signature: sha256=<hex>} is the HMAC-SHA256 of
 * the exact body under it, so the receiver can tell the message came from this IOC.
 */
public final class WebhookSender implements Sender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] secret;
  private final boolean allowPrivate;
  private final HttpPost http;

  /**
   * @param secret the shared signing secret, or null to send unsigned
   * @param allowPrivate whether URLs may lead to loopback, private, link-local or other non-public
   *     addresses ({@link PrivateAddresses}); off in production, so a subscriber cannot make the
   *     IOC call into its own network
   */
  public WebhookSender(String secret, boolean allowPrivate, HttpClient client) {
    this.secret =
        secret == null || secret.isEmpty()
            ? null
            : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.allowPrivate = allowPrivate;
    this.http = new HttpPost(client);
  }

  public WebhookSender(String secret, boolean allowPrivate) {
    this(secret, allowPrivate, HttpPost.defaultClient());
  }

  /**
   * Why this URL may not be called, or null. Resolved at each send, so a name that later points
   * inside is caught too (a rebinding between this check and the connection remains possible).
   */
  private String refusal(URI uri) {
    if (allowPrivate) {
      return null;
    }
    try {
      for (java.net.InetAddress a : java.net.InetAddress.getAllByName(uri.getHost())) {
        if (PrivateAddresses.isPrivate(a)) {
          return "webhook address " + uri.getHost() + " is in a private network";
        }
      }
      return null;
    } catch (java.net.UnknownHostException e) {
      return "webhook host " + uri.getHost() + " is not known";
    }
  }

  /** The signature header's value for a body, as a receiver recomputes it. */
  public static String signature(byte[] secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256="
          + HexFormat.of()
              .formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public Delivery send(Outgoing m) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("notification_id", m.id());
    body.put("alert_id", m.alertId());
    body.put("severity", m.severity());
    body.put("metric", m.metric());
    body.put("language", m.language().code());
    body.put("title", m.title());
    body.put("text", m.body());
    String json = body.toString();
    Map<String, String> headers = new HashMap<>();
    headers.put("Idempotency-Key", m.idempotencyKey());
    if (secret != null) {
      headers.put("X-IOC-Signature", signature(secret, json));
    }
    URI uri = URI.create(m.address());
    String refused = refusal(uri);
    if (refused != null) {
      return Delivery.rejected(refused);
    }
    return http.post(uri, json, headers, HttpPost.Reader.ACCEPTED);
  }
}
