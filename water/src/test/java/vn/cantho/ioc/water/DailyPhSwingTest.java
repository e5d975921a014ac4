package vn.cantho.ioc.water;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

class DailyPhSwingTest {
  private static final Instant T0 = Instant.parse("2026-11-22T23:00:00Z"); // 06:00 in Can Tho

  private static Reading ph(String device, Instant ts, double value) {
    return new Reading(device, "ph", ts, value, Quality.GOOD, "test");
  }

  @Test
  void theSwingIsTheRangeOfTheLast24HoursOnceHalfADayIsSeen() {
    DailyPhSwing swing = new DailyPhSwing();
    List<Reading> out = new ArrayList<>();
    // Dawn 7.6, rising to 8.9 in the afternoon of an algae bloom, hourly.
    for (int h = 0; h <= 14; h++) {
      double value = 7.6 + 1.3 * Math.sin(Math.PI * Math.min(h, 10) / 20.0);
      out.addAll(swing.derive(List.of(ph("sp-1", T0.plus(Duration.ofHours(h)), value))));
    }
    assertThat(out).as("nothing before 12 h of history").hasSize(3);
    assertThat(out.get(0).metric()).isEqualTo(DailyPhSwing.METRIC);
    assertThat(out.get(0).ts()).isEqualTo(T0.plus(Duration.ofHours(12)));
    assertThat(out.get(2).value()).isCloseTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void oldSamplesLeaveTheWindowAndImplausibleOrLateOnesNeverEnterIt() {
    DailyPhSwing swing = new DailyPhSwing();
    swing.derive(List.of(ph("sp-2", T0, 6.0)));
    swing.derive(List.of(ph("sp-2", T0.plus(Duration.ofHours(1)), 7.8)));
    assertThat(swing.derive(List.of(ph("sp-2", T0.plus(Duration.ofHours(2)), 2.0))))
        .as("pH 2 is a probe fault")
        .isEmpty();
    assertThat(swing.derive(List.of(ph("sp-2", T0.plus(Duration.ofMinutes(30)), 9.5))))
        .as("late")
        .isEmpty();
    List<Reading> at13h = swing.derive(List.of(ph("sp-2", T0.plus(Duration.ofHours(13)), 8.0)));
    assertThat(at13h.get(0).value()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    List<Reading> at25h = swing.derive(List.of(ph("sp-2", T0.plus(Duration.ofHours(25)), 8.1)));
    assertThat(at25h.get(0).value())
        .as("the 6.0 of 25 hours ago has left the window")
        .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
  }
}
