package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ioc bench ingest --nodes 2 --kill-one}, small: two node processes through mosquitto, the
 * leader SIGKILLed a third of the way through the measured phase. Nothing the broker acknowledged
 * is lost or stored twice, the survivor leads and stands in for the dead node's session.
 */
class MultiNodeBenchTest {
  @Test
  void twoNodesLoseNothingWhenTheLeaderIsKilled() throws Exception {
    assertThat(MosquittoBroker.installed())
        .as("mosquitto not installed (apt-get install mosquitto)")
        .isTrue();
    Path data = TestDirs.create("ioc-bench-nodes-test");
    int port = DemoStack.freePort();
    try {
      Map<String, Object> result =
          new MultiNodeBench(new MultiNodeBench.Settings(2, true, 200, 2_000, 9, 3, 2))
              .run(data, (home, auth) -> MosquittoBroker.start(home, port));
      System.out.println("bench nodes test: " + result);
      assertThat(result)
          .containsEntry("nodes", 2)
          .containsEntry("lost", 0L)
          .containsEntry("duplicates", 0L)
          .containsEntry("killed_leader", true);
      assertThat((long) result.get("stored")).isPositive();
      assertThat((long) result.get("picked_up_ms")).isNotNegative();
      assertThat((double) result.get("cpu_us_per_reading")).isPositive();
    } finally {
      Folders.deleteTree(data);
    }
  }

  @Test
  void killingOneNeedsTwoNodes() {
    assertThatThrownBy(() -> new MultiNodeBench.Settings(1, true, 200, 2_000, 9, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--kill-one");
    assertThatThrownBy(() -> BenchCommand.run(java.util.List.of("ingest", "--kill-one")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--kill-one");
  }
}
