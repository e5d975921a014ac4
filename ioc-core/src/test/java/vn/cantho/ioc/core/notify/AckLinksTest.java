package vn.cantho.ioc.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.MutableClock;
import vn.cantho.ioc.core.auth.SigningSecret;

class AckLinksTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T21:10:00Z"));
  private final AckLinks links =
      new AckLinks(
          SigningSecret.fromBase64("c2VjcmV0LWZvci1ub3RpZmljYXRpb24tdGVzdHMtb25seS0zMmI="),
          "https://ioc.example/",
          clock);

  @Test
  void aLinkGrantsOneAlertToOneUserUntilItExpires() {
    String url = links.url(42, "farmer");
    assertThat(url).startsWith("https://ioc.example/ack/");
    String token = url.substring(url.lastIndexOf('/') + 1);
    assertThat(links.verify(token))
        .get()
        .satisfies(
            g -> {
              assertThat(g.alertId()).isEqualTo(42);
              assertThat(g.username()).isEqualTo("farmer");
            });
    clock.advance(AckLinks.TTL);
    assertThat(links.verify(token)).as("expired").isEmpty();
  }

  @Test
  void aTamperedOrForeignTokenGrantsNothing() {
    String token = links.token(42, "farmer", Instant.parse("2026-12-01T00:00:00Z"));
    String other = links.token(43, "farmer", Instant.parse("2026-12-01T00:00:00Z"));
    String forged = token.substring(0, token.indexOf('.')) + other.substring(other.indexOf('.'));
    assertThat(links.verify(forged)).isEmpty();
    AckLinks otherKey =
        new AckLinks(
            SigningSecret.fromBase64("b3RoZXItc2VjcmV0LWZvci1hY2stbGluay10ZXN0cy0zMmJ5dGU="),
            "https://ioc.example",
            clock);
    assertThat(otherKey.verify(token)).isEmpty();
    assertThat(links.verify("garbage")).isEmpty();
    assertThat(links.verify("")).isEmpty();
    assertThat(links.verify(null)).isEmpty();
  }
}
