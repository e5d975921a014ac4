package vn.cantho.ioc.adapters.opcua;

import java.util.List;

/**
 * What the OPC UA adapter connects to, which variables it turns into readings and, optionally, how
 * commands to its devices become writes or method calls.
 */
public record OpcUaMapping(
    String endpointUrl,
    OpcUaSecurity security,
    List<NodeMapping> nodes,
    List<CommandMapping> commands) {
  public OpcUaMapping {
    nodes = List.copyOf(nodes);
    commands = List.copyOf(commands);
  }

  /** A mapping without commands: readings only. */
  public OpcUaMapping(String endpointUrl, OpcUaSecurity security, List<NodeMapping> nodes) {
    this(endpointUrl, security, nodes, List.of());
  }
}
