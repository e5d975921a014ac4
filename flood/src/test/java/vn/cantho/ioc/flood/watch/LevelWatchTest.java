package vn.cantho.ioc.flood.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.flood.station.AlarmLevels;
import vn.cantho.ioc.flood.station.FloodStation;

class LevelWatchTest {
  private static final Instant T0 = Instant.parse("2026-10-12T10:00:00Z");

  private static FloodStation station(AlarmLevels levels) {
    return new FloodStation("wl-1", "Trạm thử", "level", levels, 5, 2, null, List.of("31135"));
  }

  private static List<LevelEvent> feed(LevelWatch w, double... values) {
    List<LevelEvent> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.addAll(w.accept(T0.plusSeconds(300L * i), values[i]));
    }
    return out;
  }

  @Test
  void eachStationCrossesAtItsOwnAlarmLevels() {
    LevelWatch canTho = new LevelWatch(station(new AlarmLevels(180, 190, 200)));
    LevelWatch viThanh = new LevelWatch(station(new AlarmLevels(55, 65, 75)));

    List<LevelEvent> atCanTho = feed(canTho, 150, 185, 186, 192, 193);
    List<LevelEvent> atViThanh = feed(viThanh, 70, 78, 79, 80, 80);

    assertThat(atCanTho).extracting(LevelEvent::level).containsExactly(1, 2);
    assertThat(canTho.alarm()).isEqualTo(2);
    assertThat(atViThanh).extracting(LevelEvent::level).containsExactly(1, 2, 3);
    assertThat(viThanh.alarm()).isEqualTo(3);
  }

  @Test
  void aCrossingIsDatedByTheFirstReadingAtTheLevelOnceConfirmed() {
    LevelWatch w = new LevelWatch(station(new AlarmLevels(180, 190, 200)));

    assertThat(feed(w, 170, 181)).isEmpty(); // one reading is not yet a crossing
    List<LevelEvent> events = w.accept(T0.plusSeconds(600), 183);

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.crossed()).isTrue();
              assertThat(e.at()).isEqualTo(T0.plusSeconds(300));
              assertThat(e.valueCm()).isEqualTo(181);
            });
  }

  @Test
  void hysteresisKeepsAWaveringLevelToOneCrossing() {
    LevelWatch w = new LevelWatch(station(new AlarmLevels(180, 190, 200)));

    // Above BĐ I, then wavering just under it (less than 5 cm below): still one crossing.
    List<LevelEvent> events = feed(w, 182, 183, 179, 178, 181, 177, 176, 182, 183);
    assertThat(events).hasSize(1);
    assertThat(w.alarm()).isEqualTo(1);

    // Two readings 5 cm or more below end it; a new rise is a new crossing.
    List<LevelEvent> after = new ArrayList<>();
    after.addAll(w.accept(T0.plusSeconds(300L * 20), 174));
    after.addAll(w.accept(T0.plusSeconds(300L * 21), 170));
    after.addAll(w.accept(T0.plusSeconds(300L * 22), 181));
    after.addAll(w.accept(T0.plusSeconds(300L * 23), 182));
    assertThat(after).extracting(LevelEvent::crossed).containsExactly(false, true);
  }

  @Test
  void oneNoisyReadingNeitherRaisesNorEndsAnAlarm() {
    LevelWatch w = new LevelWatch(station(new AlarmLevels(180, 190, 200)));

    assertThat(feed(w, 170, 195, 170, 171)).isEmpty();
    assertThat(w.alarm()).isZero();
  }

  @Test
  void readingsOlderThanTheLastAreIgnored() {
    LevelWatch w = new LevelWatch(station(new AlarmLevels(180, 190, 200)));
    feed(w, 185, 186);

    assertThat(w.accept(T0, 100)).isEmpty();
    assertThat(w.outOfOrder()).isEqualTo(1);
    assertThat(w.alarm()).isEqualTo(1);
  }
}
