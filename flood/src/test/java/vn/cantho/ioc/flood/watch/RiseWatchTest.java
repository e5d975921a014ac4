package vn.cantho.ioc.flood.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.flood.forecast.Constituent;
import vn.cantho.ioc.flood.forecast.LevelHistory;
import vn.cantho.ioc.flood.forecast.TideForecaster;

class RiseWatchTest {
  private static final Instant START = Instant.parse("2026-09-20T00:00:00Z");
  private static final Instant ISSUED = START.plus(Duration.ofDays(16));

  private static double tide(Instant t) {
    double s = t.getEpochSecond() - START.getEpochSecond();
    return 90
        + 75 * Math.cos(Constituent.M2.radiansPerSecond() * s)
        + 25 * Math.cos(Constituent.S2.radiansPerSecond() * s)
        + 35 * Math.cos(Constituent.K1.radiansPerSecond() * s);
  }

  /** Sixteen days of tide, then three hours with {@code surgeCmPerHour} on top; the events. */
  private static List<RiseWatch.RiseEvent> run(double surgeCmPerHour) {
    LevelHistory history = new LevelHistory(Duration.ofDays(30));
    for (Instant t = START; t.isBefore(ISSUED); t = t.plusSeconds(300)) {
      history.append(t, tide(t));
    }
    TideForecaster.Prediction p = TideForecaster.predict(history, ISSUED);
    RiseWatch watch = new RiseWatch();
    List<RiseWatch.RiseEvent> events = new ArrayList<>();
    for (Instant t = ISSUED; t.isBefore(ISSUED.plus(Duration.ofHours(3))); t = t.plusSeconds(300)) {
      double hours = Duration.between(ISSUED, t).toSeconds() / 3600.0;
      double v = tide(t) + surgeCmPerHour * hours;
      history.append(t, v);
      RiseWatch.RiseEvent e = watch.accept(history, p, 10.0, 2, t, v);
      if (e != null) {
        events.add(e);
      }
    }
    return events;
  }

  @Test
  void aRiseBeyondTheTideIsRaisedOnceItsHourlyRateReachesTheStationsThreshold() {
    List<RiseWatch.RiseEvent> events = run(15);

    assertThat(events).hasSize(1);
    assertThat(events.get(0).rising()).isTrue();
    // The surge over the last hour, so within the first hour of a 15 cm/h rise it reads less.
    assertThat(events.get(0).cmPerHour()).isBetween(10.0, 15.0);
    assertThat(events.get(0).at()).isBetween(ISSUED.plusSeconds(1800), ISSUED.plusSeconds(3600));
  }

  @Test
  void theTideAloneNeverRaisesIt() {
    // A spring tide rises tens of centimetres an hour here: that is not a rapid rise.
    assertThat(run(0)).isEmpty();
    assertThat(run(6)).isEmpty();
  }
}
