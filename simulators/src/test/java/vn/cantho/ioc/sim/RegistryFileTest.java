package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFileTest {
  private static final SimDevice SHRIMP_POND =
      new SimDevice(
          "wq-0001",
          "water",
          "shrimp_pond",
          "Ao tôm 0001 – Xã Thới Lai",
          105.5,
          10.0,
          15,
          Map.of());
  private static final SimDevice LAMP =
      new SimDevice(
          "sl-0001",
          "lighting",
          "led_streetlight",
          "Đèn đường 0001 – Phường Ninh Kiều",
          105.787654,
          10.034567,
          60,
          Map.of("ratedPowerW", 100));

  @TempDir Path dir;

  @Test
  void writesTheAgreedFormat() throws IOException {
    Path file = dir.resolve("registry.json");
    RegistryFile.write(
        file,
        new Registry(Instant.parse("2026-11-23T06:00:00Z"), 2026L, List.of(SHRIMP_POND, LAMP)));

    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"generatedAt\":\"2026-11-23T06:00:00Z\",\"seed\":2026,\"devices\":[\n"
                + " {\"id\":\"wq-0001\",\"domain\":\"water\",\"type\":\"shrimp_pond\","
                + "\"name\":\"Ao tôm 0001 – Xã Thới Lai\",\"lon\":105.5,\"lat\":10.0,"
                + "\"reportIntervalS\":15},\n"
                + " {\"id\":\"sl-0001\",\"domain\":\"lighting\",\"type\":\"led_streetlight\","
                + "\"name\":\"Đèn đường 0001 – Phường Ninh Kiều\",\"lon\":105.787654,"
                + "\"lat\":10.034567,\"reportIntervalS\":60,\"attributes\":{\"ratedPowerW\":100}}\n"
                + "]}\n");
  }

  @Test
  void readsBackWhatItWrote() throws IOException {
    Path file = dir.resolve("nested/dir/registry.json");
    Registry written =
        new Registry(Instant.parse("2026-11-23T06:00:00Z"), 2026L, List.of(SHRIMP_POND, LAMP));
    RegistryFile.write(file, written);

    assertThat(RegistryFile.readRegistry(file)).isEqualTo(written);
    assertThat(RegistryFile.read(file)).containsExactly(SHRIMP_POND, LAMP);
  }

  @Test
  void writesAPlainDeviceListWithATimestampAndNoSeed() throws IOException {
    Path file = dir.resolve("registry.json");
    RegistryFile.write(file, List.of(LAMP));

    Registry read = RegistryFile.readRegistry(file);
    assertThat(read.seed()).isNull();
    assertThat(read.generatedAt()).isNotNull();
    assertThat(read.devices()).containsExactly(LAMP);
  }

  @Test
  void ignoresFieldsItDoesNotKnow() throws IOException {
    Path file = dir.resolve("registry.json");
    Files.writeString(
        file,
        "{\"version\":3,\"devices\":[{\"id\":\"tf-0009\",\"domain\":\"traffic\","
            + "\"type\":\"loop_detector\",\"name\":\"x\",\"lon\":105.7,\"lat\":10.0,"
            + "\"reportIntervalS\":30,\"owner\":\"Sở GTVT\"}]}");

    List<SimDevice> devices = RegistryFile.read(file);

    assertThat(devices).extracting(SimDevice::id).containsExactly("tf-0009");
    assertThat(devices.get(0).attributes()).isEmpty();
  }

  @Test
  void rejectsAFileWithoutDevices() throws IOException {
    Path file = dir.resolve("registry.json");
    Files.writeString(file, "{\"zones\":[]}");

    assertThatThrownBy(() -> RegistryFile.read(file)).isInstanceOf(IOException.class);
  }
}
