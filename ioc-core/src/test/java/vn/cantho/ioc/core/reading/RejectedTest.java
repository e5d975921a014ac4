package vn.cantho.ioc.core.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectedTest {
  @Test
  void textThatPostgresCannotStoreIsMadeStorable() {
    Rejected r =
        new Rejected(
            "mqtt",
            "a/b",
            "wq\u00001",
            "value of 'x\u0000' is not a number",
            new byte[] {0, 1},
            Instant.EPOCH);
    assertThat(r.reason()).doesNotContain("\u0000").contains("x\uFFFD");
    assertThat(r.deviceId()).isEqualTo("wq\uFFFD1");
    assertThat(r.raw()).containsExactly(0, 1); // bytes are stored as bytea, untouched
  }

  @Test
  void oversizedInputIsCutAndTheReasonSaysSo() {
    Rejected r =
        new Rejected("mqtt", null, null, "r".repeat(5_000), new byte[100_000], Instant.EPOCH);
    assertThat(r.raw()).hasSize(Rejected.MAX_RAW_BYTES);
    assertThat(r.reason())
        .hasSizeLessThan(1_100)
        .endsWith("(raw payload of 100000 bytes cut to 65536)");
  }
}
