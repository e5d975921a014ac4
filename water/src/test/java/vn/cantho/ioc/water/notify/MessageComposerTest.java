package vn.cantho.ioc.water.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Message;
import vn.cantho.ioc.core.notify.SmsText;
import vn.cantho.ioc.water.WaterTestKit;
import vn.cantho.ioc.water.rules.ThresholdRule.Direction;

class MessageComposerTest {
  private static final Instant AT = Instant.parse("2026-11-22T21:10:00Z"); // 04:10 on 23/11
  private final MessageComposer composer = new MessageComposer(WaterTestKit.catalog());

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "do, BELOW, 0.8, 1, Oxy 0,8mg/L<1",
    "nh3, ABOVE, 0.234, 0.2, NH3 0,23mg/L>0,2",
    "ph, ABOVE, 9.62, 9.5, pH 9,6>9,5",
    "ph, BELOW, 5.4, 5.5, pH 5,4<5,5",
    "salinity, ABOVE, 10.5, 10, Mặn 10,5‰>10",
    "ph_swing, ABOVE, 1.2, 1, pH dao động 1,2>1",
    "probe_offline, ABOVE, 45, 30, Mất tín hiệu 45 phút",
    "probe_fault, ABOVE, 3, 2.5, Đầu đo lỗi"
  })
  void aVietnameseSmsFitsOneUcs2SegmentEvenForALongPondName(
      String metric, Direction direction, double value, double threshold, String expected) {
    Notice n =
        new Notice(
            "Ao nuôi cá tra thương phẩm số 12 của hợp tác xã Thới An Đông",
            metric,
            value,
            direction,
            threshold,
            Severity.CRITICAL,
            false,
            AT,
            null);
    String sms = composer.compose(n, Channel.SMS, Language.VI).body();
    assertThat(sms).startsWith("Cấp 3 Ao nuôi").contains(expected, " 04:10. ");
    assertThat(SmsText.isGsm7(sms)).isFalse();
    assertThat(SmsText.length(sms)).isLessThanOrEqualTo(70);
  }

  @Test
  void englishOnRequestWithTheAdviceAndTheLink() {
    Notice n =
        new Notice(
            "Pond 3",
            "salinity",
            7.4,
            Direction.ABOVE,
            7,
            Severity.WARNING,
            true,
            AT,
            "https://x/ack/t");
    Message m = composer.compose(n, Channel.EMAIL, Language.EN);
    assertThat(m.title()).isEqualTo("[Level 2 – warning, escalated] High salinity at Pond 3");
    assertThat(m.body())
        .isEqualTo(
            "Pond 3: salinity 7.4 ‰, above the 7 ‰ threshold, at 04:10 on 23/11/2026 (Can Tho"
                + " time).\nWhat to do: close the sluice and stop taking in river water until"
                + " salinity falls.\nAcknowledge: https://x/ack/t");
  }

  @Test
  void vietnameseIsTheDefaultWording() {
    Notice n =
        new Notice("Ao 1", "nh3", 0.25, Direction.ABOVE, 0.2, Severity.CRITICAL, false, AT, null);
    Message m = composer.compose(n, Channel.ZALO, Language.VI);
    assertThat(m.title()).isEqualTo("[Cấp 3 – nguy hiểm] Amoniac tự do (NH3-N) cao ở Ao 1");
    assertThat(m.body())
        .isEqualTo(
            "Ao 1: Amoniac tự do (NH3-N) 0,25 mg/L, vượt ngưỡng 0,2 mg/L, lúc 04:10 ngày"
                + " 23/11/2026.\nViệc cần làm: ngừng cho ăn, thay bớt nước và tăng sục khí.");
  }

  @Test
  void smsLengthCountsSeptetsForGsm7AndCodeUnitsForUcs2() {
    assertThat(SmsText.isGsm7("Level 3 Pond 1: DO 0.8mg/L<1 at 04:10")).isTrue();
    assertThat(SmsText.length("a€b")).as("€ is an extension character: two septets").isEqualTo(4);
    assertThat(SmsText.isGsm7("Bật quạt")).isFalse();
    assertThat(SmsText.fitsOneSegment("x".repeat(160))).isTrue();
    assertThat(SmsText.fitsOneSegment("x".repeat(161))).isFalse();
    assertThat(SmsText.fitsOneSegment("ạ".repeat(70))).isTrue();
    assertThat(SmsText.fitsOneSegment("ạ".repeat(71))).isFalse();
  }
}
