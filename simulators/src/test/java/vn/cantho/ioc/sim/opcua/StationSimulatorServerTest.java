package vn.cantho.ioc.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationSimulatorServerTest {
  @TempDir Path pki;

  @Test
  void restartsOnTheSamePortWithTheSameCertificate() throws Exception {
    int port = freePort();
    byte[] firstKeyStore;
    try (StationSimulatorServer server =
        StationSimulatorServer.start(port, pki, Clock.systemUTC())) {
      assertThat(server.endpointUrl()).isEqualTo("opc.tcp://127.0.0.1:" + port + "/cantho-sim");
      assertThat(accepts(port)).isTrue();
      firstKeyStore = Files.readAllBytes(pki.resolve("station-simulator.pfx"));
    }
    // Netty releases the listening socket just after Milo's shutdown future completes.
    await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(port));

    try (StationSimulatorServer again =
        StationSimulatorServer.start(port, pki, Clock.systemUTC())) {
      assertThat(accepts(port)).isTrue();
      assertThat(Files.readAllBytes(pki.resolve("station-simulator.pfx"))).isEqualTo(firstKeyStore);
    }
  }

  private static boolean accepts(int port) {
    try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
