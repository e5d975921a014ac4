package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;
import vn.cantho.ioc.sim.SimDevice;

class DeviceCommandTest {
  @Test
  void registeringIssuesEachNewDeviceACredentialOnceAndRotatesOnRequest() throws Exception {
    Path data = TestDirs.create("ioc-device-cmd");
    Path file = data.resolve("devices.json");
    List<SimDevice> devices =
        new RegistryGenerator(DemoZones.load(), 5).generate(new FleetSize(2, 1, 0)).devices();
    RegistryFile.write(file, devices);
    String dataArg = data.toString();

    Map<String, String> first =
        secrets(DeviceCommand.execute(List.of("register", file.toString(), "--data", dataArg)));
    assertThat(first.keySet())
        .containsExactlyInAnyOrderElementsOf(devices.stream().map(SimDevice::id).toList());
    assertThat(
            secrets(DeviceCommand.execute(List.of("register", file.toString(), "--data", dataArg))))
        .as("a second registration leaves existing credentials alone")
        .isEmpty();
    Map<String, String> rotated =
        secrets(
            DeviceCommand.execute(
                List.of("register", file.toString(), "--rotate", "--data", dataArg)));
    assertThat(rotated.keySet()).isEqualTo(first.keySet());

    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
        Database database = Database.open(db.config(2))) {
      DeviceCredentials credentials = new DeviceCredentials(database);
      for (String id : first.keySet()) {
        assertThat(credentials.check(id, first.get(id))).as("old secret of " + id).isEmpty();
        assertThat(credentials.check(id, rotated.get(id))).as("new secret of " + id).isPresent();
      }
    }
  }

  private static Map<String, String> secrets(String output) {
    return output
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split(",", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p[1]));
  }
}
