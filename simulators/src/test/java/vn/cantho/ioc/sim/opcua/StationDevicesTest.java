package vn.cantho.ioc.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationDevicesTest {
  @TempDir Path dir;

  @Test
  void theMappingCommandsThePumpsTheGateAndAutomatic() throws Exception {
    Path file = dir.resolve("station-simulator.json");
    StationDevices.writeMapping(file, "opc.tcp://127.0.0.1:4840/cantho-sim", "None");

    JsonNode commands = new ObjectMapper().readTree(file.toFile()).get("commands");

    assertThat(commands).hasSize(4);
    assertThat(commands.get(0).get("deviceId").asText()).isEqualTo(StationDevices.CABINET_ID);
    JsonNode pump = commands.get(1);
    assertThat(pump.get("deviceId").asText()).isEqualTo(StationDevices.STATION_ID);
    assertThat(pump.get("action").asText()).isEqualTo("pump");
    assertThat(pump.at("/call/methodId").asText())
        .isEqualTo("nsu=urn:cantho:ioc:sim;s=station/cai-khe/set-pump");
    assertThat(pump.at("/call/objectId").asText())
        .isEqualTo("nsu=urn:cantho:ioc:sim;s=station/cai-khe");
    assertThat(pump.at("/call/inputs/0/param").asText()).isEqualTo("pump");
    assertThat(pump.at("/call/inputs/0/dataType").asText()).isEqualTo("Int32");
    assertThat(pump.at("/call/inputs/1/param").asText()).isEqualTo("on");
    assertThat(pump.at("/call/inputs/1/dataType").asText()).isEqualTo("Boolean");
    JsonNode gate = commands.get(2);
    assertThat(gate.get("action").asText()).isEqualTo("gate");
    assertThat(gate.at("/write/0/param").asText()).isEqualTo("position");
    assertThat(gate.at("/write/0/nodeId").asText())
        .isEqualTo("nsu=urn:cantho:ioc:sim;s=station/cai-khe/gate-setpoint");
    assertThat(gate.at("/write/0/dataType").asText()).isEqualTo("Double");
    JsonNode auto = commands.get(3);
    assertThat(auto.get("action").asText()).isEqualTo("auto");
    assertThat(auto.at("/call/methodId").asText())
        .isEqualTo("nsu=urn:cantho:ioc:sim;s=station/cai-khe/set-auto");
    assertThat(auto.at("/call/inputs")).isEmpty();
  }
}
