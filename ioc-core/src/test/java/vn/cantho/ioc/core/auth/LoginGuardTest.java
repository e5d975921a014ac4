package vn.cantho.ioc.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.MutableClock;

class LoginGuardTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
  private final LoginGuard guard = new LoginGuard(clock);

  @Test
  void twentyFailuresWithinAMinuteLockTheAccountFromThatAddressForFifteenMinutes() {
    for (int i = 1; i < LoginGuard.FAILURES; i++) {
      assertThat(guard.failed("an", "10.0.0.1")).isEmpty();
      clock.advance(Duration.ofSeconds(2));
    }
    assertThat(guard.lockedFor("an", "10.0.0.1")).isEmpty();
    assertThat(guard.failed("an", "10.0.0.1"))
        .get()
        .extracting(LoginGuard.NewLock::key)
        .isEqualTo("an@10.0.0.1");
    assertThat(guard.lockedFor("an", "10.0.0.1")).contains(LoginGuard.LOCK);
    assertThat(guard.lockedFor("an", "10.0.0.2")).as("another address").isEmpty();
    assertThat(guard.lockedFor("binh", "10.0.0.1")).as("another account").isEmpty();
    clock.advance(LoginGuard.LOCK);
    assertThat(guard.lockedFor("an", "10.0.0.1")).isEmpty();
  }

  @Test
  void failuresSpreadOverMoreThanAMinuteDoNotLock() {
    for (int i = 0; i < 3 * LoginGuard.FAILURES; i++) {
      assertThat(guard.failed("an", "10.0.0.1")).isEmpty();
      clock.advance(Duration.ofSeconds(4));
    }
  }

  @Test
  void aRightPasswordClearsTheAccountsCount() {
    for (int i = 1; i < LoginGuard.FAILURES; i++) {
      guard.failed("an", "10.0.0.1");
    }
    guard.succeeded("an", "10.0.0.1");
    assertThat(guard.failed("an", "10.0.0.1")).isEmpty();
  }

  @Test
  void sprayingManyAccountsFromOneAddressLocksTheAddress() {
    for (int i = 1; i < LoginGuard.SPRAY_FAILURES; i++) {
      assertThat(guard.failed("user" + i, "10.0.0.9")).isEmpty();
    }
    assertThat(guard.failed("last", "10.0.0.9")).isPresent();
    assertThat(guard.lockedFor("anyone", "10.0.0.9")).isPresent();
    assertThat(guard.lockedFor("anyone", "10.0.0.10")).isEmpty();
  }

  @Test
  void oneCheckAtATimePerAccountAndAddress() {
    assertThat(guard.begin("an", "10.0.0.1")).isTrue();
    assertThat(guard.begin("an", "10.0.0.1")).as("a parallel guess waits its turn").isFalse();
    assertThat(guard.begin("an", "10.0.0.2")).isTrue();
    guard.end("an", "10.0.0.1");
    assertThat(guard.begin("an", "10.0.0.1")).isTrue();
  }

  @Test
  void ipv6AddressesCountByTheirSlash64() {
    for (int i = 1; i < LoginGuard.FAILURES; i++) {
      guard.failed("an", "2001:db8:1:2::" + Integer.toHexString(i));
    }
    assertThat(guard.failed("an", "2001:db8:1:2:ffff::1")).isPresent();
    assertThat(guard.lockedFor("an", "2001:db8:1:2::abcd")).isPresent();
    assertThat(guard.lockedFor("an", "2001:db8:1:3::1")).as("another /64").isEmpty();
    assertThat(LoginGuard.network("10.1.2.3")).isEqualTo("10.1.2.3");
  }

  @Test
  void namesNoUserCanHaveShareOneKeyPerAddress() {
    for (int i = 1; i < LoginGuard.FAILURES; i++) {
      assertThat(guard.failed("Not A User " + "x".repeat(16_000) + i, "10.0.0.1")).isEmpty();
    }
    assertThat(guard.failed("ALSO-NOT-A-USER", "10.0.0.1"))
        .get()
        .extracting(LoginGuard.NewLock::key)
        .isEqualTo(LoginGuard.NOT_A_USER + "@10.0.0.1");
    assertThat(guard.lockedFor("an", "10.0.0.1")).as("a real user from there").isEmpty();
  }
}
