package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.MutableClock;

class RateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));

  @Test
  void aBurstPassesThenTheRateRefillsPerClient() {
    RateLimiter limiter = new RateLimiter(5, 10, clock);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire("10.0.0.1")).as("burst " + i).isTrue();
    }
    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
    assertThat(limiter.tryAcquire("10.0.0.2")).as("another client has its own bucket").isTrue();
    clock.advance(java.time.Duration.ofMillis(200)); // one token at 5 per second
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
    clock.advance(java.time.Duration.ofSeconds(60));
    int allowed = 0;
    while (limiter.tryAcquire("10.0.0.1")) {
      allowed++;
    }
    assertThat(allowed).as("refills up to the burst, not beyond").isEqualTo(10);
  }
}
