package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's uplink journal keeps exactly what is not yet committed. */
class UplinkJournalTest {
  @TempDir Path dir;

  @Test
  void whatIsNotCommittedIsLeftForTheNextRunInOrder() throws IOException {
    try (UplinkJournal journal = UplinkJournal.open(dir)) {
      for (int i = 0; i < 5; i++) {
        journal.append("cantho/v1/water/d-" + i + "/up", payload(i));
      }
      journal.committed(0);
      journal.committed(2); // out of order: 1 is still open, so nothing before it is forgotten
      assertThat(journal.uncommitted()).isEqualTo(3);
    }
    UplinkJournal again = UplinkJournal.open(dir);
    List<UplinkJournal.Entry> left = UplinkJournal.readAll(again.leftover());
    assertThat(left)
        .extracting(UplinkJournal.Entry::topic)
        .containsExactly(
            "cantho/v1/water/d-0/up",
            "cantho/v1/water/d-1/up",
            "cantho/v1/water/d-2/up",
            "cantho/v1/water/d-3/up",
            "cantho/v1/water/d-4/up");
    assertThat(new String(left.get(3).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":3}");
    // The next run writes after the leftover, never over it.
    again.append("cantho/v1/water/d-9/up", payload(9));
    again.close();
    assertThat(segments()).hasSize(2);
    assertThat(segments().get(0)).isEqualTo(again.leftover().get(0));
  }

  @Test
  void aSegmentGoesOnceEverythingInItIsCommitted() throws IOException {
    byte[] big = new byte[64 * 1024];
    int perSegment = (int) (UplinkJournal.SEGMENT_BYTES / big.length) + 1;
    try (UplinkJournal journal = UplinkJournal.open(dir)) {
      for (int i = 0; i < perSegment + 3; i++) {
        journal.append("cantho/v1/water/d/up", big);
      }
      assertThat(segments()).hasSize(2);
      for (long seq = perSegment - 1; seq >= 0; seq--) {
        journal.committed(seq);
      }
      assertThat(segments()).as("the full segment is deleted, the open one stays").hasSize(1);
      for (long seq = perSegment; seq < perSegment + 3; seq++) {
        journal.committed(seq);
      }
      assertThat(journal.uncommitted()).isZero();
    }
    assertThat(segments()).as("all committed: nothing left after a clean close").isEmpty();
  }

  @Test
  void aRecordTornByTheCrashEndsTheSegmentAndTheRestIsRead() throws IOException {
    try (UplinkJournal journal = UplinkJournal.open(dir)) {
      journal.append("cantho/v1/water/a/up", payload(1));
      journal.append("cantho/v1/water/b/up", payload(2));
    }
    Path segment = segments().get(0);
    byte[] whole = Files.readAllBytes(segment);
    // A third record cut short, as a write interrupted by the machine stopping would leave it.
    Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2}, StandardOpenOption.APPEND);
    assertThat(UplinkJournal.readAll(List.of(segment))).hasSize(2);
    // A flipped byte inside the second record: its checksum fails, the first is still read.
    whole[whole.length - 2] ^= 0x20;
    Files.write(segment, whole);
    assertThat(UplinkJournal.readAll(List.of(segment)))
        .extracting(UplinkJournal.Entry::topic)
        .containsExactly("cantho/v1/water/a/up");
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private static byte[] payload(int n) {
    return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
  }
}
