package vn.cantho.ioc.flood.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.forecast.HighWater;
import vn.cantho.ioc.flood.station.AlarmLevels;

class PreAlertPlannerTest {
  private static final AlarmLevels CAN_THO = new AlarmLevels(180, 190, 200);
  private static final Instant PEAK = Instant.parse("2026-10-12T12:00:00Z"); // 19:00 local

  private static Forecast forecast(Instant issued, double... peaks) {
    List<HighWater> hws =
        java.util.stream.IntStream.range(0, peaks.length)
            .mapToObj(i -> new HighWater(PEAK.plus(Duration.ofMinutes(745L * i)), peaks[i]))
            .toList();
    return new Forecast("wl-can-tho", issued, hws, 5, null, 0, 3, 0, 8000);
  }

  @Test
  void aForecastCrossingIsRaisedOnceWithItsLeadTime() {
    PreAlertPlanner p = new PreAlertPlanner();
    Instant issued = PEAK.minus(Duration.ofHours(6));

    List<PreAlertPlanner.Decision> first = p.onForecast(forecast(issued, 203, 170), CAN_THO);
    List<PreAlertPlanner.Decision> again =
        p.onForecast(forecast(issued.plus(Duration.ofHours(1)), 204, 170), CAN_THO);

    assertThat(first).singleElement().isInstanceOf(PreAlertPlanner.Raise.class);
    PreAlert pre = first.get(0).preAlert();
    assertThat(pre.level()).isEqualTo(3);
    assertThat(pre.leadTime()).isEqualTo(Duration.ofHours(6));
    assertThat(again).isEmpty();
  }

  @Test
  void aHigherForecastOfTheSamePeakEscalatesAndALowerOneCallsItOff() {
    PreAlertPlanner p = new PreAlertPlanner();
    Instant t = PEAK.minus(Duration.ofHours(10));

    assertThat(p.onForecast(forecast(t, 185), CAN_THO))
        .singleElement()
        .isInstanceOf(PreAlertPlanner.Raise.class);
    assertThat(p.onForecast(forecast(t.plusSeconds(3600), 192), CAN_THO))
        .singleElement()
        .isInstanceOf(PreAlertPlanner.Escalate.class);
    // 188 is under BĐ II but not by the 5 cm margin: it stands.
    assertThat(p.onForecast(forecast(t.plusSeconds(7200), 188), CAN_THO)).isEmpty();
    List<PreAlertPlanner.Decision> down =
        p.onForecast(forecast(t.plusSeconds(10800), 176), CAN_THO);
    assertThat(down)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d).isInstanceOf(PreAlertPlanner.End.class);
              assertThat(((PreAlertPlanner.End) d).passed()).isFalse();
            });
    assertThat(p.open()).isNull();
  }

  @Test
  void itEndsWhenThePeakHasPassedAndTheNextCrossingPeakGetsItsOwn() {
    PreAlertPlanner p = new PreAlertPlanner();
    p.onForecast(forecast(PEAK.minus(Duration.ofHours(3)), 195, 201), CAN_THO);

    List<PreAlertPlanner.Decision> later =
        p.onForecast(
            new Forecast(
                "wl-can-tho",
                PEAK.plus(Duration.ofHours(2)),
                List.of(new HighWater(PEAK.plus(Duration.ofMinutes(745)), 201)),
                5,
                null,
                0,
                3,
                0,
                8000),
            CAN_THO);

    assertThat(later).hasSize(2);
    assertThat(later.get(0)).isInstanceOf(PreAlertPlanner.End.class);
    assertThat(later.get(1)).isInstanceOf(PreAlertPlanner.Raise.class);
    assertThat(later.get(1).preAlert().level()).isEqualTo(3);
  }
}
