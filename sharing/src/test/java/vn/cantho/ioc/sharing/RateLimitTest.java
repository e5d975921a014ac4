package vn.cantho.ioc.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/** A caller past his burst gets 429 with Retry-After, audited; another caller is not held. */
@ExtendWith(PostgresExtension.class)
class RateLimitTest {
  private static final int BURST = 3;
  private static FeatureTestKit kit;

  @BeforeAll
  static void start(Database db) throws Exception {
    SharingSettings base = SharingFixture.settings(BURST);
    // A token a quarter of an hour: nothing refills while the test runs.
    SharingSettings slow =
        new SharingSettings(1.0 / 900, BURST, base.retry(), base.secretKey(), true, base.gapWait());
    kit =
        new FeatureTestKit(
            db,
            List.of(new SharingFeature(slow)),
            SharingFixture.devices("rate"),
            SharingFixture.zones(),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void theRequestPastTheBurstIsRefusedWithRetryAfter() throws Exception {
    String busy = kit.token("rate-busy", Role.VIEWER, List.of());
    for (int i = 0; i < BURST; i++) {
      assertThat(kit.get("/api/v1/export/devices", busy).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = kit.get("/api/v1/sharing/feed", busy);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("900");
    assertThat(refused.body()).contains("rate_limited");
    // The denial's audit row is written beside the answer, not before it.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> kit.auditedActions("rate-busy").contains("access.denied"));

    String other = kit.token("rate-other", Role.VIEWER, List.of());
    assertThat(kit.get("/api/v1/export/devices", other).statusCode()).isEqualTo(200);
  }
}
