package vn.cantho.ioc.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
