package vn.cantho.ioc.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DatabaseConfig;
import vn.cantho.ioc.core.store.PartitionMaintainer;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.core.store.ReadingWriter;

@ExtendWith(PostgresExtension.class)
class ClusterNoticesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T01:00:00.123456Z");

  private static List<Reading> batch(int devices, int perDevice, Instant from) {
    List<Reading> all = new ArrayList<>();
    for (int i = 0; i < perDevice; i++) {
      for (int d = 0; d < devices; d++) {
        all.add(
            new Reading(
                "dev-" + d, "do", from.plusSeconds(i), i + d / 1000.0, Quality.GOOD, "mqtt"));
      }
    }
    return all;
  }

  @Test
  void aBatchBecomesTheNewestValuePerDeviceAndMetricInPayloadsUnderTheLimit() {
    List<String> payloads = ClusterNotices.encode("node-a", batch(2_000, 3, T0));
    List<Reading> back = new ArrayList<>();
    for (String p : payloads) {
      assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8_000);
      var notice = ClusterNotices.decodeReadings(p).orElseThrow();
      assertThat(notice.nodeId()).isEqualTo("node-a");
      back.addAll(notice.readings());
    }
    assertThat(back).hasSize(2_000); // one per device: the newest of its three
    assertThat(back.get(7))
        .isEqualTo(new Reading("dev-7", "do", T0.plusSeconds(2), 2.007, Quality.GOOD, "mqtt"));
  }

  @Test
  void onlyWhatCommitsIsHeardByTheOtherNodes(Database db, DatabaseConfig config) throws Exception {
    new PartitionMaintainer(db).maintain(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    List<Reading> heard = new CopyOnWriteArrayList<>();
    try (ClusterListener listener =
        new ClusterListener(
                config,
                "node-b",
                new ClusterListener.Handler() {
                  @Override
                  public void readings(ClusterNotices.ReadingsNotice notice) {
                    heard.addAll(notice.readings());
                  }

                  @Override
                  public void alert(ClusterNotices.AlertNotice notice) {}

                  @Override
                  public void device(ClusterNotices.DeviceNotice notice) {}
                })
            .start()) {
      await().atMost(Duration.ofSeconds(10)).until(listener::listening);
      ClusterNotices notices = new ClusterNotices("node-a");
      Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      // A transaction that rolls back announces nothing.
      try {
        db.runInTransaction(
            c -> {
              notices.readings(c, batch(3, 1, now.minusSeconds(60)));
              throw new SQLException("rolled back on purpose");
            });
      } catch (SQLException expected) {
        // as meant
      }
      new ReadingWriter(db, notices::readings).write(batch(5, 1, now));
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 5);
      assertThat(heard).allMatch(r -> r.ts().equals(now));
      // The node's own notices are not handed back to it.
      new ReadingWriter(db, new ClusterNotices("node-b")::readings)
          .write(batch(4, 1, now.plusSeconds(1)));
      new ReadingWriter(db, notices::readings).write(batch(1, 1, now.plusSeconds(2)));
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 6);
      assertThat(heard.get(5).ts()).isEqualTo(now.plusSeconds(2));
      assertThat(listener.dropped()).isZero();
    }
  }

  /** What a NOTIFY per batch costs the writer: printed, for docs/SCALING.md. */
  @Test
  void costOfAnnouncingABatch(Database db) throws Exception {
    new PartitionMaintainer(db).maintain(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    ClusterNotices notices = new ClusterNotices("node-a");
    Instant base =
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minusSeconds(7_200);
    long[] plain = new long[2];
    long[] announced = new long[2];
    for (int round = 0; round < 6; round++) {
      boolean warm = round >= 2;
      // 20,000 readings: the pipeline's largest batch (5,000 devices, 4 messages each).
      List<Reading> a = batch(5_000, 4, base.plusSeconds(10L * round));
      List<Reading> b = batch(5_000, 4, base.plusSeconds(10L * round + 5));
      long t0 = System.nanoTime();
      new ReadingWriter(db).write(a);
      long t1 = System.nanoTime();
      new ReadingWriter(db, notices::readings).write(b);
      long t2 = System.nanoTime();
      if (warm) {
        plain[0] += t1 - t0;
        plain[1]++;
        announced[0] += t2 - t1;
        announced[1]++;
      }
    }
    System.out.printf(
        "cluster notices: 20,000-reading batch written in %.1f ms plain, %.1f ms with NOTIFY%n",
        plain[0] / 1e6 / plain[1], announced[0] / 1e6 / announced[1]);
  }
}
