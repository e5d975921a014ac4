package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.sim.RegistryFile;

/**
 * The benchmark's load generator (its own JVM, its pipelined MQTT publisher) against the real
 * embedded broker and node: what the broker acknowledged to it is exactly what the node stores, all
 * of it valid.
 */
class BenchLoadTest {
  private static final int DEVICES = 50;
  private static final int METRICS = 4;

  @Test
  void everyAcknowledgedPublishIsStoredAndNoneIsQuarantined() throws Exception {
    Path data = TestDirs.create("ioc-bench-load");
    Path registry = data.resolve("bench-devices.json");
    RegistryFile.write(registry, BenchCommand.benchDevices(DEVICES));
    try (DemoStack stack =
        DemoStack.start(
            data,
            "127.0.0.1",
            0,
            false,
            registry,
            (home, auth) -> EmbeddedBroker.start(home, DemoStack.freePort()))) {
      BenchLoad load = new BenchLoad(stack.mqttUri(), DEVICES, 2, METRICS);
      BenchLoad.Result run = load.run(2_000, 2);
      assertThat(run.published()).isPositive();
      assertThat(run.seconds()).isPositive();
      IocServer server = stack.server();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> server.ingestStats().stored() == run.published() * METRICS);
      assertThat(server.ingestStats().quarantined()).isZero();
    }
  }
}
