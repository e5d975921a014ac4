package vn.cantho.ioc.adapters.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Reading;

class SenmlCodecTest {
  private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

  private static Decoded decode(String json, String expectedDevice) {
    return SenmlCodec.decode(
        json.getBytes(StandardCharsets.UTF_8),
        expectedDevice,
        r -> r.metric().equals("do") ? "mg/L" : null,
        NOW,
        "http");
  }

  @Test
  void baseNameAndTimeApplyToLaterRecords() {
    Decoded d =
        decode(
            "[{\"bn\":\"wq-0001/\",\"bt\":1795413600,\"n\":\"do\",\"u\":\"mg/L\",\"v\":5.1},"
                + "{\"n\":\"ph\",\"t\":60,\"v\":7.8},{\"n\":\"pump\",\"vb\":true}]",
            null);
    assertThat(d.errors()).isEmpty();
    assertThat(d.readings())
        .extracting(Reading::deviceId, Reading::metric, Reading::ts, Reading::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "wq-0001", "do", Instant.ofEpochSecond(1795413600), 5.1),
            org.assertj.core.groups.Tuple.tuple(
                "wq-0001", "ph", Instant.ofEpochSecond(1795413660), 7.8),
            org.assertj.core.groups.Tuple.tuple(
                "wq-0001", "pump", Instant.ofEpochSecond(1795413600), 1.0));
  }

  @Test
  void smallTimesAreRelativeToNow() {
    Decoded d = decode("[{\"n\":\"wq-0001/do\",\"t\":-30,\"v\":4}]", null);
    assertThat(d.readings())
        .singleElement()
        .extracting(Reading::ts)
        .isEqualTo(NOW.minusSeconds(30));
  }

  @Test
  void eachBadRecordIsRefusedOnItsOwn() {
    Decoded d =
        decode(
            "[{\"n\":\"wq-0001/do\",\"u\":\"%\",\"v\":4},{\"n\":\"do\",\"v\":4},"
                + "{\"n\":\"wq-0001/ph\",\"vs\":\"high\"},{\"n\":\"wq-0002/do\",\"v\":4},"
                + "{\"n\":\"wq-0001/temp\",\"v\":28}]",
            "wq-0001");
    assertThat(d.readings()).extracting(Reading::metric).containsExactly("temp");
    assertThat(d.errors())
        .extracting(Decoded.ItemError::reason)
        .containsExactly(
            "unit '%' of 'wq-0001/do' is not the catalog unit 'mg/L'",
            "SenML name 'do' must be <deviceId>/<metric>",
            "SenML record for 'wq-0001/ph' has no numeric (v) or boolean (vb) value",
            "SenML name 'wq-0002/do' is not for device wq-0001");
  }

  @Test
  void notAPackIsOneClearError() {
    assertThat(decode("{\"n\":\"x\"}", null).errors().get(0).reason())
        .contains("non-empty JSON array");
    assertThat(decode("[{\"n\":", null).errors().get(0).reason()).startsWith("malformed SenML");
  }
}
