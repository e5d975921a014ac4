package vn.cantho.ioc.sim.opcua;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.sim.SimDevice;

/**
 * The devices the station simulator stands for, as registry entries, and the OPC UA mapping file
 * that tells the platform which simulator variable is which device's metric. They carry {@code
 * "protocol": "opcua"} so the MQTT fleet leaves them alone.
 */
public final class StationDevices {
  public static final String PROTOCOL_ATTRIBUTE = "protocol";
  public static final String STATION_ID = "flood-cai-khe-01";
  public static final String CABINET_ID = "light-cab-nk-01";

  private static final Map<String, Object> OPC_UA = Map.of(PROTOCOL_ATTRIBUTE, "opcua");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Variable → (device, metric) of the mapping file. */
  private static final List<String[]> NODES =
      List.of(
          new String[] {StationNodes.LEVEL_INSIDE, STATION_ID, "level_inside"},
          new String[] {StationNodes.LEVEL_OUTSIDE, STATION_ID, "level_outside"},
          new String[] {StationNodes.PUMP_1, STATION_ID, "pump_1"},
          new String[] {StationNodes.PUMP_2, STATION_ID, "pump_2"},
          new String[] {StationNodes.PUMP_3, STATION_ID, "pump_3"},
          new String[] {StationNodes.GATE_POSITION, STATION_ID, "gate_position"},
          new String[] {StationNodes.CONTACTOR_ON, CABINET_ID, "state"},
          new String[] {StationNodes.TOTAL_POWER, CABINET_ID, "cabinet_power"},
          new String[] {StationNodes.VOLTAGE, CABINET_ID, "voltage"},
          new String[] {StationNodes.CURRENT, CABINET_ID, "current"});

  private StationDevices() {}

  /** Placed in Phường Cái Khế (on the Cái Khế canal) and Phường Ninh Kiều. */
  public static List<SimDevice> devices() {
    return List.of(
        new SimDevice(
            STATION_ID,
            "flood",
            "pumping_station",
            "Trạm bơm và cống Cái Khế",
            105.7796,
            10.0545,
            60,
            OPC_UA),
        new SimDevice(
            CABINET_ID,
            "lighting",
            "lighting_cabinet",
            "Tủ điều khiển chiếu sáng Ninh Kiều 01",
            105.7774,
            10.0331,
            60,
            OPC_UA));
  }

  /** A method-call command of {@code deviceId}; returns its {@code call} object. */
  private static ObjectNode call(
      ArrayNode commands, String deviceId, String action, String method) {
    return commands
        .addObject()
        .put("deviceId", deviceId)
        .put("action", action)
        .putObject("call")
        .put("objectId", StationNodes.expandedNodeId(StationNodes.STATION))
        .put("methodId", StationNodes.expandedNodeId(method));
  }

  public static boolean isOpcUa(SimDevice device) {
    return "opcua".equals(device.attributes().get(PROTOCOL_ATTRIBUTE));
  }

  /**
   * Writes the mapping file (docs/opcua.md) for a simulator at {@code endpointUrl}: its variables
   * as readings; the cabinet's {@code set} command as writes of Switch and DimLevel; the station's
   * {@code pump} (params {@code pump} 1–3, {@code on}) as a call of SetPump, {@code gate} (param
   * {@code position}, 0–100 %) as a write of GateSetpoint, and {@code auto} as a call of SetAuto.
   */
  public static void writeMapping(Path file, String endpointUrl, String securityPolicy)
      throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("endpointUrl", endpointUrl);
    root.put("securityPolicy", securityPolicy);
    ArrayNode nodes = root.putArray("nodes");
    for (String[] node : NODES) {
      nodes
          .addObject()
          .put("nodeId", StationNodes.expandedNodeId(node[0]))
          .put("deviceId", node[1])
          .put("metric", node[2])
          .put("samplingIntervalMs", 1000);
    }
    ArrayNode commands = root.putArray("commands");
    // The cabinet takes the lighting "set" command (docs/commands.md) as writes of its variables.
    ObjectNode set = commands.addObject().put("deviceId", CABINET_ID).put("action", "set");
    ArrayNode writes = set.putArray("write");
    writes
        .addObject()
        .put("param", "state")
        .put("nodeId", StationNodes.expandedNodeId(StationNodes.SWITCH))
        .put("dataType", "Boolean");
    writes
        .addObject()
        .put("param", "dim")
        .put("nodeId", StationNodes.expandedNodeId(StationNodes.DIM_LEVEL))
        .put("dataType", "Double");
    // The station: "pump" names the pump by a parameter, which a write cannot (its variable would
    // depend on the value), so it calls SetPump with the number as an argument.
    ArrayNode pumpInputs =
        call(commands, STATION_ID, "pump", StationNodes.SET_PUMP).putArray("inputs");
    pumpInputs.addObject().put("param", "pump").put("dataType", "Int32");
    pumpInputs.addObject().put("param", "on").put("dataType", "Boolean");
    ObjectNode gate = commands.addObject().put("deviceId", STATION_ID).put("action", "gate");
    gate.putArray("write")
        .addObject()
        .put("param", "position")
        .put("nodeId", StationNodes.expandedNodeId(StationNodes.GATE_SETPOINT))
        .put("dataType", "Double");
    call(commands, STATION_ID, "auto", StationNodes.SET_AUTO).putArray("inputs");
    Files.createDirectories(file.toAbsolutePath().getParent());
    MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }
}
