package vn.cantho.ioc.adapters.opcua;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;

/**
 * Reads an OPC UA mapping file (docs/opcua.md). Every problem is reported with the file and the
 * JSON path of the offending field, because the people editing these files are integrators, not
 * developers.
 */
public final class OpcUaMappingReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_SAMPLING_MS = 1000;
  private static final long MIN_SAMPLING_MS = 50;

  private OpcUaMappingReader() {}

  /**
   * @throws InvalidMappingException when the file is missing, not JSON, or breaks a rule
   */
  public static OpcUaMapping read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidMappingException(file + ": file not found");
    } catch (IOException e) {
      throw new InvalidMappingException(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  static OpcUaMapping parse(String where, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidMappingException(
          where + ": not valid JSON: " + e.getOriginalMessage() + locationOf(e));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidMappingException(where + ": expected a JSON object at the top");
    }
    String endpoint = text(where, root, "endpointUrl");
    if (!endpoint.startsWith("opc.tcp://")) {
      throw new InvalidMappingException(
          where + ": endpointUrl must start with opc.tcp://, got \"" + endpoint + "\"");
    }
    OpcUaSecurity security;
    try {
      security =
          OpcUaSecurity.fromFileName(
              root.hasNonNull("securityPolicy") ? root.get("securityPolicy").asText() : "None");
    } catch (IllegalArgumentException e) {
      throw new InvalidMappingException(where + ": " + e.getMessage());
    }
    JsonNode nodes = root.get("nodes");
    if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
      throw new InvalidMappingException(where + ": nodes must be a non-empty array");
    }
    List<NodeMapping> mappings = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeMapping node = node(where + ": nodes[" + i + "]", nodes.get(i));
      if (!seen.add(node.nodeId())) {
        throw new InvalidMappingException(
            where + ": nodes[" + i + "].nodeId \"" + node.nodeId() + "\" is mapped twice");
      }
      mappings.add(node);
    }
    return new OpcUaMapping(endpoint, security, mappings, commands(where, root.get("commands")));
  }

  /** The optional {@code commands} section: per device and action, writes or a method call. */
  private static List<CommandMapping> commands(String where, JsonNode commands) {
    if (commands == null || commands.isNull()) {
      return List.of();
    }
    if (!commands.isArray()) {
      throw new InvalidMappingException(where + ": commands must be an array");
    }
    List<CommandMapping> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < commands.size(); i++) {
      String at = where + ": commands[" + i + "]";
      CommandMapping command = command(at, commands.get(i));
      if (!seen.add(command.deviceId() + "\n" + command.action())) {
        throw new InvalidMappingException(
            at
                + ": action \""
                + command.action()
                + "\" of device \""
                + command.deviceId()
                + "\" is mapped twice");
      }
      result.add(command);
    }
    return result;
  }

  private static CommandMapping command(String where, JsonNode command) {
    if (!command.isObject()) {
      throw new InvalidMappingException(where + ": expected an object");
    }
    String deviceId = text(where, command, "deviceId");
    String action = text(where, command, "action");
    JsonNode write = command.get("write");
    JsonNode call = command.get("call");
    boolean hasWrite = write != null && !write.isNull();
    boolean hasCall = call != null && !call.isNull();
    if (hasWrite == hasCall) {
      throw new InvalidMappingException(
          where + ": needs exactly one of write (parameter → variable) and call (a method)");
    }
    if (hasCall) {
      return new CommandMapping(deviceId, action, List.of(), call(where + ".call", call));
    }
    if (!write.isArray() || write.isEmpty()) {
      throw new InvalidMappingException(where + ".write must be a non-empty array");
    }
    List<CommandMapping.ParamWrite> writes = new ArrayList<>();
    Set<String> params = new HashSet<>();
    for (int i = 0; i < write.size(); i++) {
      String at = where + ".write[" + i + "]";
      JsonNode w = write.get(i);
      if (!w.isObject()) {
        throw new InvalidMappingException(at + ": expected an object");
      }
      String param = text(at, w, "param");
      if (!params.add(param)) {
        throw new InvalidMappingException(at + ".param \"" + param + "\" is written twice");
      }
      writes.add(new CommandMapping.ParamWrite(param, nodeId(at, w, "nodeId"), dataType(at, w)));
    }
    return new CommandMapping(deviceId, action, writes, null);
  }

  private static CommandMapping.MethodCall call(String where, JsonNode call) {
    if (!call.isObject()) {
      throw new InvalidMappingException(where + " must be an object");
    }
    String objectId = nodeId(where, call, "objectId");
    String methodId = nodeId(where, call, "methodId");
    List<CommandMapping.MethodInput> inputs = new ArrayList<>();
    JsonNode in = call.get("inputs");
    if (in != null && !in.isNull()) {
      if (!in.isArray()) {
        throw new InvalidMappingException(where + ".inputs must be an array");
      }
      Set<String> params = new HashSet<>();
      for (int i = 0; i < in.size(); i++) {
        String at = where + ".inputs[" + i + "]";
        JsonNode input = in.get(i);
        if (!input.isObject()) {
          throw new InvalidMappingException(at + ": expected an object");
        }
        String param = text(at, input, "param");
        if (!params.add(param)) {
          throw new InvalidMappingException(at + ".param \"" + param + "\" is passed twice");
        }
        inputs.add(new CommandMapping.MethodInput(param, dataType(at, input)));
      }
    }
    return new CommandMapping.MethodCall(objectId, methodId, inputs);
  }

  private static CommandDataType dataType(String where, JsonNode parent) {
    try {
      return CommandDataType.fromFileName(text(where, parent, "dataType"));
    } catch (IllegalArgumentException e) {
      if (e instanceof InvalidMappingException) {
        throw e;
      }
      throw new InvalidMappingException(where + ".dataType: " + e.getMessage());
    }
  }

  private static String nodeId(String where, JsonNode parent, String field) {
    String nodeId = text(where, parent, field);
    try {
      ExpandedNodeId.parse(nodeId);
    } catch (UaRuntimeException e) {
      throw new InvalidMappingException(
          where
              + "."
              + field
              + " \""
              + nodeId
              + "\" is not a NodeId (e.g. nsu=urn:x;s=a/b or ns=2;s=a/b)");
    }
    return nodeId;
  }

  private static NodeMapping node(String where, JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidMappingException(where + ": expected an object");
    }
    String nodeId = text(where, node, "nodeId");
    try {
      ExpandedNodeId.parse(nodeId);
    } catch (UaRuntimeException e) {
      throw new InvalidMappingException(
          where
              + ".nodeId \""
              + nodeId
              + "\" is not a NodeId (e.g. nsu=urn:x;s=a/b or ns=2;s=a/b)");
    }
    long sampling = DEFAULT_SAMPLING_MS;
    JsonNode samplingNode = node.get("samplingIntervalMs");
    if (samplingNode != null && !samplingNode.isNull()) {
      if (!samplingNode.canConvertToLong() || samplingNode.asLong() < MIN_SAMPLING_MS) {
        throw new InvalidMappingException(
            where + ".samplingIntervalMs must be a whole number ≥ " + MIN_SAMPLING_MS);
      }
      sampling = samplingNode.asLong();
    }
    return new NodeMapping(
        nodeId, text(where, node, "deviceId"), text(where, node, "metric"), sampling);
  }

  private static String text(String where, JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidMappingException(
          where + (where.contains(": ") ? "." : ": ") + field + " is missing");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidMappingException(
          where + (where.contains(": ") ? "." : ": ") + field + " must be a non-empty string");
    }
    return value.asText();
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** A mapping file that cannot be used; the message says where and why. */
  public static final class InvalidMappingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidMappingException(String message) {
      super(message);
    }
  }
}
