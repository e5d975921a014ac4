package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSyncProbeTest {
  @Test
  void timesRealSyncsAndLeavesNothingBehind(@TempDir Path folder) throws Exception {
    try (DiskSyncProbe probe = DiskSyncProbe.start(folder, Instant.now())) {
      assertThat(folder.resolve("disk-sync-probe.bin")).exists();
      await().atMost(Duration.ofSeconds(30)).until(() -> probe.percentilesMs(1.0)[0] >= 0);
      assertThat(probe.worstSeconds(3)).matches("\\[.+=\\d+ms.*]");
      double[] ms = probe.percentilesMs(0.5, 1.0);
      assertThat(ms[0]).isLessThanOrEqualTo(ms[1]);
    }
    try (var left = Files.list(folder)) {
      assertThat(left).isEmpty();
    }
  }
}
