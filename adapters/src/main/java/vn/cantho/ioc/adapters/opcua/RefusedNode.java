package vn.cantho.ioc.adapters.opcua;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mapped node the server would not monitor, with the reason: the status code name the server gave
 * (e.g. {@code Bad_NodeIdUnknown}), so an integrator can fix the mapping file.
 */
record RefusedNode(NodeMapping node, String reason) {
  /** A node in a namespace the server does not serve cannot exist there either. */
  static final String UNKNOWN_NAMESPACE = "Bad_NodeIdUnknown: namespace not served by this server";

  Map<String, Object> toDetails() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("nodeId", node.nodeId());
    details.put("deviceId", node.deviceId());
    details.put("metric", node.metric());
    details.put("reason", reason);
    return details;
  }
}
