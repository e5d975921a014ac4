package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.MutableClock;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

class DirtyMarksTest {
  private static final Instant NOW = Instant.parse("2026-12-07T03:07:30Z");

  private static Reading at(Instant ts) {
    return new Reading("d", "m", ts, 1, Quality.GOOD, "test");
  }

  @Test
  void aRecentBucketIsMarkedOnceThenTrustedUntilTheJobCouldTakeIt() {
    MutableClock clock = new MutableClock(NOW);
    DirtyMarks marks = new DirtyMarks(clock);
    List<Reading> batch = List.of(at(NOW.minusSeconds(20)), at(NOW.minusSeconds(10)));
    DirtyMarks.Marks first = marks.needed(batch, new int[] {7, 7});
    // Both readings fall in one bucket: one mark, at the bucket's start.
    assertThat(first.seriesIds()).containsExactly(7);
    assertThat(first.bucketStarts())
        .containsExactly(Instant.parse("2026-12-07T03:05:00Z").getEpochSecond());
    // Not committed yet: still needed.
    assertThat(marks.needed(batch, new int[] {7, 7}).seriesIds()).containsExactly(7);
    marks.committed(first);
    assertThat(marks.needed(batch, new int[] {7, 7}).seriesIds()).isEmpty();
    // Another series in the same bucket still needs its own.
    assertThat(marks.needed(batch, new int[] {8, 8}).seriesIds()).containsExactly(8);
    // Once the bucket began more than five minutes ago it is marked again, every time.
    clock.advance(Duration.ofMinutes(6));
    assertThat(marks.needed(batch, new int[] {7, 7}).seriesIds()).containsExactly(7);
  }

  @Test
  void oldBucketsAreAlwaysMarked() {
    DirtyMarks marks = new DirtyMarks(new MutableClock(NOW));
    List<Reading> late = List.of(at(NOW.minus(Duration.ofHours(3))));
    DirtyMarks.Marks m = marks.needed(late, new int[] {3});
    marks.committed(m);
    assertThat(marks.needed(late, new int[] {3}).seriesIds()).containsExactly(3);
  }

  @Test
  void marksComeInKeyOrderWhateverTheReadingsOrder() {
    DirtyMarks marks = new DirtyMarks(new MutableClock(NOW));
    Instant earlier = NOW.minus(Duration.ofMinutes(7));
    List<Reading> batch = List.of(at(NOW), at(earlier), at(NOW), at(earlier));
    // Two transactions locking the same marks in different orders could deadlock each other.
    DirtyMarks.Marks m = marks.needed(batch, new int[] {9, 9, 4, 4});
    assertThat(m.seriesIds()).containsExactly(4, 4, 9, 9);
    long bucketOfEarlier = Instant.parse("2026-12-07T03:00:00Z").getEpochSecond();
    long bucketOfNow = Instant.parse("2026-12-07T03:05:00Z").getEpochSecond();
    assertThat(m.bucketStarts())
        .containsExactly(bucketOfEarlier, bucketOfNow, bucketOfEarlier, bucketOfNow);
  }
}
