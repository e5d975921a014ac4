package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

  @Test
  void parsesEveryOption() {
    SimulatorMain.Options options =
        SimulatorMain.Options.parse(
            "--broker",
            "tcp://localhost:1883",
            "--registry",
            "devices.json",
            "--generate",
            "--seed",
            "7",
            "--connections",
            "4",
            "--username",
            "sim");

    assertThat(options)
        .isEqualTo(
            new SimulatorMain.Options(
                "tcp://localhost:1883", Path.of("devices.json"), true, 7, 4, "sim"));
  }

  @Test
  void defaultsToSeed2026AndEightConnections() {
    SimulatorMain.Options options =
        SimulatorMain.Options.parse("--broker", "tcp://b:1883", "--registry", "r.json");

    assertThat(options.generate()).isFalse();
    assertThat(options.seed()).isEqualTo(2026);
    assertThat(options.connections()).isEqualTo(8);
    assertThat(options.username()).isNull();
  }

  @Test
  void rejectsAMissingBrokerOrValue() {
    assertThatThrownBy(() -> SimulatorMain.Options.parse("--registry", "r.json"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorMain.Options.parse("--broker"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorMain.Options.parse("--brokre", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
