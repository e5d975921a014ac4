package vn.cantho.ioc.adapters.opcua;

import java.util.List;

/** What the OPC UA adapter connects to and which variables it turns into readings. */
public record OpcUaMapping(String endpointUrl, OpcUaSecurity security, List<NodeMapping> nodes) {
  public OpcUaMapping {
    nodes = List.copyOf(nodes);
  }
}
