package vn.cantho.ioc.flood.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.flood.forecast.Constituent;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.station.AlarmLevels;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.watch.LevelEvent;
import vn.cantho.ioc.flood.watch.PreAlertPlanner;

class StationMonitorTest {
  private static final Instant START = Instant.parse("2026-09-20T17:00:00Z");
  private static final FloodStation STATION =
      new FloodStation(
          "wl-can-tho",
          "Trạm thủy văn Cần Thơ",
          "level",
          new AlarmLevels(180, 190, 200),
          5,
          2,
          10.0,
          List.of("31135"));

  private static double level(long s) {
    double t = s - START.getEpochSecond();
    return 95
        + 70 * Math.cos(Constituent.M2.radiansPerSecond() * t)
        + 25 * Math.cos(Constituent.S2.radiansPerSecond() * t)
        + 35 * Math.cos(Constituent.K1.radiansPerSecond() * t - 0.5)
        + 20 * Math.cos(Constituent.O1.radiansPerSecond() * t - 0.2);
  }

  /** Everything a monitor decided, in order, as text. */
  private static final class Record implements StationMonitor.Listener {
    final List<String> decisions = new ArrayList<>();
    final List<Forecast> forecasts = new ArrayList<>();

    @Override
    public void level(FloodStation s, LevelEvent e, int alarm) {
      decisions.add("level " + e);
    }

    @Override
    public void forecast(FloodStation s, Forecast f) {
      forecasts.add(f);
      decisions.add("forecast " + f);
    }

    @Override
    public void preAlert(FloodStation s, PreAlertPlanner.Decision d) {
      decisions.add("pre-alert " + d);
    }
  }

  @Test
  void aReplayedMonthDecidesExactlyWhatTheLiveRunDid() {
    Random noise = new Random(3);
    List<Instant> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (Instant t = START; t.isBefore(START.plus(Duration.ofDays(30))); t = t.plusSeconds(300)) {
      times.add(t);
      values.add(Math.round((level(t.getEpochSecond()) + noise.nextGaussian() * 0.5) * 10) / 10.0);
    }
    // Live: readings arrive with duplicates and stale re-deliveries among them.
    Record live = new Record();
    StationMonitor liveMonitor = new StationMonitor(STATION);
    Random arrivals = new Random(11);
    for (int i = 0; i < times.size(); i++) {
      liveMonitor.accept(times.get(i), values.get(i), live);
      if (arrivals.nextInt(50) == 0) {
        int j = Math.max(0, i - arrivals.nextInt(5));
        liveMonitor.accept(times.get(j), values.get(j), live);
      }
    }
    // Replay: the stored month in one pass, as a restart or a benchmark replays it.
    Record replay = new Record();
    StationMonitor replayMonitor = new StationMonitor(STATION);
    for (int i = 0; i < times.size(); i++) {
      replayMonitor.accept(times.get(i), values.get(i), replay);
    }

    assertThat(live.forecasts).hasSizeGreaterThan(14 * 24);
    assertThat(replay.decisions).isEqualTo(live.decisions);
    assertThat(live.decisions).anyMatch(d -> d.startsWith("pre-alert"));
    assertThat(live.decisions).anyMatch(d -> d.startsWith("level"));
    assertThat(liveMonitor.outOfOrder()).isPositive();
  }
}
