package vn.cantho.ioc.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.cantho.ioc.sim.opcua.StationDevices;

class OpcUaMappingReaderTest {
  @TempDir Path dir;

  @Test
  void readsTheDocumentedExample() throws Exception {
    Path file =
        write(
            """
            {
              "endpointUrl": "opc.tcp://127.0.0.1:4840/cantho-sim",
              "securityPolicy": "Basic256Sha256",
              "nodes": [
                {"nodeId": "nsu=urn:cantho:ioc:sim;s=station/cai-khe/level-inside",
                 "deviceId": "flood-cai-khe-01", "metric": "level_inside", "samplingIntervalMs": 1000},
                {"nodeId": "ns=2;s=station/cai-khe/pump-1",
                 "deviceId": "flood-cai-khe-01", "metric": "pump_1"}
              ]
            }
            """);

    OpcUaMapping mapping = OpcUaMappingReader.read(file);

    assertThat(mapping.endpointUrl()).isEqualTo("opc.tcp://127.0.0.1:4840/cantho-sim");
    assertThat(mapping.security()).isEqualTo(OpcUaSecurity.BASIC256SHA256);
    assertThat(mapping.nodes())
        .containsExactly(
            new NodeMapping(
                "nsu=urn:cantho:ioc:sim;s=station/cai-khe/level-inside",
                "flood-cai-khe-01",
                "level_inside",
                1000),
            new NodeMapping("ns=2;s=station/cai-khe/pump-1", "flood-cai-khe-01", "pump_1", 1000));
  }

  @Test
  void securityPolicyDefaultsToNone() throws Exception {
    Path file =
        write(
            """
            {"endpointUrl": "opc.tcp://h:4840", "nodes": [
              {"nodeId": "ns=2;s=a", "deviceId": "d", "metric": "m"}]}
            """);

    assertThat(OpcUaMappingReader.read(file).security()).isEqualTo(OpcUaSecurity.NONE);
  }

  @Test
  void badFilesSayWhereAndWhy() throws Exception {
    assertError("{\"endpointUrl\": \"opc.tcp://h:1\", \"nodes\": [", "not valid JSON");
    assertError("[]", "expected a JSON object");
    assertError("{\"nodes\": []}", "endpointUrl is missing");
    assertError(
        "{\"endpointUrl\": \"http://h:1\", \"nodes\": []}",
        "endpointUrl must start with opc.tcp://");
    assertError(
        "{\"endpointUrl\": \"opc.tcp://h:1\", \"securityPolicy\": \"Basic128\", \"nodes\": []}",
        "unknown securityPolicy \"Basic128\", expected one of None, Basic256Sha256");
    assertError("{\"endpointUrl\": \"opc.tcp://h:1\", \"nodes\": []}", "nodes must be a non-empty");
    assertError(
        "{\"endpointUrl\": \"opc.tcp://h:1\", \"nodes\": [{\"nodeId\": \"ns=2;s=a\", \"deviceId\": \"d\"}]}",
        "nodes[0].metric is missing");
    assertError(
        "{\"endpointUrl\": \"opc.tcp://h:1\", \"nodes\": [{\"nodeId\": \"pump one\", \"deviceId\": \"d\", \"metric\": \"m\"}]}",
        "nodes[0].nodeId \"pump one\" is not a NodeId");
    assertError(
        "{\"endpointUrl\": \"opc.tcp://h:1\", \"nodes\": [{\"nodeId\": \"ns=2;s=a\", \"deviceId\": \"d\", \"metric\": \"m\", \"samplingIntervalMs\": 0}]}",
        "nodes[0].samplingIntervalMs must be a whole number");
    assertError(
        "{\"endpointUrl\": \"opc.tcp://h:1\", \"nodes\": ["
            + "{\"nodeId\": \"ns=2;s=a\", \"deviceId\": \"d\", \"metric\": \"m\"},"
            + "{\"nodeId\": \"ns=2;s=a\", \"deviceId\": \"d\", \"metric\": \"n\"}]}",
        "nodes[1].nodeId \"ns=2;s=a\" is mapped twice");
  }

  @Test
  void readsTheCommandsSection() throws Exception {
    Path file =
        write(
            """
            {
              "endpointUrl": "opc.tcp://127.0.0.1:4840/cantho-sim",
              "nodes": [{"nodeId": "ns=2;s=a", "deviceId": "light-cab-nk-01", "metric": "state"}],
              "commands": [
                {"deviceId": "light-cab-nk-01", "action": "set",
                 "write": [
                   {"param": "state", "nodeId": "nsu=urn:cantho:ioc:sim;s=cabinet/ninh-kieu-01/switch",
                    "dataType": "Boolean"},
                   {"param": "dim", "nodeId": "nsu=urn:cantho:ioc:sim;s=cabinet/ninh-kieu-01/dim-level",
                    "dataType": "Double"}]},
                {"deviceId": "light-cab-nk-02", "action": "set",
                 "call": {"objectId": "ns=2;s=cabinet/nk-02", "methodId": "ns=2;s=cabinet/nk-02/set-light",
                          "inputs": [{"param": "state", "dataType": "Boolean"},
                                     {"param": "dim", "dataType": "Double"}]}}
              ]
            }
            """);

    OpcUaMapping mapping = OpcUaMappingReader.read(file);

    assertThat(mapping.commands())
        .containsExactly(
            new CommandMapping(
                "light-cab-nk-01",
                "set",
                List.of(
                    new CommandMapping.ParamWrite(
                        "state",
                        "nsu=urn:cantho:ioc:sim;s=cabinet/ninh-kieu-01/switch",
                        CommandDataType.BOOLEAN),
                    new CommandMapping.ParamWrite(
                        "dim",
                        "nsu=urn:cantho:ioc:sim;s=cabinet/ninh-kieu-01/dim-level",
                        CommandDataType.DOUBLE)),
                null),
            new CommandMapping(
                "light-cab-nk-02",
                "set",
                List.of(),
                new CommandMapping.MethodCall(
                    "ns=2;s=cabinet/nk-02",
                    "ns=2;s=cabinet/nk-02/set-light",
                    List.of(
                        new CommandMapping.MethodInput("state", CommandDataType.BOOLEAN),
                        new CommandMapping.MethodInput("dim", CommandDataType.DOUBLE)))));
  }

  @Test
  void readsTheSimulatorsMappingWithTheCabinetsSetCommand() throws Exception {
    Path file = dir.resolve("station-simulator.json");
    StationDevices.writeMapping(file, "opc.tcp://127.0.0.1:4840/cantho-sim", "Basic256Sha256");

    OpcUaMapping mapping = OpcUaMappingReader.read(file);

    assertThat(mapping.nodes()).hasSize(10);
    // The cabinet's set, and the pumping station's pump, gate and auto (docs/flood.md §4).
    assertThat(mapping.commands())
        .extracting(CommandMapping::deviceId, CommandMapping::action)
        .containsExactly(
            tuple(StationDevices.CABINET_ID, "set"),
            tuple(StationDevices.STATION_ID, "pump"),
            tuple(StationDevices.STATION_ID, "gate"),
            tuple(StationDevices.STATION_ID, "auto"));
    CommandMapping set = mapping.commands().get(0);
    assertThat(set.deviceId()).isEqualTo(StationDevices.CABINET_ID);
    assertThat(set.action()).isEqualTo("set");
    assertThat(set.writes())
        .extracting(CommandMapping.ParamWrite::param, CommandMapping.ParamWrite::dataType)
        .containsExactly(
            tuple("state", CommandDataType.BOOLEAN), tuple("dim", CommandDataType.DOUBLE));
  }

  @Test
  void commandsAreOptional() throws Exception {
    Path file =
        write(
            """
            {"endpointUrl": "opc.tcp://h:4840", "nodes": [
              {"nodeId": "ns=2;s=a", "deviceId": "d", "metric": "m"}]}
            """);

    assertThat(OpcUaMappingReader.read(file).commands()).isEmpty();
  }

  @Test
  void badCommandsSayWhereAndWhy() throws Exception {
    String head =
        "{\"endpointUrl\": \"opc.tcp://h:1\", \"nodes\": [{\"nodeId\": \"ns=2;s=a\","
            + " \"deviceId\": \"d\", \"metric\": \"m\"}], \"commands\": ";
    assertError(head + "{}}", "commands must be an array");
    assertError(head + "[{\"action\": \"set\"}]}", "commands[0].deviceId is missing");
    assertError(
        head + "[{\"deviceId\": \"d\", \"action\": \"set\"}]}",
        "commands[0]: needs exactly one of write (parameter → variable) and call (a method)");
    assertError(
        head + "[{\"deviceId\": \"d\", \"action\": \"set\", \"write\": []}]}",
        "commands[0].write must be a non-empty array");
    assertError(
        head
            + "[{\"deviceId\": \"d\", \"action\": \"set\", \"write\": [{\"param\": \"dim\","
            + " \"nodeId\": \"ns=2;s=dim\"}]}]}",
        "commands[0].write[0].dataType is missing");
    assertError(
        head
            + "[{\"deviceId\": \"d\", \"action\": \"set\", \"write\": [{\"param\": \"dim\","
            + " \"nodeId\": \"ns=2;s=dim\", \"dataType\": \"Real\"}]}]}",
        "commands[0].write[0].dataType: unknown dataType \"Real\", expected one of Boolean, Byte,");
    assertError(
        head
            + "[{\"deviceId\": \"d\", \"action\": \"set\", \"write\": [{\"param\": \"dim\","
            + " \"nodeId\": \"dim level\", \"dataType\": \"Double\"}]}]}",
        "commands[0].write[0].nodeId \"dim level\" is not a NodeId");
    assertError(
        head
            + "[{\"deviceId\": \"d\", \"action\": \"set\", \"call\": {\"objectId\": \"ns=2;s=o\"}}]}",
        "commands[0].call.methodId is missing");
    String write =
        "{\"deviceId\": \"d\", \"action\": \"set\", \"write\": [{\"param\": \"dim\","
            + " \"nodeId\": \"ns=2;s=dim\", \"dataType\": \"Double\"}]}";
    assertError(
        head + "[" + write + ", " + write + "]}",
        "commands[1]: action \"set\" of device \"d\" is mapped twice");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.json");

    assertThatThrownBy(() -> OpcUaMappingReader.read(missing))
        .isInstanceOf(OpcUaMappingReader.InvalidMappingException.class)
        .hasMessage(missing + ": file not found");
  }

  private void assertError(String json, String expected) throws Exception {
    Path file = write(json);
    assertThatThrownBy(() -> OpcUaMappingReader.read(file))
        .isInstanceOf(OpcUaMappingReader.InvalidMappingException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(expected);
  }

  private Path write(String json) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "mapping", ".json"), json);
  }
}
