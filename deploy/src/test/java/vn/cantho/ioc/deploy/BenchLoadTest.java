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
 * of it valid, over two runs of one generator.
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
      IocServer server = stack.server();
      try (BenchLoad load = BenchLoad.start(stack.mqttUri(), DEVICES, 2, METRICS)) {
        // Two runs from one generator: the second on the connections the first opened.
        BenchLoad.Result first = load.run(2_000, 2);
        assertThat(first.published()).isPositive();
        assertThat(first.seconds()).isPositive();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> server.ingestStats().stored() == first.published() * METRICS);
        BenchLoad.Result second = load.run(4_000, 1);
        assertThat(second.published()).isPositive();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    server.ingestStats().stored()
                        == (first.published() + second.published()) * METRICS);
      }
      assertThat(server.ingestStats().quarantined()).isZero();
    }
  }
}
