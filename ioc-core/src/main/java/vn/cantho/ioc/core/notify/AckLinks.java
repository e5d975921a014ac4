package vn.cantho.ioc.core.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import vn.cantho.ioc.core.auth.SigningSecret;

/**
 * The signed one-click acknowledge link in a message: it names one alert and one user, expires, and
 * carries a 128-bit HMAC under a key of its own purpose, so it acknowledges that alert as that user
 * and nothing else. It is not a session: opening it shows a confirmation page, and only the page's
 * button (a POST) acknowledges, so mail scanners that fetch links acknowledge nothing.
 */
public final class AckLinks {
  public static final Duration TTL = Duration.ofDays(7);
  private static final String PURPOSE = "ioc-alert-ack-link";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** What a valid link grants. */
  public record Grant(long alertId, String username, Instant expires) {}

  private final SigningSecret secret;
  private final java.util.function.Supplier<String> baseUrl;
  private final Clock clock;

  /**
   * @param baseUrl the public address of the IOC, as farmers' phones reach it
   */
  public AckLinks(SigningSecret secret, String baseUrl, Clock clock) {
    this(secret, () -> baseUrl, clock);
  }

  /**
   * @param baseUrl asked at each link, for a node that learns its address only once it listens
   */
  public AckLinks(SigningSecret secret, java.util.function.Supplier<String> baseUrl, Clock clock) {
    this.secret = secret;
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  public String url(long alertId, String username) {
    String base = baseUrl.get();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/ack/" + token(alertId, username, clock.instant().plus(TTL));
  }

  String token(long alertId, String username, Instant expires) {
    String payload = alertId + ":" + expires.getEpochSecond() + ":" + username;
    return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(signature(payload));
  }

  /** The grant of a genuine, unexpired token; empty for anything else. */
  public Optional<Grant> verify(String token) {
    if (token == null || token.length() > 600) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 1) {
      return Optional.empty();
    }
    try {
      String payload =
          new String(
              Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(presented, signature(payload))) {
        return Optional.empty();
      }
      String[] parts = payload.split(":", 3);
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
      if (!clock.instant().isBefore(expires)) {
        return Optional.empty();
      }
      return Optional.of(new Grant(Long.parseLong(parts[0]), parts[2], expires));
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private byte[] signature(String payload) {
    return Arrays.copyOf(secret.mac(PURPOSE, payload), 16);
  }
}
